package io.tradinggrid.bridge.deadletter;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/** One row of the dead-letter store. */
public record DeadLetter(long id, String status, String routeId, String endpoint, String targetSystem, String exceptionClass,
        String exceptionMessage, int attempts, String threadId, String messageKey, String headers, String body,
        Instant firstFailedAt, Instant lastFailedAt, String changedBy, Instant changedAt, String changeReason) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The endpoint the message entered the failing flow by, and is replayed through. */
    public String replayUri() {
        try {
            JsonNode node = MAPPER.readTree(headers == null ? "{}" : headers);
            String uri = node.path(ExchangeKeys.REPLAY_URI).asText(null);
            return uri == null || uri.isBlank() ? null : uri;
        } catch (Exception e) {
            return null;
        }
    }

    /** The work was done another way (a redelivery, the next poll, a later version): there is nothing left to replay. */
    public static final String SUPERSEDED = "superseded";

    /** One line for listings: id, status, when, route, thread, reason (for a superseded entry, what did the work). */
    public String summary() {
        return summaryLine(id, status, String.valueOf(lastFailedAt), routeId, threadId, listedReason());
    }

    /** What a listing says about the entry: why it failed, or for a superseded one what did its work. */
    public String listedReason() {
        return SUPERSEDED.equals(status) && changeReason != null ? changeReason : exceptionMessage;
    }

    /** The listing line of a dead letter, whether it was read from the store or from the admin API. */
    public static String summaryLine(long id, String status, String lastFailedAt, String routeId, String threadId, String reason) {
        String oneLine = reason == null ? "" : reason.replaceAll("\\s+", " ");
        return String.format("%6d  %-10s  %s  %-26s  %-12s  %s", id, status, lastFailedAt, routeId,
                threadId == null ? "-" : threadId, oneLine.length() > 100 ? oneLine.substring(0, 99) + "…" : oneLine);
    }
}
