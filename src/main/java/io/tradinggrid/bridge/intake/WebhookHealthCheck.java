package io.tradinggrid.bridge.intake;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries refused as unauthorized, one after another, mean the community signs with a secret the bridge
 * does not have (typically a rotated secret whose subscription was not replaced): every event is then lost to the
 * webhook until the next poll. Past a threshold this is logged loudly and /observe/health reports the webhook DOWN;
 * the next accepted delivery brings it back UP.
 */
public class WebhookHealthCheck extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHealthCheck.class);

    private final int threshold;
    private final AtomicInteger refusedInARow = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /** @param threshold unauthorized deliveries in a row after which the webhook is reported down */
    public WebhookHealthCheck(int threshold) {
        super("bridge", "community-webhook");
        this.threshold = Math.max(1, threshold);
    }

    /** A delivery refused for its signature (401). */
    public void unauthorized(String problem) {
        refused.incrementAndGet();
        int count = refusedInARow.incrementAndGet();
        if (count >= threshold && (count == threshold || count % threshold == 0)) {
            LOG.error("{} webhook deliveries in a row refused as unauthorized (last: {}); the community signs with a secret"
                    + " this bridge does not have (a rotated tgb.community.webhook-secret?): webhook events are lost until"
                    + " the subscription is renewed (the bridge re-subscribes at start-up when its secret changed)", count, problem);
        }
    }

    /** A delivery whose signature held. */
    public void authorized() {
        int before = refusedInARow.getAndSet(0);
        if (before >= threshold) {
            LOG.info("Webhook deliveries are accepted again after {} unauthorized ones", before);
        }
    }

    /** Deliveries refused as unauthorized since start (the metric tgb_webhook_unauthorized_total). */
    public long unauthorizedTotal() {
        return refused.get();
    }

    public int unauthorizedInARow() {
        return refusedInARow.get();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int count = refusedInARow.get();
        builder.detail("unauthorized.in.a.row", count);
        if (count >= threshold) {
            builder.message(count + " webhook deliveries in a row refused as unauthorized: the webhook secret of the"
                    + " community's subscription is not this bridge's").down();
        } else {
            builder.up();
        }
    }
}
