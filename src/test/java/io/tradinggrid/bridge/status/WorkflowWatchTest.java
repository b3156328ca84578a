package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.RequestJournal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which processes the Workflow status poll watches, and what a poll costs: a Flowable-like service forgets an ended
 * process in its runtime (404) and keeps it in history; a deleted one is in neither.
 */
class WorkflowWatchTest extends ForwardPathTestSupport {

    private void syncWorkflow() {
        template.sendBody("direct:workflow-status-poll", null);
    }

    private String processOf(String threadId) {
        return clients.processByBusinessKey("activecommunity:" + threadId).path("id").asText();
    }

    private ThreadLink linkOf(String threadId) {
        return links().find(threadId).orElseThrow();
    }

    private List<RequestJournal.Entry> workflowCalls() {
        List<RequestJournal.Entry> calls = new ArrayList<>();
        for (RequestJournal.Entry e : sandbox().workflow().journal().snapshot()) {
            if (e.path().startsWith("/workflow/v1/")) {
                calls.add(e);
            }
        }
        return calls;
    }

    private int deadLettersOf(String threadId) {
        return deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, threadId, null, 100)).size();
    }

    private long auditedClosings(String threadId) {
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        return audit.recent(threadId, 100).stream().filter(e -> e.action().equals("link.closed")).count();
    }

    @Test
    void should_show_the_outcome_of_a_process_only_history_still_has_and_then_stop_polling_it() {
        String threadId = sandbox().threadId("W7-product-data-correction");
        pollAll();
        String process = processOf(threadId);
        syncWorkflow();

        clients.completeTask(clients.openTask(process, "fulfilRequest"), "fulfilled", null);
        assertThat(clients.workflow("/process-instances?businessKey=activecommunity:" + threadId).path("page").path("totalElements").asInt())
                .as("the runtime has forgotten the ended process").isZero();
        syncWorkflow();

        assertThat(clients.thread(threadId).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(clients.thread(threadId).path("statusNote").asText()).isEqualTo("Done: Master Data completed your request.");
        assertThat(links().isClosed(linkOf(threadId).id())).isTrue();
        assertThat(deadLettersOf(threadId)).isZero();

        sandbox().workflow().journal().clear();
        syncWorkflow();
        assertThat(workflowCalls()).as("a closed link is not read again").noneMatch(e -> e.path().contains(process));
    }

    @Test
    void should_tell_the_partner_once_and_stop_polling_when_a_process_is_deleted_with_its_history() {
        String threadId = sandbox().threadId("W7-product-data-correction");
        pollAll();
        String process = processOf(threadId);
        syncWorkflow();
        clients.workflowDelete("/process-instances/" + process + "?deleteReason=duplicate");
        clients.workflowDelete("/history/process-instances/" + process);
        long version = clients.thread(threadId).path("version").asLong();

        syncWorkflow();
        syncWorkflow();
        syncWorkflow();

        assertThat(clients.thread(threadId).path("statusNote").asText()).startsWith("Closed: case WF-").contains("was withdrawn by Master Data");
        assertThat(clients.thread(threadId).path("version").asLong()).as("the partner is told once").isEqualTo(version + 1);
        assertThat(auditedClosings(threadId)).isEqualTo(1);
        assertThat(deadLettersOf(threadId)).isZero();
        assertThat(links().isClosed(linkOf(threadId).id())).isTrue();
    }

    @Test
    void should_close_the_link_of_a_terminated_process_that_reached_no_end_event() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        String process = processOf(threadId);
        syncWorkflow();
        clients.workflowDelete("/process-instances/" + process + "?deleteReason=withdrawn");

        syncWorkflow();
        syncWorkflow();

        assertThat(clients.thread(threadId).path("statusNote").asText()).startsWith("Closed: case WF-").contains("was withdrawn");
        assertThat(auditedClosings(threadId)).isEqualTo(1);
        assertThat(links().isClosed(linkOf(threadId).id())).isTrue();
    }

    @Test
    void should_share_a_file_of_a_task_completed_before_a_poll_noticed_the_file() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();
        String process = processOf(threadId);
        syncWorkflow();
        String intake = clients.openTask(process, "intake");
        clients.attachToTask(intake, "partner_claim_form.pdf", "application/pdf", "%PDF-1.4\nform".getBytes(StandardCharsets.UTF_8));
        syncWorkflow();
        clients.completeTask(intake, null, null);

        syncWorkflow();

        List<String> names = new ArrayList<>();
        clients.thread(threadId).path("attachments").forEach(a -> names.add(a.path("fileName").asText()));
        assertThat(names).containsOnlyOnce("claim_form.pdf");
    }

    @Test
    void should_read_one_list_per_poll_and_only_the_process_that_changed() {
        pollAll();
        // the seed's threads make 20 and more open processes
        assertThat(links().openWorkflowLinks()).hasSizeGreaterThanOrEqualTo(20);
        syncWorkflow();

        String threadId = sandbox().threadId("W6-damage-claim");
        String changed = processOf(threadId);
        clients.completeTask(clients.openTask(changed, "intake"), null, null);
        sandbox().workflow().journal().clear();
        syncWorkflow();

        List<RequestJournal.Entry> calls = workflowCalls();
        List<RequestJournal.Entry> lists = calls.stream().filter(e -> e.path().equals("/workflow/v1/process-instances")).toList();
        assertThat(lists).as("one list page for 20 and more processes").hasSize(1);
        List<RequestJournal.Entry> reads = calls.stream().filter(e -> !lists.contains(e)).toList();
        // the changed process's user tasks (history) and their attachments (files meant for the partner): nothing of the others
        assertThat(reads).hasSizeLessThanOrEqualTo(3).allMatch(e -> e.path().equals("/workflow/v1/history/activity-instances")
                ? String.valueOf(e.query()).contains(changed) : e.path().startsWith("/workflow/v1/tasks/") && e.path().endsWith("/attachments"));
        assertThat(clients.thread(threadId).path("statusNote").asText()).startsWith("Claim stage 2 of 5 - validation");

        sandbox().workflow().journal().clear();
        syncWorkflow();
        assertThat(workflowCalls()).as("nothing changed: the list only").hasSize(1);
    }
}
