package io.tradinggrid.emulator.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest extends PartnerCommunityTestSupport {

    static final String SECRET = "whsec_0123456789abcdef";
    static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    record Received(String signature, String body, String attempt) {
        JsonNode json() {
            return Json.parse(body);
        }
    }

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void fresh() throws IOException {
        freshCommunity("COM-HOOKS");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-TG-Signature"), new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-TG-Delivery-Attempt")));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        receiver.start();
        ObjectNode settings = Json.object().put("initialBackoffMs", 50).put("maxAttempts", 4).put("outOfOrderWindowMs", 200);
        client.admin("PUT", "/webhooks", settings);
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private void subscribe(String... events) {
        ObjectNode s = Json.object().put("callbackUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks").put("secret", SECRET);
        var array = s.putArray("events");
        for (String e : events) {
            array.add(e);
        }
        assertThat(client.post("/subscriptions", s).status()).isEqualTo(201);
    }

    private String openThread(String title) {
        return openThread(title, "CLAIM");
    }

    @Test
    void should_sign_webhook_deliveries_with_hmac() {
        subscribe("thread.created");
        String threadId = openThread("Damage claim");

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        Received r = received.get(0);
        Matcher m = SIGNATURE.matcher(r.signature());
        assertThat(m.matches()).as(r.signature()).isTrue();
        long t = Long.parseLong(m.group(1));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
        assertThat(m.group(2)).isEqualTo(WebhookDispatcher.sign(SECRET, t, r.body()));
        assertThat(m.group(2)).isNotEqualTo(WebhookDispatcher.sign("another-secret-1234", t, r.body()));

        JsonNode event = r.json();
        assertThat(event.path("type").asText()).isEqualTo("thread.created");
        assertThat(event.path("communityId").asText()).isEqualTo(communityId);
        assertThat(event.path("data").path("threadId").asText()).isEqualTo(threadId);
        assertThat(event.path("id").asText()).startsWith("EVT-");
        assertThat(event.path("occurredTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void should_retry_deliveries_answered_with_500() {
        answers.add(500);
        answers.add(503);
        subscribe("thread.created");
        openThread("Shortage claim");

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        assertThat(received).extracting(r -> r.json().path("id").asText()).containsOnly(received.get(0).json().path("id").asText());
        assertThat(received).extracting(Received::attempt).containsExactly("1", "2", "3");
        await().atMost(Duration.ofSeconds(2)).until(() -> emulator.webhooks().pending() == 0);
    }

    @Test
    void should_retry_when_the_receiver_is_down_and_give_up_after_max_attempts() {
        receiver.stop(0);
        subscribe("thread.created");
        openThread("Nobody listens");

        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.webhooks().pending() == 0);
        List<WebhookDispatcher.Delivery> attempts = emulator.webhooks().deliveries();
        assertThat(attempts).hasSize(4);
        assertThat(attempts).allSatisfy(d -> assertThat(d.error()).isNotNull());
    }

    @Test
    void should_deliver_every_event_twice_when_duplicates_are_switched_on() {
        emulator.webhooks().setDuplicateDelivery(true);
        subscribe("post.created");
        String threadId = openThread("Pricing");
        client.post("/threads/" + threadId + "/posts", Json.object().put("body", "looking into it"));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
    }

    @Test
    void should_deliver_out_of_order_when_switched_on() {
        client.admin("PUT", "/webhooks", Json.object().put("outOfOrderDelivery", true));
        subscribe("thread.created");
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opened.add(openThread("thread " + i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        List<String> order = new ArrayList<>();
        received.forEach(r -> order.add(r.json().path("data").path("threadId").asText()));
        assertThat(order).containsExactlyInAnyOrderElementsOf(opened).isNotEqualTo(opened);
    }

    @Test
    void should_send_events_for_partner_actions_and_integration_writes_with_origin() {
        subscribe("thread.created", "thread.updated", "post.created", "attachment.added", "onboarding.submitted",
                "onboarding.updated", "compliance_document.submitted");
        String threadId = openThread("Claim with evidence");
        emulator.replyAsPartner(threadId, partnerId, "MESSAGE", "photo attached",
                List.of(NewFile.of("damage.png", "image/png", SampleFiles.damagePhoto(1))));
        ObjectNode patch = Json.object().put("status", "IN_PROGRESS");
        patch.putObject("origin").put("system", "bridge").put("ref", "servicenow:incident:1");
        client.patch("/threads/" + threadId, patch);
        String requestId = emulator.submitOnboardingRequest(communityId, Json.object().put("companyName", "Newco"), List.of())
                .path("id").asText();
        emulator.submitComplianceDocument(communityId, partnerId, Json.object().put("type", "INSURANCE").put("name", "COI"),
                NewFile.of("coi.pdf", "application/pdf", SampleFiles.pdf(List.of("COI"))));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 7);
        List<String> types = new ArrayList<>();
        received.forEach(r -> types.add(r.json().path("type").asText()));
        assertThat(types).contains("thread.created", "post.created", "attachment.added", "thread.updated",
                "onboarding.submitted", "compliance_document.submitted");
        JsonNode updated = received.stream().map(Received::json).filter(e -> e.path("type").asText().equals("thread.updated")).findFirst().orElseThrow();
        assertThat(updated.path("data").path("origin").path("system").asText()).isEqualTo("bridge");
        JsonNode partnerPost = received.stream().map(Received::json).filter(e -> e.path("type").asText().equals("post.created")).findFirst().orElseThrow();
        assertThat(partnerPost.path("data").has("origin")).isFalse();
        JsonNode onboarding = received.stream().map(Received::json).filter(e -> e.path("type").asText().equals("onboarding.submitted")).findFirst().orElseThrow();
        assertThat(onboarding.path("data").path("onboardingRequestId").asText()).isEqualTo(requestId);
    }

    @Test
    void should_only_send_the_subscribed_event_types() {
        subscribe("post.created");
        String threadId = openThread("No thread events please");
        emulator.replyAsPartner(threadId, partnerId, "MESSAGE", "reply", List.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(received.get(0).json().path("type").asText()).isEqualTo("post.created");
    }

    @Test
    void should_refuse_bad_subscriptions_with_400() {
        ObjectNode shortSecret = Json.object().put("callbackUrl", "http://127.0.0.1:1/x").put("secret", "short");
        shortSecret.putArray("events").add("thread.created");
        ObjectNode badEvent = Json.object().put("callbackUrl", "http://127.0.0.1:1/x").put("secret", SECRET);
        badEvent.putArray("events").add("thread.deleted");
        ObjectNode badUrl = Json.object().put("callbackUrl", "not a url").put("secret", SECRET);
        badUrl.putArray("events").add("thread.created");

        assertThat(client.post("/subscriptions", shortSecret).status()).isEqualTo(400);
        assertThat(client.post("/subscriptions", badEvent).status()).isEqualTo(400);
        assertThat(client.post("/subscriptions", badUrl).status()).isEqualTo(400);
    }
}
