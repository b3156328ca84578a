package io.tradinggrid.bridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.deadletter.SecretMasker;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/** How the admin API answers a failure: the HTTP status that fits it, and the reason as JSON with secrets masked. */
public class AdminErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public int status(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        if (failure instanceof AdminAccess.Denied) {
            return 401;
        }
        if (failure instanceof AdminAccess.Disabled) {
            return 503;
        }
        if (failure instanceof AdminApi.ReplayRefused) {
            return 422;
        }
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            return 400;
        }
        if (failure instanceof NoSuchElementException) {
            return 404;
        }
        return 500;
    }

    public String describe(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) throws Exception {
        String message = failure == null || failure.getMessage() == null ? "failed" : failure.getMessage();
        return MAPPER.writeValueAsString(Map.of("error", SecretMasker.mask(message)));
    }
}
