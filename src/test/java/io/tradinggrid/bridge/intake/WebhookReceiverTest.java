package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private static final String SECRET = "0123456789abcdef0123";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);
    private final WebhookSignature signature = new WebhookSignature(SECRET, clock);
    private final WebhookReceiver receiver = new WebhookReceiver(signature, "tradinggrid-bridge");
    private final long now = clock.instant().getEpochSecond();

    private WebhookReceiver.Delivery deliver(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return receiver.accept(raw, signature.sign(now, raw), "10.0.0.1");
    }

    @Test
    void should_name_the_event_and_its_thread_of_a_signed_delivery() {
        WebhookReceiver.Delivery delivery = deliver(
                "{\"id\":\"evt-1\",\"type\":\"post.created\",\"communityId\":\"C1\",\"data\":{\"threadId\":\"THR-1\",\"origin\":{\"system\":\"erp\"}}}");

        assertThat(delivery.accepted()).isTrue();
        assertThat(delivery.status()).isEqualTo(202);
        assertThat(delivery.eventId()).isEqualTo("evt-1");
        assertThat(delivery.eventType()).isEqualTo("post.created");
        assertThat(delivery.communityId()).isEqualTo("C1");
        assertThat(delivery.threadId()).isEqualTo("THR-1");
        assertThat(delivery.ownEvent()).isFalse();
        assertThat(delivery.answer()).isEqualTo("{\"received\":\"evt-1\"}");
    }

    @Test
    void should_mark_an_event_the_bridge_caused_as_its_own() {
        WebhookReceiver.Delivery delivery = deliver("{\"id\":\"evt-2\",\"data\":{\"threadId\":\"THR-1\",\"origin\":{\"system\":\"tradinggrid-bridge\"}}}");
        assertThat(delivery.ownEvent()).isTrue();
    }

    @Test
    void should_leave_the_thread_empty_for_an_event_about_something_else() {
        assertThat(deliver("{\"id\":\"evt-3\",\"type\":\"onboarding.submitted\",\"data\":{}}").threadId()).isNull();
    }

    @Test
    void should_refuse_a_forged_signature_with_401_and_the_reason() {
        byte[] raw = "{\"id\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8);
        String forged = new WebhookSignature("a-different-secret-0123456789", clock).sign(now, raw);

        WebhookReceiver.Delivery delivery = receiver.accept(raw, forged, null);

        assertThat(delivery.accepted()).isFalse();
        assertThat(delivery.status()).isEqualTo(401);
        assertThat(delivery.answer()).isEqualTo("{\"message\":\"Unauthorized\",\"exception\":\"signature does not match the body\"}");
    }

    @Test
    void should_refuse_an_unsigned_delivery_with_401() {
        assertThat(receiver.accept("{\"id\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8), null, null).status()).isEqualTo(401);
    }

    @Test
    void should_refuse_every_delivery_with_401_when_no_secret_is_configured() {
        WebhookReceiver.Delivery delivery = new WebhookReceiver(null, "tradinggrid-bridge").accept(new byte[0], "t=1,v1=00", null);
        assertThat(delivery.status()).isEqualTo(401);
        assertThat(delivery.problem()).contains("tgb.community.webhook-secret");
    }

    @Test
    void should_refuse_a_signed_body_that_is_not_json_or_has_no_event_id_with_400() {
        WebhookReceiver.Delivery notJson = deliver("{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.answer()).contains("Bad request").contains("body is not JSON");
        assertThat(deliver("{\"type\":\"thread.updated\"}").problem()).isEqualTo("event has no id");
        assertThat(deliver("").status()).isEqualTo(400);
    }
}
