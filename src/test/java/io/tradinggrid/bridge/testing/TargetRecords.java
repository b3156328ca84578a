package io.tradinggrid.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The records a bridge created for community threads in the target emulators of this JVM. This is how a test follows
 * a bridge process while it runs: the process's store is its own until it stops (see {@link BridgeProcess#count}).
 */
public final class TargetRecords {

    private static final String PREFIX = "activecommunity:";

    private TargetRecords() {
    }

    /** Correlation ids of the ServiceNow incidents opened for community threads, duplicates included. */
    public static List<String> incidents(ServiceNowEmulator serviceNow) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> incident : serviceNow.records("incident")) {
            String correlation = incident.get("correlation_id");
            if (correlation != null && correlation.startsWith(PREFIX)) {
                out.add(correlation);
            }
        }
        return out;
    }

    /** Business keys of the Workflow process instances started for community threads, duplicates included. */
    public static List<String> processInstances(WorkflowEmulator workflow) {
        JsonNode state;
        try {
            state = Json.MAPPER.readTree(URI.create(workflow.adminUrl() + "/state").toURL());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode instance : state.path("processInstances")) {
            String key = instance.path("businessKey").asText();
            if (key.startsWith(PREFIX)) {
                out.add(key);
            }
        }
        return out;
    }

    /** How many community threads have their record, in either system. */
    public static int threadsWithRecord(ServiceNowEmulator serviceNow, WorkflowEmulator workflow) {
        return new HashSet<>(incidents(serviceNow)).size() + new HashSet<>(processInstances(workflow)).size();
    }
}
