package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Front door of community webhook deliveries: checks the signature over the raw body before anything is parsed,
 * then names the event (id, type, thread, whether the bridge caused it). A bad or stale signature gets 401 and
 * changes nothing; an unreadable event gets 400.
 */
public class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebhookSignature signature;
    private final String originSystem;
    private final WebhookHealthCheck health;

    public WebhookReceiver(WebhookSignature signature, String originSystem) {
        this(signature, originSystem, new WebhookHealthCheck(Integer.MAX_VALUE));
    }

    /** @param health told of every delivery refused or accepted on its signature */
    public WebhookReceiver(WebhookSignature signature, String originSystem, WebhookHealthCheck health) {
        this.signature = signature;
        this.originSystem = originSystem;
        this.health = health;
    }

    /**
     * One delivery as the community sent it, and what to answer.
     *
     * @param status      the HTTP status of the answer: 202 (kept for intake), or 401/400 for a refused delivery
     * @param problem     why it was refused, or null
     * @param threadId    the thread the event is about, or null
     * @param ownEvent    true when the bridge's own write caused the event
     */
    public record Delivery(int status, String problem, String eventId, String eventType, String communityId, String threadId,
            boolean ownEvent) {

        static Delivery refused(int status, String problem) {
            return new Delivery(status, problem, null, null, null, null, false);
        }

        public boolean accepted() {
            return status == 202;
        }

        /** The body of the answer to the community. */
        public String answer() {
            if (accepted()) {
                return "{\"received\":\"" + eventId.replace("\"", "'") + "\"}";
            }
            return "{\"message\":\"" + (status == 401 ? "Unauthorized" : "Bad request") + "\",\"exception\":\""
                    + problem.replace("\"", "'") + "\"}";
        }
    }

    /**
     * Checks and reads a delivery.
     *
     * @param raw             the body exactly as received (the signature is over these bytes)
     * @param signatureHeader the X-TG-Signature header
     * @param remote          the sender's address, for the log of a refusal
     */
    public Delivery accept(@Body byte[] raw, @Header("X-TG-Signature") String signatureHeader,
            @Header("CamelVertxPlatformHttpRemoteAddress") Object remote) {
        if (signature == null) {
            return Delivery.refused(401, "webhooks are not configured on this bridge (tgb.community.webhook-secret is empty)");
        }
        byte[] body = raw == null ? new byte[0] : raw;
        String problem = signature.problem(signatureHeader, body);
        if (problem != null) {
            LOG.warn("Refused a webhook delivery from {}: {}", remote, problem);
            health.unauthorized(problem);
            return Delivery.refused(401, problem);
        }
        health.authorized();
        JsonNode event;
        try {
            event = MAPPER.readTree(body);
        } catch (Exception e) {
            return Delivery.refused(400, "body is not JSON");
        }
        String id = event == null ? "" : event.path("id").asText("");
        if (id.isBlank()) {
            return Delivery.refused(400, "event has no id");
        }
        JsonNode data = event.path("data");
        return new Delivery(202, null, id, event.path("type").asText(), event.path("communityId").asText(null),
                data.path("threadId").asText(null), originSystem.equals(data.path("origin").path("system").asText()));
    }
}
