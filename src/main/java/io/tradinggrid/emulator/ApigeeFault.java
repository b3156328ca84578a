package io.tradinggrid.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error body of the Apigee gateway in front of OpenText's APIs (Active Community and Workflow Service alike):
 * {@code {"fault":{"faultstring":..., "detail":{"errorcode":...}}}}. The gateway answers with it, not the service,
 * e.g. for a missing or expired token or a quota violation.
 */
public final class ApigeeFault {

    private ApigeeFault() {
    }

    public static ObjectNode body(String faultString, String errorCode) {
        ObjectNode body = Json.object();
        ObjectNode fault = body.putObject("fault");
        fault.put("faultstring", faultString);
        fault.putObject("detail").put("errorcode", errorCode);
        return body;
    }
}
