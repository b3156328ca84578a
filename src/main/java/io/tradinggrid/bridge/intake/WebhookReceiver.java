package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Front door of community webhook deliveries: checks the signature over the raw body before anything is parsed,
 * then names the event on the exchange (eventId, eventType, threadId, ownEvent). A bad or stale signature gets 401
 * and changes nothing.
 */
public class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebhookSignature signature;
    private final String originSystem;

    public WebhookReceiver(WebhookSignature signature, String originSystem) {
        this.signature = signature;
        this.originSystem = originSystem;
    }

    /**
     * Sets exchange property webhookAccepted: true when the delivery is authentic and readable; otherwise the
     * answer (401 or 400) is already on the message.
     */
    public void accept(Exchange exchange) {
        exchange.setProperty("webhookAccepted", check(exchange));
    }

    private boolean check(Exchange exchange) {
        if (signature == null) {
            refuse(exchange, 401, "webhooks are not configured on this bridge (tgb.community.webhook-secret is empty)");
            return false;
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        String problem = signature.problem(exchange.getMessage().getHeader("X-TG-Signature", String.class), raw == null ? new byte[0] : raw);
        if (problem != null) {
            LOG.warn("Refused a webhook delivery from {}: {}", exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress"), problem);
            refuse(exchange, 401, problem);
            return false;
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(raw);
        } catch (Exception e) {
            refuse(exchange, 400, "body is not JSON");
            return false;
        }
        String id = event.path("id").asText("");
        if (id.isBlank()) {
            refuse(exchange, 400, "event has no id");
            return false;
        }
        exchange.setProperty("eventId", id);
        exchange.setProperty("eventType", event.path("type").asText());
        exchange.setProperty("communityId", event.path("communityId").asText(null));
        JsonNode data = event.path("data");
        exchange.setProperty("threadId", data.path("threadId").asText(null));
        exchange.setProperty("ownEvent", originSystem.equals(data.path("origin").path("system").asText()));
        exchange.getMessage().setBody(event);
        return true;
    }

    private static void refuse(Exchange exchange, int status, String reason) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"message\":\"" + (status == 401 ? "Unauthorized" : "Bad request") + "\",\"exception\":\""
                + reason.replace("\"", "'") + "\"}");
    }
}
