package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ServiceNow record deleted while its thread is linked: the first call that finds it gone (404) closes the link, and
 * tells the partner once; posts that come after get one answer each, nothing is made again, and no dead letter piles up.
 */
class ServiceNowRemovedRecordTest extends ForwardPathTestSupport {

    private static final String THREAD = "S5-invoice-missing-tax";

    private JsonNode incident(String threadId) {
        JsonNode records = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId);
        assertThat(records).as("incident of " + threadId).hasSize(1);
        return records.get(0);
    }

    private void partnerPosts(String threadId, String text) {
        String admin = clients.endpoints().path("community").path("adminUrl").asText();
        assertThat(clients.post(admin + "/threads/" + threadId + "/posts", "{\"body\":\"" + text + "\"}",
                "Content-Type", "application/json").statusCode()).isEqualTo(201);
    }

    private List<DeadLetter> deadLettersOf(String threadId) {
        return deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, threadId, null, 100));
    }

    private List<String> notPassedOn(String threadId) {
        return clients.bridgePosts(threadId).stream().filter(p -> p.contains("Not passed on")).toList();
    }

    private List<AuditTrail.Event> audited(String threadId, String action) {
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        return audit.recent(threadId, 200).stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void should_close_the_link_once_and_answer_each_later_post_once_when_the_incident_was_deleted() {
        String threadId = sandbox().threadId(THREAD);
        pollAll();
        clients.serviceNowDelete("incident", incident(threadId).path("sys_id").asText());

        partnerPosts(threadId, "Any news on this one?");
        pollAll();

        ThreadLink link = links().find(threadId).orElseThrow();
        assertThat(link.recordStatus()).isEqualTo(RemovedRecords.REMOVED);
        assertThat(links().isClosed(link.id())).isTrue();
        assertThat(clients.thread(threadId).path("statusNote").asText()).contains("was withdrawn");
        assertThat(audited(threadId, "link.closed")).hasSize(1);
        // the post that met the record gone is told by the status note; whether it is also answered now or with the next
        // walk depends on whether the status read or the post's own walk met the 404 first (in CI, either happens)
        assertThat(notPassedOn(threadId)).as("answered at most once").hasSizeLessThanOrEqualTo(1);

        partnerPosts(threadId, "Hello? Still waiting.");
        pollAll();
        pollAll();

        assertThat(notPassedOn(threadId)).as("one answer per post since the record went").hasSize(2);
        assertThat(audited(threadId, "link.closed")).as("closed once").hasSize(1);
        assertThat(clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId)).as("nothing made again").isEmpty();
        assertThat(deadLettersOf(threadId)).isEmpty();
    }

    @Test
    void should_answer_a_notification_of_a_deleted_record_and_close_its_link() {
        String threadId = sandbox().threadId(THREAD);
        pollAll();
        String sysId = incident(threadId).path("sys_id").asText();
        clients.serviceNowDelete("incident", sysId);
        String token = sandbox().bridgeProperties().get("tgb.servicenow.notification-token");

        HttpResponse<String> answer = clients.post("http://127.0.0.1:" + webhookPort() + "/webhooks/servicenow",
                "{\"table\":\"incident\",\"sys_id\":\"" + sysId + "\"}", "Content-Type", "application/json", "Authorization", "Bearer " + token);

        assertThat(answer.statusCode()).as("handled: ServiceNow need not send it again").isEqualTo(200);
        assertThat(links().find(threadId).orElseThrow().recordStatus()).isEqualTo(RemovedRecords.REMOVED);
        assertThat(clients.thread(threadId).path("statusNote").asText()).contains("was withdrawn");
        assertThat(notPassedOn(threadId)).isEmpty();
        assertThat(deadLettersOf(threadId)).isEmpty();
    }
}
