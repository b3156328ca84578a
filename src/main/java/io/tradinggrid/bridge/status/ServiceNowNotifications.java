package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Receiver of ServiceNow's outbound notifications (a business rule posting {table, sys_id, ...} after a change).
 * A notification only says "this record changed": the record is read again and handled like a polled one, so lost,
 * repeated or reordered notifications do no harm (the poll still runs as the safety net). The business rule
 * authenticates with a shared token, in the X-TGB-Token header or a token query parameter.
 */
public class ServiceNowNotifications {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TABLES = Set.of("incident", "sn_customerservice_case", "sc_task");

    private final byte[] token;

    public ServiceNowNotifications(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Sets notificationAccepted; otherwise the answer (401 or 400) is on the message. */
    public void accept(Exchange exchange) {
        String given = exchange.getMessage().getHeader("X-TGB-Token", String.class);
        if (given == null) {
            given = exchange.getMessage().getHeader("token", String.class);
        }
        if (token == null || given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            refuse(exchange, 401, token == null ? "notifications are not configured (tgb.servicenow.notification-token is empty)" : "bad token");
            return;
        }
        JsonNode notification;
        try {
            notification = MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            refuse(exchange, 400, "body is not JSON");
            return;
        }
        String table = notification.path("table").asText();
        String sysId = notification.path("sys_id").asText();
        if (!TABLES.contains(table) || !sysId.matches("[0-9a-f]{32}")) {
            refuse(exchange, 400, "expected {table: incident|sn_customerservice_case|sc_task, sys_id}");
            return;
        }
        exchange.setProperty("notificationAccepted", true);
        exchange.setProperty("statusTable", table);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + table + "/" + sysId);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_exclude_reference_link=true");
    }

    private static void refuse(Exchange exchange, int status, String reason) {
        exchange.setProperty("notificationAccepted", false);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"error\":{\"message\":\"" + reason + "\"},\"status\":\"failure\"}");
    }
}
