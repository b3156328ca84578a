package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.exchange.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * First step of every thread's journey: reads the thread, checks it has what the bridge needs, and names it on the
 * exchange (threadId, communityId, intakeKey, ...) so that logs, the idempotent consumer and the dead-letter store
 * can refer to it. The untouched thread is kept as the original message for the dead-letter store.
 */
public class ThreadIntake {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String originSystem;
    private final java.util.Set<String> openStatuses;

    /** @param openStatuses statuses of threads that may open a new record (a CLOSED thread never does) */
    public ThreadIntake(String originSystem, java.util.Set<String> openStatuses) {
        this.originSystem = originSystem;
        this.openStatuses = openStatuses;
    }

    public void describe(Exchange exchange) throws Exception {
        exchange.setProperty("intakeStarted", System.nanoTime());
        Object body = exchange.getMessage().getBody();
        JsonNode thread;
        if (body instanceof JsonNode node) {
            thread = node;
        } else if (body instanceof Map<?, ?> map) {
            thread = MAPPER.valueToTree(map);
        } else {
            String text = exchange.getMessage().getBody(String.class);
            exchange.setProperty(ExchangeKeys.ORIGINAL, text);
            thread = MAPPER.readTree(text == null ? "" : text);
        }
        if (exchange.getProperty(ExchangeKeys.ORIGINAL) == null) {
            exchange.setProperty(ExchangeKeys.ORIGINAL, thread.toString());
        }
        String id = required(thread, "id");
        exchange.setProperty("threadId", id);
        String communityId = required(thread, "communityId");
        long version = thread.path("version").asLong(-1);
        if (version < 0) {
            throw new InvalidThreadException("thread " + id + " has no version");
        }
        required(thread, "title");
        exchange.setProperty("communityId", communityId);
        exchange.setProperty("threadVersion", version);
        exchange.setProperty("intakeKey", id + ":v" + version);
        exchange.setProperty("partnerId", thread.path("partner").path("id").asText(null));
        exchange.setProperty("ownThread", originSystem.equals(thread.path("origin").path("system").asText())
                && "MACHINE".equals(thread.path("createdBy").path("kind").asText()));
        exchange.setProperty("threadStatus", thread.path("status").asText());
        exchange.setProperty("mayOpenRecord", openStatuses.contains(thread.path("status").asText()));
        exchange.getMessage().setBody(thread);
    }

    private static String required(JsonNode thread, String field) {
        JsonNode value = thread.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            String id = thread.path("id").asText("(no id)");
            throw new InvalidThreadException("thread " + id + " has no " + field);
        }
        return value.asText();
    }

    /** The thread is unusable as it is: no retry will help, it goes straight to the dead-letter store. */
    public static class InvalidThreadException extends IllegalArgumentException {
        public InvalidThreadException(String message) {
            super(message);
        }
    }
}
