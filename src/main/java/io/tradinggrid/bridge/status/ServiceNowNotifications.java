package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Receiver of ServiceNow's outbound notifications (a business rule posting {table, sys_id, ...} after a change).
 * A notification only says "this record changed": the record is read again and handled like a polled one, so lost,
 * repeated or reordered notifications do no harm (the poll still runs as the safety net). The business rule
 * authenticates with a shared token, in the X-TGB-Token header or a token query parameter.
 */
public class ServiceNowNotifications {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TABLES = Set.of("incident", "sn_customerservice_case", "sc_task");

    /**
     * What the receiver makes of a notification: the record to read again when accepted, and the answer to give.
     *
     * @param status HTTP status of the answer: 200, or 401/400 when refused
     * @param answer the JSON answer
     */
    public record Notification(int status, String answer, String table, String sysId) {

        public boolean accepted() {
            return status == 200;
        }

        static Notification refused(int status, String reason) {
            return new Notification(status, "{\"error\":{\"message\":\"" + reason + "\"},\"status\":\"failure\"}", null, null);
        }
    }

    private final byte[] token;

    public ServiceNowNotifications(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the token and the notification's record. */
    public Notification check(@Header("X-TGB-Token") String headerToken, @Header("token") String queryToken, @Body String body) {
        String given = headerToken != null ? headerToken : queryToken;
        if (token == null || given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            return Notification.refused(401, token == null ? "notifications are not configured (tgb.servicenow.notification-token is empty)" : "bad token");
        }
        JsonNode notification;
        try {
            notification = MAPPER.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return Notification.refused(400, "body is not JSON");
        }
        String table = notification == null ? "" : notification.path("table").asText();
        String sysId = notification == null ? "" : notification.path("sys_id").asText();
        if (!TABLES.contains(table) || !sysId.matches("[0-9a-f]{32}")) {
            return Notification.refused(400, "expected {table: incident|sn_customerservice_case|sc_task, sys_id}");
        }
        return new Notification(200, "{\"result\":\"received\"}", table, sysId);
    }
}
