package io.tradinggrid.bridge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.RequestJournal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each file of a thread is its own work: one that cannot be copied (the partner deleted it, the record refuses it) is
 * one dead letter of its own, noted on the record and told to the partner once, and the thread stays linked.
 */
class AttachmentCopyFailureTest extends ForwardPathTestSupport {

    private static final String THREAD = "S5-invoice-missing-tax";
    private static final String FILE = "INV_90018102_810.edi";

    private JsonNode incident(String threadId) {
        JsonNode records = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId);
        assertThat(records).as("incident of " + threadId).hasSize(1);
        return records.get(0);
    }

    private List<String> attachmentNames(String sysId) {
        return clients.serviceNowRecords("sys_attachment", "table_sys_id=" + sysId).findValuesAsText("file_name");
    }

    private List<DeadLetter> deadLettersOf(String threadId) {
        return deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, threadId, null, 100));
    }

    private String attachmentId(String threadId) {
        return clients.thread(threadId).path("attachments").get(0).path("id").asText();
    }

    /** A second version of the thread: the partner posts again, so the next poll carries the thread to its record again. */
    private void partnerPostsAgain(String threadId) {
        String admin = clients.endpoints().path("community").path("adminUrl").asText();
        assertThat(clients.post(admin + "/threads/" + threadId + "/posts", "{\"body\":\"Any news on this one?\"}",
                "Content-Type", "application/json").statusCode()).isEqualTo(201);
    }

    private void fault(String adminUrl, String pathPattern, String methods, int status, int count) {
        clients.put(adminUrl + "/faults", "{\"pathPattern\":\"" + pathPattern + "\",\"methods\":\"" + methods + "\","
                + (count > 0 ? "\"errorCount\":" + count : "\"errorRate\":1.0") + ",\"errorStatus\":" + status + "}");
    }

    @Test
    void should_link_the_thread_tell_the_partner_once_and_keep_one_dead_letter_when_the_community_deleted_a_file() {
        String threadId = sandbox().threadId(THREAD);
        String attachmentId = attachmentId(threadId);
        // the partner deleted the file before the bridge copied it: its content answers 404, as the contract allows
        fault(sandbox().community().adminUrl(), "/attachments/" + attachmentId + "/content$", "GET", 404, 0);

        pollAll();

        JsonNode incident = incident(threadId);
        assertThat(links().find(threadId)).as("the thread is linked").isPresent();
        assertThat(attachmentNames(incident.path("sys_id").asText())).isEmpty();
        assertThat(clients.thread(threadId).path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(clients.bridgePosts(threadId)).filteredOn(p -> p.contains("could not be copied")).singleElement()
                .satisfies(p -> assertThat(p).contains(FILE).contains(incident.path("number").asText()).contains("no longer in the thread"));
        assertThat(clients.serviceNowRecords("sys_journal_field", "element_id=" + incident.path("sys_id").asText() + "^element=work_notes")
                .findValuesAsText("value")).anySatisfy(note -> assertThat(note).contains(FILE).contains("could not be copied"));
        assertThat(deadLettersOf(threadId)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("new");
            assertThat(d.exceptionMessage()).contains("HTTP 404");
            assertThat(d.replayUri()).isEqualTo("direct://copy-attachment");
            assertThat(d.body()).contains(attachmentId);
        });

        // a second version of the thread tries the file again: still one dead letter, and the partner is not told twice
        partnerPostsAgain(threadId);
        pollAll();

        assertThat(deadLettersOf(threadId)).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(d.status()).isEqualTo("new");
        });
        assertThat(clients.bridgePosts(threadId)).filteredOn(p -> p.contains("could not be copied")).hasSize(1);
        assertThat(links().all()).as("every other thread flowed").hasSize(sandbox().seed().threads() - 1);
    }

    @Test
    void should_upload_a_file_once_when_servicenow_stored_it_and_the_answer_was_lost() {
        String threadId = sandbox().threadId(THREAD);
        // ServiceNow stores the file, then answers 502: the retry must find it on the record, not upload it again
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/attachment/file$\",\"methods\":\"POST\",\"errorAfterCommitCount\":1,\"errorStatus\":502}");

        pollAll();
        List<RequestJournal.Entry> serviceNowCalls = sandbox().serviceNow().journal().snapshot();

        String sysId = incident(threadId).path("sys_id").asText();
        assertThat(attachmentNames(sysId)).containsExactly(FILE);
        assertThat(deadLettersOf(threadId)).isEmpty();
        assertThat(serviceNowCalls).as("the retry listed the record's files")
                .anyMatch(e -> e.method().equals("GET") && e.path().equals("/api/now/attachment") && String.valueOf(e.query()).contains(sysId));
        assertThat(serviceNowCalls).filteredOn(e -> e.path().endsWith("/attachment/file") && String.valueOf(e.query()).contains(sysId))
                .as("one upload of the file: the one ServiceNow kept").hasSize(1);
    }

    @Test
    void should_attach_a_file_once_when_workflow_stored_it_and_the_answer_was_lost() {
        // the first file attached to any process is kept, then answered 502: its retry must find it on the task
        clients.put(sandbox().workflow().adminUrl() + "/faults",
                "{\"pathPattern\":\"/tasks/[^/]+/attachments$\",\"methods\":\"POST\",\"errorAfterCommitCount\":1,\"errorStatus\":502}");

        pollAll();
        List<RequestJournal.Entry> workflowCalls = sandbox().workflow().journal().snapshot();

        List<String> attached = new ArrayList<>();
        links().all().stream().filter(l -> "workflow".equals(l.targetSystem())).forEach(l -> {
            for (JsonNode task : clients.tasksOf(l.recordId())) {
                List<String> names = clients.workflow("/tasks/" + task.path("id").asText() + "/attachments")
                        .path("_embedded").path("attachments").findValuesAsText("name");
                assertThat(names).as("files of " + l.threadId()).doesNotHaveDuplicates();
                attached.addAll(names);
            }
        });
        assertThat(attached).isNotEmpty();
        assertThat(deadLetters().countByStatus("new")).isZero();
        assertThat(workflowCalls).filteredOn(e -> e.method().equals("GET") && e.path().matches(".*/tasks/[^/]+/attachments"))
                .as("the retry, and only it, listed its task's files").hasSize(1);
        assertThat(workflowCalls).filteredOn(e -> e.method().equals("POST") && e.path().matches(".*/tasks/[^/]+/attachments"))
                .as("one upload per file kept").hasSize(attached.size());
    }

    @Test
    void should_retry_a_transient_upload_failure_for_that_file_only() {
        String threadId = sandbox().threadId(THREAD);
        fault(sandbox().serviceNow().adminUrl(), "^/api/now/attachment/file$", "POST", 503, 1);

        pollAll();
        // taken before this test's own look-ups, which the journal would count too
        List<RequestJournal.Entry> serviceNowCalls = sandbox().serviceNow().journal().snapshot();

        assertThat(attachmentNames(incident(threadId).path("sys_id").asText())).containsExactly(FILE);
        assertThat(deadLettersOf(threadId)).isEmpty();
        // the retry ran the file's copy again, not the thread's journey: the record was looked up (and made) once
        assertThat(serviceNowCalls).filteredOn(e -> e.path().endsWith("/table/incident") && e.query() != null
                && e.query().contains(threadId)).hasSize(1);
        assertThat(serviceNowCalls).filteredOn(e -> e.path().endsWith("/attachment/file")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(clients.bridgePosts(threadId)).noneMatch(p -> p.contains("could not be copied"));
    }

    @Test
    void should_supersede_the_files_dead_letter_when_a_later_version_copies_it() {
        String threadId = sandbox().threadId(THREAD);
        // ServiceNow refuses the first upload (too large for the instance's limit at that moment)
        fault(sandbox().serviceNow().adminUrl(), "^/api/now/attachment/file$", "POST", 413, 1);
        pollAll();
        JsonNode incident = incident(threadId);
        DeadLetter letter = deadLettersOf(threadId).stream().filter(d -> "new".equals(d.status())).findFirst().orElseThrow();
        assertThat(letter.exceptionMessage()).contains("HTTP 413");
        assertThat(clients.bridgePosts(threadId)).anySatisfy(p -> assertThat(p).contains(FILE).contains("too large"));

        partnerPostsAgain(threadId);
        pollAll();

        assertThat(attachmentNames(incident.path("sys_id").asText())).containsExactly(FILE);
        assertThat(deadLetters().find(letter.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo("superseded");
            assertThat(d.changeReason()).contains(threadId).contains("file").contains(incident.path("number").asText())
                    .contains("copy-attachment");
        });
    }

    @Test
    void should_comment_on_the_process_and_tell_the_partner_when_workflow_refuses_a_file() {
        String threadId = sandbox().threadId("W2-contract-amendment");
        fault(sandbox().workflow().adminUrl(), "/tasks/[^/]+/attachments$", "POST", 413, 0);

        pollAll();
        List<RequestJournal.Entry> workflowCalls = sandbox().workflow().journal().snapshot();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        String processId = process.path("id").asText();
        assertThat(links().find(threadId)).isPresent();
        assertThat(clients.workflow("/process-instances/" + processId + "/comments?count=100").toString())
                .contains("SRB_Supply_Agreement_Amendment_3_signed.pdf").contains("could not be copied");
        assertThat(clients.bridgePosts(threadId)).filteredOn(p -> p.contains("could not be copied")).singleElement()
                .satisfies(p -> assertThat(p).contains("SRB_Supply_Agreement_Amendment_3_signed.pdf").contains("too large"));
        assertThat(deadLettersOf(threadId)).singleElement().satisfies(d -> assertThat(d.replayUri()).isEqualTo("direct://copy-attachment"));
    }
}
