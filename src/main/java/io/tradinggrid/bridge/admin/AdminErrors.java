package io.tradinggrid.bridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.deadletter.SecretMasker;
import java.util.Map;
import org.apache.camel.Exchange;

/** The JSON body of an admin API failure: the reason, with secrets masked. */
public class AdminErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String describe(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = failure == null || failure.getMessage() == null ? "failed" : failure.getMessage();
        if (failure instanceof AdminAccess.Denied) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"tradinggrid-bridge admin\"");
        }
        return MAPPER.writeValueAsString(Map.of("error", SecretMasker.mask(message)));
    }
}
