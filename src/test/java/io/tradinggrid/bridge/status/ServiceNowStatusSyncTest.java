package io.tradinggrid.bridge.status;

import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S2 and S7 back to the partner: an operator works the record in ServiceNow, the partner sees it in the thread. */
class ServiceNowStatusSyncTest extends ForwardPathTestSupport {

    private static final String SECRET = "TaxApiPassword=Hunter2!";

    private void syncServiceNow() {
        for (String table : List.of("incident", "sn_customerservice_case", "sc_task")) {
            template.sendBody("direct:servicenow-status-table", table);
        }
    }

    private JsonNode incidentOf(String threadId) {
        return clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);
    }


    @Test
    void should_show_the_partner_progress_and_the_resolution_with_its_close_notes() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        JsonNode incident = incidentOf(threadId);
        String sysId = incident.path("sys_id").asText();
        String number = incident.path("number").asText();

        clients.serviceNowPatch("incident", sysId, "{\"state\":\"2\",\"comments\":\"We found the cause: the TXI segment is missing. Fix due today.\"}");
        syncServiceNow();

        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(thread.path("statusNote").asText()).isEqualTo("In progress: Finance is working on incident " + number + ".");
        assertThat(clients.bridgePosts(threadId)).anySatisfy(body ->
                assertThat(body).startsWith("Update from Finance on incident " + number).contains("TXI segment is missing"));

        clients.serviceNowPatch("incident", sysId, "{\"state\":\"6\",\"close_code\":\"Solution provided\","
                + "\"close_notes\":\"Your corrected 810 was posted; payment run on Friday.\"}");
        syncServiceNow();

        thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(thread.path("statusNote").asText()).isEqualTo("Resolved: Your corrected 810 was posted; payment run on Friday.");
        assertThat(thread.path("externalReferences")).anySatisfy(ref ->
                assertThat(ref.path("status").asText()).startsWith("Resolved:"));
    }

    @Test
    void should_never_let_a_work_note_reach_the_community() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String sysId = incidentOf(threadId).path("sys_id").asText();

        clients.serviceNowPatch("incident", sysId, "{\"state\":\"2\",\"work_notes\":\"Internal only: " + SECRET + " (ask jane.doe@retailer.example)\"}");
        clients.serviceNowPatch("incident", sysId, "{\"comments\":\"Checking with our tax team.\"}");
        syncServiceNow();
        pollAll();
        syncServiceNow();

        String everythingThePartnerSees = clients.thread(threadId).toString() + clients.posts(threadId).toString();
        assertThat(everythingThePartnerSees).contains("Checking with our tax team").doesNotContain("Hunter2")
                .doesNotContain("Internal only").doesNotContain("jane.doe");
    }

    @Test
    void should_strip_internal_addresses_and_sys_ids_from_customer_visible_comments() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String sysId = incidentOf(threadId).path("sys_id").asText();

        clients.serviceNowPatch("incident", sysId, "{\"comments\":\"<b>Fixed</b> by jane.doe@retailer.example, see record " + sysId + "<script>x()</script>\"}");
        syncServiceNow();

        assertThat(clients.bridgePosts(threadId)).singleElement().satisfies(body -> assertThat(body)
                .contains("Fixed").doesNotContain("jane.doe@").doesNotContain(sysId).doesNotContain("<script").doesNotContain("<b>"));
    }

    @Test
    void should_ask_the_partner_for_information_when_the_case_awaits_it() {
        String threadId = sandbox().threadId("S7-critical-escalation");
        pollAll();
        JsonNode kase = clients.serviceNowRecords("sn_customerservice_case", "correlation_id=activecommunity:" + threadId).get(0);

        clients.serviceNowPatch("sn_customerservice_case", kase.path("sys_id").asText(), "{\"state\":\"18\"}");
        syncServiceNow();

        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("AWAITING_PARTNER");
        assertThat(thread.path("statusNote").asText()).startsWith("Awaiting your information");
    }

    @Test
    void should_share_files_named_for_the_partner_once_and_keep_internal_files_internal() {
        String threadId = sandbox().threadId("S7-critical-escalation");
        pollAll();
        String caseId = clients.serviceNowRecords("sn_customerservice_case", "correlation_id=activecommunity:" + threadId).get(0).path("sys_id").asText();
        clients.serviceNowAttach("sn_customerservice_case", caseId, "partner_proof_of_delivery_store118.pdf", "application/pdf",
                "%PDF-1.4\nsigned POD".getBytes(StandardCharsets.UTF_8));
        clients.serviceNowAttach("sn_customerservice_case", caseId, "carrier_rate_negotiation.txt", "text/plain",
                "internal margins".getBytes(StandardCharsets.UTF_8));

        syncServiceNow();
        syncServiceNow();

        JsonNode attachments = clients.thread(threadId).path("attachments");
        List<String> names = new ArrayList<>();
        attachments.forEach(a -> names.add(a.path("fileName").asText()));
        assertThat(names).containsOnlyOnce("proof_of_delivery_store118.pdf").doesNotContain("carrier_rate_negotiation.txt");
        assertThat(clients.bridgePosts(threadId)).filteredOn(body -> body.contains("shared a document")).singleElement()
                .satisfies(body -> assertThat(body).isEqualTo("Customer Service shared a document with you: proof_of_delivery_store118.pdf"));
    }

    @Test
    void should_publish_nothing_twice_when_a_sync_stopped_half_way_is_run_again() {
        String first = sandbox().threadId("S5-invoice-missing-tax");
        String second = sandbox().threadId("S5-failed-850");
        pollAll();
        for (String threadId : List.of(first, second)) {
            clients.serviceNowPatch("incident", incidentOf(threadId).path("sys_id").asText(), "{\"state\":\"2\",\"comments\":\"On it.\"}");
        }
        // the bridge handles the first record, then stops before the walk ends (its watermark is not advanced)
        JsonNode record = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + first).get(0);
        template.send("direct:servicenow-record-status", e -> {
            e.setProperty("statusTable", "incident");
            e.getMessage().setBody(record);
        });

        syncServiceNow();
        syncServiceNow();

        for (String threadId : List.of(first, second)) {
            assertThat(clients.thread(threadId).path("statusNote").asText()).startsWith("In progress:");
            assertThat(clients.bridgePosts(threadId)).as(threadId).containsOnlyOnce(clients.bridgePosts(threadId).get(0)).hasSize(1);
        }
    }

    @Test
    void should_go_quiet_after_a_round_trip_with_both_directions_active() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String sysId = incidentOf(threadId).path("sys_id").asText();
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"2\",\"comments\":\"Looking into it.\"}");

        for (int round = 0; round < 3; round++) {
            syncServiceNow();
            pollAll();
        }
        long threadVersion = clients.thread(threadId).path("version").asLong();
        int posts = clients.posts(threadId).size();
        int journal = clients.serviceNowRecords("sys_journal_field", "element_id=" + sysId).size();

        syncServiceNow();
        pollAll();
        syncServiceNow();

        assertThat(clients.thread(threadId).path("version").asLong()).as("no further write to the thread").isEqualTo(threadVersion);
        assertThat(clients.posts(threadId)).hasSize(posts);
        assertThat(clients.serviceNowRecords("sys_journal_field", "element_id=" + sysId)).as("no echo into ServiceNow").hasSize(journal);
        assertThat(clients.bridgePosts(threadId)).containsOnlyOnce(clients.bridgePosts(threadId).get(0));
    }
}
