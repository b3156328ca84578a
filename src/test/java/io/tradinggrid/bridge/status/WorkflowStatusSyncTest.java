package io.tradinggrid.bridge.status;

import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** W2, W6, W7, W8 back to the partner: operators complete tasks in the Workflow Service, the partner sees each step. */
class WorkflowStatusSyncTest extends ForwardPathTestSupport {

    private String processOf(String threadId) {
        return clients.processByBusinessKey("activecommunity:" + threadId).path("id").asText();
    }

    /** One poll, as the schedule runs it. */
    private void syncWorkflow() {
        template.sendBody("direct:workflow-status-poll", null);
    }

    private String note(String threadId) {
        return clients.thread(threadId).path("statusNote").asText();
    }

    @Test
    void should_reflect_each_claim_stage_in_the_thread_until_settlement() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        String process = processOf(threadId);

        syncWorkflow();
        assertThat(note(threadId)).startsWith("Claim stage 1 of 5 - intake");

        clients.completeTask(clients.openTask(process, "intake"), null, null);
        syncWorkflow();
        assertThat(note(threadId)).startsWith("Claim stage 2 of 5 - validation");

        clients.completeTask(clients.openTask(process, "validation"), "valid", null);
        syncWorkflow();
        assertThat(note(threadId)).startsWith("Claim stage 3 of 5 - investigation");

        clients.completeTask(clients.openTask(process, "investigation"), null, null);
        syncWorkflow();
        assertThat(note(threadId)).startsWith("Claim stage 4 of 5 - approval");

        clients.completeTask(clients.openTask(process, "approval"), "approved", null);
        syncWorkflow();
        assertThat(note(threadId)).startsWith("Claim stage 5 of 5 - settlement");

        clients.completeTask(clients.openTask(process, "settlement"), null, null);
        syncWorkflow();
        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(thread.path("statusNote").asText()).isEqualTo("Claim settled.");
    }

    @Test
    void should_show_a_process_resumed_from_the_store_as_text_like_a_polled_one() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);

        // waiting work and dead letters keep a walk's item as text, and hand it back as text when they resume it
        template.sendBody("direct:workflow-process-status", process.toString());

        assertThat(note(threadId)).startsWith("Claim stage 1 of 5 - intake");
        assertThat(deadLetters().countByStatus("new") + deadLetters().countByStatus("waiting")).isZero();
    }

    @Test
    void should_post_a_document_rejection_reason_meant_for_the_partner_and_keep_internal_comments_internal() {
        String threadId = sandbox().threadId("W2-contract-amendment");
        pollAll();
        String process = processOf(threadId);
        clients.commentOnProcess(process, "Legal says the indemnity clause is a deal breaker - do not tell them.");
        clients.commentOnProcess(process, "To partner: page 4 (signatures) is missing from the amendment; please upload the full signed copy.");

        clients.completeTask(clients.openTask(process, "reviewDocument"), "rejected", null);
        syncWorkflow();

        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(thread.path("statusNote").asText()).isEqualTo("Not approved: Document Review explains why in this thread.");
        assertThat(clients.bridgePosts(threadId)).anySatisfy(body -> assertThat(body).contains("page 4 (signatures) is missing"));
        assertThat(clients.posts(threadId).toString()).doesNotContain("deal breaker");
    }

    @Test
    void should_ask_for_follow_up_actions_when_the_review_needs_them() {
        String threadId = sandbox().threadId("W2-contract-amendment");
        pollAll();
        String process = processOf(threadId);

        clients.completeTask(clients.openTask(process, "reviewDocument"), "followUp",
                "[{\"name\":\"followUpActions\",\"value\":\"Add the 2027 price schedule as exhibit B.\"}]");
        syncWorkflow();

        assertThat(clients.thread(threadId).path("status").asText()).isEqualTo("AWAITING_PARTNER");
        assertThat(note(threadId)).isEqualTo("Follow-up needed: Add the 2027 price schedule as exhibit B.");
    }

    @Test
    void should_share_a_revised_schedule_attached_for_the_partner_once() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        String process = processOf(threadId);
        clients.attachToTask(clients.openTask(process, "intake"), "partner_revised_delivery_schedule.pdf", "application/pdf",
                "%PDF-1.4\nrevised".getBytes(StandardCharsets.UTF_8));

        syncWorkflow();
        syncWorkflow();

        List<String> names = new ArrayList<>();
        clients.thread(threadId).path("attachments").forEach(a -> names.add(a.path("fileName").asText()));
        assertThat(names).containsOnlyOnce("revised_delivery_schedule.pdf");
        assertThat(clients.bridgePosts(threadId)).filteredOn(b -> b.contains("shared a document")).hasSize(1);
    }

    @Test
    void should_announce_an_escalation_of_an_exception_case() {
        String threadId = sandbox().threadId("W4-missing-asn");
        pollAll();
        String process = processOf(threadId);

        clients.completeTask(clients.openTask(process, "triage"), null, null);
        clients.completeTask(clients.openTask(process, "investigate"), "escalate", null);
        syncWorkflow();

        assertThat(note(threadId)).startsWith("Escalated: case WF-").contains("exception management");
    }

    @Test
    void should_report_a_fulfilled_partner_request_and_then_stop_watching_it() {
        String threadId = sandbox().threadId("W7-product-data-correction");
        pollAll();
        String process = processOf(threadId);

        clients.completeTask(clients.openTask(process, "fulfilRequest"), "fulfilled", null);
        syncWorkflow();
        assertThat(clients.thread(threadId).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(note(threadId)).isEqualTo("Done: Master Data completed your request.");
        long version = clients.thread(threadId).path("version").asLong();

        syncWorkflow();
        assertThat(clients.thread(threadId).path("version").asLong()).as("an ended process is no longer written").isEqualTo(version);
    }

    @Test
    void should_note_a_workflow_process_an_operator_re_routed_to_another_team() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        syncWorkflow();
        String process = clients.processByBusinessKey("activecommunity:" + threadId).path("id").asText();
        RoutingCorrections corrections = context.getRegistry().lookupByNameAndType("routingCorrections", RoutingCorrections.class);
        assertThat(corrections.all()).as("nothing corrected yet").isEmpty();

        clients.setProcessVariable(process, "ownerGroup", "finance");
        syncWorkflow();

        assertThat(corrections.all()).singleElement().satisfies(c -> {
            assertThat(c.threadId()).isEqualTo(threadId);
            assertThat(c.fromTeam()).isEqualTo("claims");
            assertThat(c.toTeam()).isEqualTo("finance");
        });
    }

    @Test
    void should_note_a_workflow_case_an_operator_gave_another_exception_type() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        syncWorkflow();
        String process = clients.processByBusinessKey("activecommunity:" + threadId).path("id").asText();
        RoutingCorrections corrections = context.getRegistry().lookupByNameAndType("routingCorrections", RoutingCorrections.class);

        clients.setProcessVariable(process, "caseType", "claim/shortage");
        syncWorkflow();

        assertThat(corrections.all()).singleElement().satisfies(c -> {
            assertThat(c.fromKey()).isEqualTo("claim/damage");
            assertThat(c.toKey()).isEqualTo("claim/shortage");
            assertThat(c.toTeam()).isEqualTo("claims");
        });
        clients.setProcessVariable(process, "caseType", "not-a-type");
        syncWorkflow();
        assertThat(corrections.all()).as("a type the routing table does not know is no correction").singleElement()
                .satisfies(c -> assertThat(c.toKey()).isEqualTo("claim/shortage"));
    }
}
