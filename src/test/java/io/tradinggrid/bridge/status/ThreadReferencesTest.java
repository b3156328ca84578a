package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.FaultPlan;
import io.tradinggrid.emulator.RequestJournal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thread's external references belong to every system that links the thread: the community replaces the list a
 * PATCH carries, so the bridge merges its entry into the thread as read and writes with If-Match.
 */
class ThreadReferencesTest extends ForwardPathTestSupport {

    private static final String ERP = "{\"externalReferences\":[{\"system\":\"erp\",\"id\":\"ERP-4711\",\"status\":\"Credit note raised\"}],"
            + "\"origin\":{\"system\":\"erp-connector\",\"ref\":\"erp:ERP-4711\"}}";

    private List<String> references(String threadId) {
        List<String> refs = new ArrayList<>();
        clients.thread(threadId).path("externalReferences").forEach(r -> refs.add(r.path("system").asText() + ":" + r.path("id").asText()));
        return refs;
    }

    private String incidentOf(String threadId) {
        return clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0).path("sys_id").asText();
    }

    private void syncServiceNow() {
        template.sendBody("direct:servicenow-status-table", "incident");
    }

    private List<Integer> patchesOf(String threadId) {
        List<Integer> statuses = new ArrayList<>();
        for (RequestJournal.Entry e : sandbox().community().journal().snapshot()) {
            if ("PATCH".equals(e.method()) && e.path().endsWith("/threads/" + threadId)) {
                statuses.add(e.status());
            }
        }
        return statuses;
    }

    @Test
    void should_keep_another_systems_reference_when_the_bridge_links_and_updates_the_thread() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        clients.patchThread(threadId, ERP);

        pollAll();
        assertThat(references(threadId)).contains("erp:ERP-4711").anyMatch(r -> r.startsWith("servicenow:INC"));

        clients.serviceNowPatch("incident", incidentOf(threadId), "{\"state\":\"2\"}");
        syncServiceNow();
        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("statusNote").asText()).startsWith("In progress:");
        assertThat(references(threadId)).hasSize(2).contains("erp:ERP-4711");
        assertThat(thread.path("externalReferences").toString()).contains("Credit note raised");
    }

    @Test
    void should_read_and_merge_again_when_the_thread_changed_between_read_and_write() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        clients.patchThread(threadId, ERP);
        FaultPlan stale = new FaultPlan();
        stale.methods = "PATCH";
        stale.pathPattern = "/threads/" + threadId + "$";
        stale.errorCount = 1;
        stale.errorStatus = 412;
        sandbox().community().faults().apply(stale);
        sandbox().community().journal().clear();

        clients.serviceNowPatch("incident", incidentOf(threadId), "{\"state\":\"2\"}");
        syncServiceNow();

        assertThat(patchesOf(threadId)).as("the stale write is merged again once, not left to the journey's retry").containsExactly(412, 200);
        assertThat(clients.thread(threadId).path("statusNote").asText()).startsWith("In progress:");
        assertThat(references(threadId)).hasSize(2).contains("erp:ERP-4711");
    }
}
