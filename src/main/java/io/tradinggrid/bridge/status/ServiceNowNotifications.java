package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import io.tradinggrid.bridge.flow.CredentialsInUrl;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiver of ServiceNow's outbound notifications (a business rule posting {table, sys_id, ...} after a change).
 * A notification only says "this record changed": the record is read again and handled like a polled one, so lost,
 * repeated or reordered notifications do no harm (the poll still runs as the safety net). The business rule
 * authenticates with a shared token in a header: {@code Authorization: Bearer <token>}, what a RESTMessageV2 with a
 * credential sends, or {@code X-TGB-Token}. A token in the URL is refused even when it is right, since URLs end up in
 * proxy and access logs.
 */
public class ServiceNowNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowNotifications.class);
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

    /**
     * Checks the token and the notification's record.
     *
     * @param rawQuery platform-http also turns query parameters into headers: a request with a credential in its URL is
     *                 refused before any header is read, so {@code ?X-TGB-Token=...} cannot pass for the header
     */
    public Notification check(@Header("Authorization") String authorization, @Header("X-TGB-Token") String headerToken,
            @Header(Exchange.HTTP_RAW_QUERY) String rawQuery, @Body String body) {
        String inUrl = CredentialsInUrl.parameterName(rawQuery);
        if (inUrl != null) {
            // the parameter's name only: its value is the secret the URL already leaked
            LOG.warn("ServiceNow notification refused: a credential in the URL (query parameter '{}'); the business rule must send "
                    + "it in the Authorization header, and the token should be changed since URLs end up in logs", inUrl);
            return Notification.refused(400, "tokens are accepted only in the Authorization header (Bearer) or X-TGB-Token, never in the URL");
        }
        String given = bearer(authorization);
        if (given == null) {
            given = headerToken;
        }
        if (token == null || given == null || !MessageDigest.isEqual(token, given.trim().getBytes(StandardCharsets.UTF_8))) {
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

    private static String bearer(String authorization) {
        String value = authorization == null ? null : authorization.trim();
        return value != null && value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
    }
}
