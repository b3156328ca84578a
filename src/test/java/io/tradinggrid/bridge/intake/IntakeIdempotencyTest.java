package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Exactly one record per thread however it arrives: twice by poll, by webhook and poll, through a 5xx after commit. */
class IntakeIdempotencyTest extends ForwardPathTestSupport {

    private static final String SUPPLIERS = "COM-BRW-SUPPLIERS";
    private static final String PARTNER = "PTR-100102";

    private String openThread(String category, String title, String body) {
        ObjectNode create = Json.object();
        create.put("title", title).put("body", body).put("category", category).put("priority", "NORMAL");
        create.putObject("references").put("invoice", "INV-77120").put("ediDocumentType", "810");
        ObjectNode thread = sandbox().community().openThreadAsPartner(SUPPLIERS, PARTNER, null, create,
                List.of(NewFile.text("remittance.csv", "invoice,amount\nINV-77120,1200.00\n")));
        return thread.path("id").asText();
    }

    private int incidentsFor(String threadId) {
        return clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).size();
    }

    @Test
    void should_create_one_record_when_the_same_thread_is_polled_twice() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        pollAll();
        assertThat(incidentsFor(threadId)).isEqualTo(1);
    }

    @Test
    void should_create_one_record_when_the_answer_to_the_create_is_lost_after_servicenow_committed() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorAfterCommitCount\":1,\"errorStatus\":502}");

        pollAll();

        assertThat(incidentsFor(threadId)).isEqualTo(1);
        assertThat(links().find(threadId)).isPresent();
        assertThat(deadLetters().countByStatus("new")).isZero();
        // the first POST was committed but answered 502; the retry found the record by correlation_id
        long posts = sandbox().serviceNow().journal().snapshot().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/api/now/table/incident")).count();
        assertThat(posts).as("one POST per seeded incident thread (two); the retry of the failed one found it and posted nothing")
                .isEqualTo(2);
    }

    @Test
    void should_create_one_record_per_thread_when_two_versions_of_it_arrive_at_once() throws Exception {
        // a slow look-up widens the window in which both versions would find no record and both create one
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"GET\",\"latencyMs\":300}");
        List<String> threadIds = new ArrayList<>();
        List<CompletableFuture<Exchange>> journeys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode create = Json.object();
            create.put("title", "Invoice INV-8812" + i + " rejected: VAT missing").put("body", "The VAT amount is missing on the 810.")
                    .put("category", "TRANSACTION_FAILURE").put("priority", "NORMAL");
            ObjectNode first = sandbox().community().openThreadAsPartner(SUPPLIERS, PARTNER, null, create, List.of());
            // the partner adds a post right after opening it: thread.created and post.created arrive together
            ObjectNode second = first.deepCopy().put("version", first.path("version").asLong() + 1);
            threadIds.add(first.path("id").asText());
            journeys.add(template.asyncSend("direct:intake-thread", e -> e.getIn().setBody(first.toString())));
            journeys.add(template.asyncSend("direct:intake-thread", e -> e.getIn().setBody(second.toString())));
        }
        for (CompletableFuture<Exchange> journey : journeys) {
            journey.get(2, TimeUnit.MINUTES);
        }

        for (String threadId : threadIds) {
            assertThat(incidentsFor(threadId)).as("incidents of %s", threadId).isEqualTo(1);
            assertThat(links().find(threadId)).as("link of %s", threadId).isPresent();
        }
        assertThat(deadLetters().countByStatus("new")).isZero();
    }

    @Test
    void should_take_in_a_thread_delivered_by_webhook_and_not_again_by_the_next_poll() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !sandbox().community().webhooks().subscriptions().isEmpty());

        String threadId = openThread("TRANSACTION_FAILURE", "Invoice INV-77120 rejected: VAT missing",
                "Your AP portal rejected invoice INV-77120 because the VAT amount is missing on the 810.");

        await().atMost(Duration.ofSeconds(20)).until(() -> links().find(threadId).isPresent());
        pollAll();
        assertThat(incidentsFor(threadId)).isEqualTo(1);
    }

    @Test
    void should_refuse_a_webhook_with_a_bad_signature_and_change_nothing() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = "{\"id\":\"evt-forged\",\"type\":\"thread.created\",\"occurredTime\":\"2026-11-21T09:00:00.000Z\","
                + "\"communityId\":\"" + SUPPLIERS + "\",\"data\":{\"threadId\":\"" + threadId + "\"}}";
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> forged = clients.post(webhookUrl(), body, "Content-Type", "application/json",
                "X-TG-Signature", new WebhookSignature("a-different-secret-0123456789").sign(now, body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> stale = clients.post(webhookUrl(), body, "Content-Type", "application/json",
                "X-TG-Signature", signature().sign(now - 301, body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> unsigned = clients.post(webhookUrl(), body, "Content-Type", "application/json");

        assertThat(List.of(forged.statusCode(), stale.statusCode(), unsigned.statusCode())).containsOnly(401);
        assertThat(stale.body()).contains("300 s");
        assertThat(links().find(threadId)).isEmpty();
        assertThat(incidentsFor(threadId)).isZero();
    }

    @Test
    void should_take_in_a_correctly_signed_event_once_even_when_delivered_twice() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = "{\"id\":\"evt-1\",\"type\":\"thread.updated\",\"occurredTime\":\"2026-11-21T09:00:00.000Z\","
                + "\"communityId\":\"" + SUPPLIERS + "\",\"data\":{\"threadId\":\"" + threadId + "\"}}";
        String header = signature().sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> first = clients.post(webhookUrl(), body, "Content-Type", "application/json", "X-TG-Signature", header);
        HttpResponse<String> again = clients.post(webhookUrl(), body, "Content-Type", "application/json", "X-TG-Signature", header);

        assertThat(first.statusCode()).as("kept for intake, which runs behind the answer").isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> links().find(threadId).isPresent());
        pollAll();
        assertThat(incidentsFor(threadId)).isEqualTo(1);
    }

    @Test
    void should_carry_a_partner_reply_on_a_linked_thread_to_the_record_once() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        sandbox().community().replyAsPartner(threadId, PARTNER, "CLARIFICATION",
                "The VAT registration number is DE811907980, we resent the 810 with a TXI segment.", List.of());

        pollAll();
        pollAll();

        JsonNode incident = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);
        JsonNode comments = clients.serviceNowRecords("sys_journal_field", "element_id=" + incident.path("sys_id").asText() + "^element=comments");
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).path("value").asText()).contains("DE811907980").contains("added a clarification");
        assertThat(clients.serviceNowRecords("sys_journal_field", "element_id=" + incident.path("sys_id").asText() + "^element=work_notes"))
                .as("the bridge's own note on creation").hasSize(1);
    }

    @Test
    void should_dead_letter_a_thread_without_required_fields_and_keep_taking_in_the_others() {
        template.sendBody("direct:intake-thread", "{\"id\":\"THR-BROKEN\",\"communityId\":\"" + SUPPLIERS + "\",\"title\":\"no version\"}");
        template.sendBody("direct:intake-thread", "{not json");
        pollAll();

        assertThat(deadLetters().countByStatus("new")).isEqualTo(2);
        assertThat(links().all()).hasSize(sandbox().seed().threads() - 1);
    }

    @Test
    void should_refuse_a_huge_webhook_body_unread_and_keep_taking_in_the_others() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        // 3 MB of event, above camel.server.max-body-size (1 MB); signed, so only its size is wrong
        String huge = "{\"id\":\"evt-huge\",\"type\":\"thread.updated\",\"communityId\":\"" + SUPPLIERS + "\",\"data\":{\"threadId\":\""
                + threadId + "\",\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
        String header = signature().sign(Instant.now().getEpochSecond(), huge.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> refused = clients.post(webhookUrl(), huge, "Content-Type", "application/json", "X-TG-Signature", header);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(incidentsFor(threadId)).isZero();
        pollAll();
        assertThat(links().all()).as("the poll takes every thread in, the one of the refused event too").hasSize(sandbox().seed().threads() - 1);
        assertThat(incidentsFor(threadId)).isEqualTo(1);
    }

    private String webhookUrl() {
        return "http://127.0.0.1:" + webhookPort() + "/webhooks/community";
    }

    private WebhookSignature signature() {
        return new WebhookSignature(sandbox().bridgeProperties().get("tgb.community.webhook-secret"));
    }
}
