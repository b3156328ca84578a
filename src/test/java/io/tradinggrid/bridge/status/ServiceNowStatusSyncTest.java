package io.tradinggrid.bridge.status;

import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.status.RoutingCorrections;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.EmulatorServer;
import io.tradinggrid.emulator.FaultPlan;
import io.tradinggrid.emulator.RequestJournal;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    private String incidentIdOf(String threadId) {
        return incidentOf(threadId).path("sys_id").asText();
    }

    private void resolve(String sysId) {
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"6\",\"close_code\":\"Solution provided\",\"close_notes\":\"Corrected 810 posted.\"}");
    }

    /** Resolves the incident, lets the partner see it, then closes it and lets the partner see that: the thread is CLOSED. */
    private void resolveAndClose(String sysId) {
        resolve(sysId);
        syncServiceNow();
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"7\"}");
        syncServiceNow();
    }

    private static List<RequestJournal.Entry> requests(EmulatorServer emulator, String method, String pathRegex) {
        return emulator.journal().snapshot().stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    private List<String> workNotes(String sysId) {
        List<String> notes = new ArrayList<>();
        clients.serviceNowRecords("sys_journal_field", "element_id=" + sysId + "^element=work_notes").forEach(n -> notes.add(n.path("value").asText()));
        return notes;
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

    @Test
    void should_post_a_comment_written_just_before_the_record_closes_and_then_close_the_thread() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String sysId = incidentIdOf(threadId);
        resolve(sysId);
        syncServiceNow();

        clients.serviceNowPatch("incident", sysId, "{\"comments\":\"Last word: the credit note follows by e-mail.\"}");
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"7\"}");
        syncServiceNow();

        assertThat(clients.thread(threadId).path("status").asText()).isEqualTo("CLOSED");
        assertThat(clients.bridgePosts(threadId)).anySatisfy(body -> assertThat(body).contains("the credit note follows by e-mail"));
    }

    @Test
    void should_post_a_comment_once_when_the_community_committed_the_post_and_answered_502() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String sysId = incidentIdOf(threadId);
        clients.serviceNowPatch("incident", sysId, "{\"comments\":\"The corrected 810 went out at 10:40.\"}");
        FaultPlan lostAnswer = new FaultPlan();
        lostAnswer.pathPattern = "/threads/[^/]+/posts$";
        lostAnswer.methods = "POST";
        lostAnswer.errorAfterCommitCount = 1;
        lostAnswer.errorStatus = 502;
        sandbox().community().faults().apply(lostAnswer);

        syncServiceNow();
        syncServiceNow();

        assertThat(requests(sandbox().community(), "POST", ".*/threads/" + threadId + "/posts")).as("the first POST committed, then 502")
                .isNotEmpty();
        assertThat(clients.bridgePosts(threadId)).filteredOn(body -> body.contains("The corrected 810 went out at 10:40."))
                .as("posted once: the retry found the committed post").hasSize(1);
    }

    @Test
    void should_keep_a_comment_a_closed_thread_refuses_in_the_work_notes_once_and_go_on_with_the_other_records() {
        String closed = sandbox().threadId("S5-invoice-missing-tax");
        String other = sandbox().threadId("S5-failed-850");
        pollAll();
        String closedId = incidentIdOf(closed);
        resolveAndClose(closedId);
        int postsBefore = clients.posts(closed).size();

        clients.serviceNowPatch("incident", closedId, "{\"comments\":\"Reopening is not possible, sorry.\"}");
        resolve(incidentIdOf(other));
        sandbox().community().journal().clear();
        syncServiceNow();
        syncServiceNow();

        assertThat(requests(sandbox().community(), "POST", ".*/threads/" + closed + "/posts")).as("refused once, never retried").hasSize(1)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(409));
        assertThat(clients.posts(closed)).hasSize(postsBefore);
        assertThat(workNotes(closedId)).filteredOn(note -> note.startsWith("Not shown")).singleElement().satisfies(note -> assertThat(note)
                .startsWith("Not shown to the partner: thread " + closed + " is closed").contains("Reopening is not possible, sorry."));
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        assertThat(audit.recent(closed, 50)).anySatisfy(e -> assertThat(e.action()).isEqualTo("post.not-shown"));
        assertThat(clients.thread(other).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, closed, null, 10))).isEmpty();
    }

    @Test
    void should_send_a_record_that_keeps_failing_to_the_dead_letter_store_after_a_few_retries_and_go_on_with_the_others() {
        String failing = sandbox().threadId("S5-invoice-missing-tax");
        String other = sandbox().threadId("S5-failed-850");
        pollAll();
        clients.serviceNowPatch("incident", incidentIdOf(failing), "{\"comments\":\"This one cannot be posted.\"}");
        resolve(incidentIdOf(other));
        FaultPlan broken = new FaultPlan();
        broken.pathPattern = ".*/threads/" + failing + "/posts";
        broken.methods = "POST";
        broken.errorRate = 1;
        broken.errorStatus = 500;
        sandbox().community().faults().apply(broken);
        sandbox().community().journal().clear();

        syncServiceNow();

        // the journal read before each attempt succeeds, so only the limit in all stops the retries: 1 + that many attempts
        int limit = Integer.parseInt(context.resolvePropertyPlaceholders("{{tgb.retry.walk-item-max-total-redeliveries}}"));
        assertThat(requests(sandbox().community(), "POST", ".*/threads/" + failing + "/posts")).hasSize(1 + limit);
        List<DeadLetter> letters = deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, failing, null, 10));
        assertThat(letters).extracting(DeadLetter::routeId).containsExactly("servicenow-record-status");
        assertThat(clients.thread(other).path("status").asText()).isEqualTo("RESOLVED");

        // the record's dead letter carries all a replay needs once the thread takes posts again
        sandbox().community().faults().apply(null);
        DeadLetterReplayer replayer = context.getRegistry().lookupByNameAndType("deadLetterReplayer", DeadLetterReplayer.class);
        assertThat(replayer.replay(letters.get(0).id(), "operator", false, null, false).outcome()).isEqualTo(DeadLetterReplayer.Outcome.REPLAYED);
        assertThat(clients.bridgePosts(failing)).anySatisfy(body -> assertThat(body).contains("This one cannot be posted."));
    }

    @Test
    void should_carry_no_query_string_or_sysparm_from_one_call_into_the_next() {
        String threadId = sandbox().threadId("S7-critical-escalation");
        pollAll();
        String caseId = clients.serviceNowRecords("sn_customerservice_case", "correlation_id=activecommunity:" + threadId).get(0).path("sys_id").asText();
        clients.serviceNowPatch("sn_customerservice_case", caseId, "{\"state\":\"18\",\"comments\":\"Please send the signed POD.\"}");
        clients.serviceNowPatch("sn_customerservice_case", caseId, "{\"comments\":\"And the carrier's tracking number.\"}");
        clients.serviceNowAttach("sn_customerservice_case", caseId, "partner_label_template.pdf", "application/pdf",
                "%PDF-1.4\nlabel".getBytes(StandardCharsets.UTF_8));
        List<EmulatorServer> emulators = List.of(sandbox().community(), sandbox().serviceNow(), sandbox().workflow());
        emulators.forEach(e -> e.journal().clear());

        syncServiceNow();

        List<RequestJournal.Entry> community = sandbox().community().journal().snapshot();
        List<RequestJournal.Entry> serviceNow = sandbox().serviceNow().journal().snapshot();
        assertThat(community).as("the sync wrote the status, the comments and the file")
                .anyMatch(r -> r.method().equals("PATCH")).anyMatch(r -> r.path().endsWith("/attachments"))
                .filteredOn(r -> r.path().endsWith("/posts")).hasSizeGreaterThanOrEqualTo(3);
        // the contract defines no query parameter for any write
        assertThat(community).filteredOn(r -> !r.method().equals("GET")).allSatisfy(r ->
                assertThat(r.query()).as(r.method() + " " + r.path()).isNullOrEmpty());
        assertThat(Stream.of(community, sandbox().workflow().journal().snapshot()).flatMap(List::stream))
                .allSatisfy(r -> assertThat(String.valueOf(r.query())).as(r.path()).doesNotContain("sysparm_"));
        // each ServiceNow call carries only its own parameters: a list read its own query, everything else none
        Map<String, String> ownQuery = Map.of("/api/now/table/sys_journal_field", "element_id=",
                "/api/now/attachment", "table_sys_id=", "/api/now/table/incident", "sys_updated_on>=",
                "/api/now/table/sn_customerservice_case", "sys_updated_on>=", "/api/now/table/sc_task", "sys_updated_on>=");
        assertThat(serviceNow).filteredOn(r -> r.path().startsWith("/api/")).isNotEmpty().allSatisfy(r -> {
            String query = r.query() == null ? "" : URLDecoder.decode(r.query(), StandardCharsets.UTF_8);
            if (r.method().equals("GET") && ownQuery.containsKey(r.path())) {
                assertThat(query).as(r.path()).contains(ownQuery.get(r.path()));
                assertThat(query.split("&")).as(r.path()).allSatisfy(p -> assertThat(p).startsWith("sysparm_"));
                ownQuery.entrySet().stream().filter(other -> !other.getKey().equals(r.path()) && !other.getValue().equals(ownQuery.get(r.path())))
                        .forEach(other -> assertThat(query).as(r.path()).doesNotContain(other.getValue()));
            } else if (r.method().equals("GET") && r.path().matches("/api/now/table/\\w+/\\p{XDigit}{32}")) {
                // a record re-read for a change notification
                assertThat(query).as(r.path()).isIn("", "sysparm_exclude_reference_link=true");
            } else {
                assertThat(query).as(r.method() + " " + r.path()).isEmpty();
            }
        });
    }

    @Test
    void should_note_an_incident_an_operator_recategorised_as_another_exception_type() {
        String threadId = sandbox().threadId("S5-failed-850");
        pollAll();
        JsonNode incident = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);
        RoutingCorrections corrections = context.getRegistry().lookupByNameAndType("routingCorrections", RoutingCorrections.class);
        syncServiceNow();
        assertThat(corrections.all()).as("nothing corrected yet").isEmpty();

        // the operator finds it is an ASN the hub rejected, not an order: category and subcategory as the table gives them
        clients.serviceNowPatch("incident", incident.path("sys_id").asText(), "{\"category\":\"logistics\",\"subcategory\":\"asn\"}");
        syncServiceNow();

        assertThat(corrections.all()).singleElement().satisfies(c -> {
            assertThat(c.threadId()).isEqualTo(threadId);
            assertThat(c.fromKey()).isEqualTo("transaction-failure/failed-order");
            assertThat(c.toKey()).isEqualTo("transaction-failure/failed-asn");
            assertThat(c.toTeam()).isEqualTo("Logistics Operations");
        });
    }
}
