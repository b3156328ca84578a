package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.text.PartnerInput;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;

/**
 * First step of every thread's journey: reads the thread and checks it has what the bridge needs. The route names
 * the journey after the result (threadId, intakeKey), so that logs, the idempotent consumer and the dead-letter store
 * can refer to it.
 */
public class ThreadIntake {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String originSystem;
    private final Set<String> openStatuses;

    /** @param openStatuses statuses of threads that may open a new record (a CLOSED thread never does) */
    public ThreadIntake(String originSystem, Set<String> openStatuses) {
        this.originSystem = originSystem;
        this.openStatuses = openStatuses;
    }

    /**
     * Reads the thread (JSON text from a webhook or a replay, a parsed node from a poll) and checks it has what the
     * bridge needs; a thread that does not is refused with {@link InvalidThreadException}.
     */
    public IncomingThread describe(@Body Object body) throws JsonProcessingException {
        JsonNode thread;
        if (body instanceof JsonNode node) {
            thread = node;
        } else if (body instanceof Map<?, ?> map) {
            thread = MAPPER.valueToTree(map);
        } else {
            String text = body == null ? "" : body.toString();
            thread = MAPPER.readTree(text);
        }
        if (thread == null || !thread.isObject()) {
            throw new InvalidThreadException("not a thread: " + (thread == null ? "empty message" : thread.getNodeType()));
        }
        String id = required(thread, "id");
        String communityId = required(thread, "communityId");
        long version = thread.path("version").asLong(-1);
        if (version < 0) {
            throw new InvalidThreadException("thread " + id + " has no version");
        }
        required(thread, "title");
        String status = thread.path("status").asText();
        boolean own = originSystem.equals(thread.path("origin").path("system").asText())
                && "MACHINE".equals(thread.path("createdBy").path("kind").asText());
        // from here on the journey works with the partner's texts made plain: the one boundary where they come in
        return new IncomingThread(PartnerInput.thread(thread), id, communityId, version, thread.path("partner").path("id").asText(null), status, own,
                openStatuses.contains(status));
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
