package io.tradinggrid.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.RequestJournal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The system API routes (routes/system-api.camel.yaml) against the emulators: what one call sends never leaks into
 * the next, and a token the system no longer accepts is replaced.
 */
class SystemApiTest extends ForwardPathTestSupport {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Test
    void should_send_no_query_string_of_an_earlier_call_with_a_write() {
        sandbox().community().journal().clear();
        sandbox().workflow().journal().clear();
        sandbox().serviceNow().journal().clear();

        pollAll();

        List<RequestJournal.Entry> community = writes(sandbox().community().journal());
        List<RequestJournal.Entry> workflow = writes(sandbox().workflow().journal());
        List<RequestJournal.Entry> serviceNow = writes(sandbox().serviceNow().journal());
        assertThat(community).as("the bridge wrote to the community").isNotEmpty();
        assertThat(workflow).as("the bridge started processes").isNotEmpty();
        assertThat(serviceNow).as("the bridge created records").isNotEmpty();
        assertThat(community).allSatisfy(e -> assertThat(e.query()).as(e.method() + " " + e.path()).isNullOrEmpty());
        assertThat(workflow).filteredOn(e -> !e.path().contains("/oauth2/token"))
                .allSatisfy(e -> assertThat(e.query()).as(e.method() + " " + e.path()).isNullOrEmpty());
        // ServiceNow writes carry their own sysparm_fields / upload parameters, never a list query of an earlier GET
        assertThat(serviceNow).allSatisfy(e -> assertThat(e.query() == null ? "" : e.query()).as(e.method() + " " + e.path())
                .doesNotContain("sysparm_query").doesNotContain("sysparm_offset").doesNotContain("sysparm_limit")
                .doesNotContain("count=").doesNotContain("updatedSince"));
    }

    @Test
    void should_fetch_a_new_token_when_servicenow_refuses_the_one_it_issued() throws Exception {
        pollAll();
        int before = clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:").size();
        clients.post(sandbox().serviceNow().adminUrl() + "/tokens/expire", "{}");
        sandbox().serviceNow().journal().clear();

        ObjectNode create = Json.object();
        create.put("title", "EDI 810 for invoice 90018177 rejected - tax data missing")
                .put("body", "Our 810 came back with a 997 but your AP portal shows tax data missing.")
                .put("category", "TRANSACTION_FAILURE").put("priority", "NORMAL");
        create.putObject("references").put("invoice", "90018177").put("ediDocumentType", "810");
        String threadId = sandbox().community().openThreadAsPartner("COM-BRW-SUPPLIERS", "PTR-100102", null, create, List.of())
                .path("id").asText();
        pollAll();

        // the webhook of the new thread may have taken it in first, behind its answer: wait for that journey too
        await().atMost(Duration.ofSeconds(20)).until(() -> links().find(threadId).isPresent());
        assertThat(clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId)).hasSize(1);
        assertThat(clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:")).hasSize(before + 1);
        assertThat(deadLetters().countByStatus("new")).isZero();
        List<RequestJournal.Entry> calls = sandbox().serviceNow().journal().snapshot();
        assertThat(calls).as("the expired token was refused once").anyMatch(e -> e.status() == 401);
        assertThat(calls).as("and a new one fetched").anyMatch(e -> e.path().equals("/oauth_token.do") && e.status() == 200);
    }

    private static List<RequestJournal.Entry> writes(RequestJournal journal) {
        return journal.snapshot().stream().filter(e -> WRITES.contains(e.method())).toList();
    }
}
