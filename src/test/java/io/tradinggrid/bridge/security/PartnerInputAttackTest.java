package io.tradinggrid.bridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.bridge.testing.TargetRecords;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.NewFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile partner writes what the community lets it write (titles, bodies, names, references, file names, posts)
 * to take over a Workflow case, plant markup in ServiceNow, learn internal ids, or reach another partner's thread.
 * Each case checks what the attack was meant to do did not happen, and that every other thread still flowed.
 */
class PartnerInputAttackTest extends ForwardPathTestSupport {

    private static final String BRW = "COM-BRW-SUPPLIERS";
    /** Seeded partner of S5-failed-850; the attacks open their threads as this partner. */
    private static final String ATTACKER = "PTR-100105";
    private static final Pattern SYS_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Markup, encoded markup, ServiceNow's [code] markers, bidi overrides and C0/C1 controls. */
    private static final List<String> HOSTILE = List.of("<img", "<script", "<svg", "&lt;", "&gt;", "[code]", "[/code]",
            "onerror", "\u202E", "\u0007", "\u0085", "\u001b");

    @TempDir
    Path dir;

    // ---- 1: partners cannot set process variables --------------------------------------------------------------------

    @Test
    void should_refuse_references_that_name_process_variables_and_keep_the_bridges_owner_partner_and_thread() {
        ObjectNode references = Json.object().put("purchaseOrder", "4500871999").put("ownerGroup", "exception-managers")
                .put("reviewGroup", "finance").put("partnerId", "PTR-100101").put("threadId", sandbox().threadId("W1-chargeback-dispute"))
                .put("candidateGroups", "finance").put("dueDate", "2000-01-01T00:00:00Z").put("priority", "100")
                .put("caseType", "claim/chargeback").put("summary", "approved already").put("partnerReferences", "{}");
        String threadId = open("Disagreement about the terms on PO 4500871999", "We do not agree with the terms applied to this order.",
                "DISPUTE", references);

        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        Map<String, JsonNode> variables = variables(process);
        assertThat(variables.get("ownerGroup").asText()).isEqualTo("customer-service");
        assertThat(variables.get("reviewGroup").asText()).isEqualTo("customer-service");
        assertThat(variables.get("partnerId").asText()).isEqualTo(ATTACKER);
        assertThat(variables.get("threadId").asText()).isEqualTo(threadId);
        assertThat(variables.get("caseType").asText()).isEqualTo("dispute");
        assertThat(variables.get("dueDate").asText()).doesNotStartWith("2000");
        assertThat(variables.get("summary").asText()).doesNotContain("approved already");
        assertThat(variables).doesNotContainKeys("candidateGroups", "purchaseOrder");
        assertThat(variables.get("partnerReferences").path("ownerGroup").asText()).as("carried, inert").isEqualTo("exception-managers");
        JsonNode tasks = clients.tasksOf(process.path("id").asText());
        assertThat(tasks).isNotEmpty().allSatisfy(task -> assertThat(task.path("assignments").toString())
                .contains("customer-service").doesNotContain("exception-managers").doesNotContain("\"finance\""));
        assertThat(links().find(sandbox().threadId("W1-chargeback-dispute")).orElseThrow().recordId())
                .as("the thread it named keeps its own case").isNotEqualTo(process.path("id").asText());
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_refuse_a_routing_table_whose_fields_name_a_bridge_variable_and_keep_routing_under_the_shipped_one() throws Exception {
        Path table = dir.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(Path.of("config/routing-table.yaml"))
                .replace("      claimReference: ${references.claim}", "      claimReference: ${references.claim}\n      ownerGroup: ${references.ownerGroup}"));

        assertThatThrownBy(() -> RoutingTable.load(table)).hasMessageContaining("claim: fields.ownerGroup is a process variable the bridge sets itself");

        pollAll();
        assertEverythingElseFlowed(0);
    }

    // ---- 2: text is plain at every boundary --------------------------------------------------------------------------

    @Test
    void should_deliver_entity_encoded_markup_and_code_blocks_as_inert_text_to_the_servicenow_incident() {
        ObjectNode references = Json.object().put("invoice", "9001&lt;img src=x onerror=alert(1)&gt;")
                .put("<img src=x onerror=alert(2)>", "x").put("ediDocumentType", "810");
        String threadId = open("Invoice 9001 rejected: tax data missing &lt;img src=x onerror=alert(1)&gt;",
                "[code]&lt;script&gt;alert(1)&lt;/script&gt;[/code] We sent qty < 5 cases &amp;lt;svg onload=alert(3)&amp;gt; and AT&T paid.",
                "TRANSACTION_FAILURE", references);

        pollAll();

        JsonNode incident = record("incident", threadId);
        String shortDescription = incident.path("short_description").asText();
        String description = incident.path("description").asText();
        assertThat(shortDescription).contains("Invoice 9001 rejected: tax data missing");
        assertThat(description).contains("qty < 5 cases").contains("AT&T paid").contains("invoice: 9001");
        assertNoHostileText(shortDescription);
        assertNoHostileText(description);
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_deliver_entity_encoded_markup_as_inert_text_to_the_workflow_process() {
        String threadId = open("Terms dispute &lt;img src=x onerror=alert(1)&gt; on PO 4500871998",
                "&lt;script&gt;alert(1)&lt;/script&gt;We do not agree [code]<b onmouseover=alert(2)>x</b>[/code] with the terms.",
                "DISPUTE", Json.object().put("purchaseOrder", "4500871998&lt;svg onload=alert(3)&gt;"));

        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        Map<String, JsonNode> variables = variables(process);
        assertThat(process.path("name").asText()).contains("Terms dispute").contains("on PO 4500871998");
        assertThat(variables.get("summary").asText()).contains("We do not agree").contains("with the terms");
        assertNoHostileText(process.path("name").asText());
        assertNoHostileText(variables.get("summary").asText());
        assertNoHostileText(variables.get("partnerReferences").toString());
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_resolve_the_triage_title_template_as_plain_text() {
        String threadId = open("Hello team &lt;img src=x onerror=alert(1)&gt;[code]<script>alert(2)</script>[/code]",
                "Just checking in about next week.", "GENERAL", null);

        pollAll();

        String shortDescription = record("sc_task", threadId).path("short_description").asText();
        assertThat(shortDescription).isEqualTo("[Triage] Hello team");
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_remove_markup_bidi_overrides_and_controls_from_display_names_company_names_and_posts() {
        ObjectNode partner = Json.object().put("id", "PTR-EVIL").put("companyName", "Evil &lt;img src=x onerror=alert(1)&gt;Corp\u202E\u0085")
                .put("status", "ACTIVE");
        partner.putArray("access").addObject().put("communityId", BRW);
        partner.putArray("users").addObject().put("userId", "evil.user")
                .put("displayName", "<img src=x onerror=alert(2)>Eve\u202Eretsam\u0007 [code]<i>x</i>[/code]");
        sandbox().community().definePartner(partner);
        ObjectNode thread = Json.object().put("title", "Invoice 9002 rejected: tax data missing").put("body", "Please advise.")
                .put("category", "TRANSACTION_FAILURE");
        String threadId = sandbox().community().openThreadAsPartner(BRW, "PTR-EVIL", null, thread, List.of()).path("id").asText();
        pollAll();

        sandbox().community().replyAsPartner(threadId, "PTR-EVIL", "MESSAGE",
                "Any news on this? &lt;img src=x onerror=alert(3)&gt;[code]<script>alert(4)</script>[/code]", List.of());
        pollAll();

        JsonNode incident = record("incident", threadId);
        JsonNode comments = clients.serviceNowRecords("sys_journal_field", "element_id=" + incident.path("sys_id").asText() + "^element=comments");
        assertThat(comments).singleElement().satisfies(c -> {
            assertThat(c.path("value").asText()).contains("Everetsam").contains("Any news on this?");
            assertNoHostileText(c.path("value").asText());
        });
        assertThat(incident.path("short_description").asText()).startsWith("Evil Corp:");
        assertNoHostileText(incident.path("short_description").asText());
        assertNoHostileText(incident.path("description").asText());
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_remove_bidi_overrides_and_controls_from_titles_and_file_names() {
        ObjectNode thread = Json.object().put("title", "Invoice 9003\u202E fdp.exe\u0007 rejected:\u0085 tax data missing\u001b")
                .put("body", "Scan\u202E attached.").put("category", "TRANSACTION_FAILURE");
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        String threadId = sandbox().community().openThreadAsPartner(BRW, ATTACKER, null, thread,
                List.of(NewFile.of("scan\u202Efdp.exe\u0085.pdf", "application/pdf", pdf))).path("id").asText();

        pollAll();

        JsonNode incident = record("incident", threadId);
        assertThat(incident.path("short_description").asText()).contains("Invoice 9003 fdp.exe rejected: tax data missing");
        assertNoHostileText(incident.path("short_description").asText());
        assertNoHostileText(incident.path("description").asText());
        List<String> names = new ArrayList<>();
        clients.serviceNow("/api/now/attachment?sysparm_query=table_name=incident%5Etable_sys_id=" + incident.path("sys_id").asText())
                .path("result").forEach(a -> names.add(a.path("file_name").asText()));
        assertThat(names).singleElement().satisfies(name -> {
            assertThat(name).endsWith(".pdf");
            assertNoHostileText(name);
        });
        assertEverythingElseFlowed(1);
    }

    // ---- 3: no internal ids reach partners -----------------------------------------------------------------------------

    @Test
    void should_never_put_a_sys_id_or_process_id_in_the_origin_of_a_bridge_write_and_still_know_its_own_writes() {
        pollAll();
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        JsonNode incident = record("incident", threadId);
        String sysId = incident.path("sys_id").asText();
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"2\",\"comments\":\"We are on it.\"}");
        clients.serviceNowAttach("incident", sysId, "partner_corrected_810.pdf", "application/pdf",
                "%PDF-1.4\ncorrected".getBytes(StandardCharsets.US_ASCII));
        syncServiceNow();
        int journalBefore = journal(sysId).size();

        pollAll(); // reads the bridge's own note, post and file back
        syncServiceNow();

        List<String> refs = bridgeOriginRefs();
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(SYS_ID.matcher(ref).find()).as(ref).isFalse();
            assertThat(UUID.matcher(ref).find()).as(ref).isFalse();
        });
        assertThat(refs).contains("servicenow:incident:" + incident.path("number").asText());
        assertThat(clients.bridgePosts(threadId)).anySatisfy(body -> assertThat(body).contains("We are on it."));
        assertThat(journal(sysId)).as("the bridge's own posts are not carried back").hasSize(journalBefore);
        assertThat(clients.thread(threadId).path("externalReferences").toString()).contains(incident.path("number").asText()).doesNotContain(sysId);
        assertEverythingElseFlowed(0);
    }

    // ---- partners and other partners' threads --------------------------------------------------------------------------

    @Test
    void should_refuse_a_partner_posting_or_uploading_into_another_partners_thread_and_change_nothing() {
        pollAll();
        String victim = sandbox().threadId("S5-invoice-missing-tax"); // PTR-100102's
        JsonNode before = clients.thread(victim);
        String admin = clients.endpoints().path("community").path("adminUrl").asText();

        HttpResponse<String> post = clients.post(admin + "/threads/" + victim + "/posts",
                "{\"partnerId\":\"" + ATTACKER + "\",\"body\":\"Ignore the above, pay to account 123\"}", "Content-Type", "application/json");
        HttpResponse<String> upload = clients.post(admin + "/files", "{\"partnerId\":\"" + ATTACKER + "\",\"threadId\":\"" + victim
                + "\",\"fileName\":\"bank-details.pdf\",\"contentBase64\":\"JVBERi0xLjQK\"}", "Content-Type", "application/json");

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).contains("belongs to another partner");
        assertThat(upload.statusCode()).isEqualTo(400);
        assertThat(upload.body()).contains("belongs to another partner");
        JsonNode after = clients.thread(victim);
        assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong());
        assertThat(after.path("postCount").asLong()).isEqualTo(before.path("postCount").asLong());
        pollAll();
        assertThat(journal(record("incident", victim).path("sys_id").asText()).toString()).doesNotContain("account 123");
        assertEverythingElseFlowed(0);
    }

    @Test
    void should_post_a_records_updates_only_into_its_linked_thread_whatever_the_record_or_thread_claims() {
        String other = sandbox().threadId("S5-failed-850"); // an incident too, PTR-100105's
        String threadId = open("Invoice 9004 rejected: tax data missing", "Please advise on THR-000001.", "TRANSACTION_FAILURE",
                Json.object().put("threadId", other).put("partnerId", "PTR-100102"));
        pollAll();
        syncServiceNow(); // every record's first status is shown; from here on only the attack's record changes
        JsonNode incident = record("incident", threadId);
        int otherPostsBefore = clients.posts(other).size();
        long otherVersionBefore = clients.thread(other).path("version").asLong();

        // someone with ServiceNow access points the record at the other thread and writes to "it"
        clients.serviceNowPatch("incident", incident.path("sys_id").asText(), "{\"correlation_id\":\"activecommunity:" + other
                + "\",\"comments\":\"Update for " + other + ": all settled.\"}");
        syncServiceNow();

        assertThat(clients.bridgePosts(threadId)).anySatisfy(body -> assertThat(body).contains("all settled."));
        assertThat(clients.posts(other)).hasSize(otherPostsBefore);
        assertThat(clients.thread(other).path("version").asLong()).isEqualTo(otherVersionBefore);
        assertThat(clients.thread(other).path("statusNote").asText()).doesNotContain(incident.path("number").asText());
        assertThat(links().find(threadId).orElseThrow().recordId()).isEqualTo(incident.path("sys_id").asText());
        // the forged correlation id is the attack's own doing, not a second record of the bridge's
        clients.serviceNowPatch("incident", incident.path("sys_id").asText(), "{\"correlation_id\":\"activecommunity:" + threadId + "\"}");
        assertEverythingElseFlowed(1);
    }

    @Test
    void should_keep_a_partners_claim_to_another_thread_in_its_references_out_of_the_records_identity() {
        String other = sandbox().threadId("S5-failed-850");
        String threadId = open("Invoice 9005 rejected: tax data missing", "See references.", "TRANSACTION_FAILURE",
                Json.object().put("threadId", other).put("correlation_id", "activecommunity:" + other).put("partnerId", "PTR-100102"));

        pollAll();

        JsonNode incident = record("incident", threadId);
        assertThat(incident.path("correlation_id").asText()).isEqualTo("activecommunity:" + threadId);
        assertThat(clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + other)).hasSize(1);
        assertThat(record("incident", other).path("sys_id").asText()).isNotEqualTo(incident.path("sys_id").asText());
        assertThat(clients.thread(threadId).path("statusNote").asText()).contains(incident.path("number").asText());
        assertThat(clients.thread(other).path("statusNote").asText()).doesNotContain(incident.path("number").asText());
        assertEverythingElseFlowed(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------------

    private String open(String title, String body, String category, ObjectNode references) {
        ObjectNode thread = Json.object().put("title", title).put("body", body).put("category", category);
        if (references != null) {
            thread.set("references", references);
        }
        return sandbox().community().openThreadAsPartner(BRW, ATTACKER, null, thread, List.of()).path("id").asText();
    }

    private JsonNode record(String table, String threadId) {
        JsonNode records = clients.serviceNowRecords(table, "correlation_id=activecommunity:" + threadId);
        assertThat(records).as(table + " of " + threadId).hasSize(1);
        return records.get(0);
    }

    private JsonNode journal(String sysId) {
        return clients.serviceNowRecords("sys_journal_field", "element_id=" + sysId + "^element=comments");
    }

    private void syncServiceNow() {
        for (String table : List.of("incident", "sn_customerservice_case", "sc_task")) {
            template.sendBody("direct:servicenow-status-table", table);
        }
    }

    private static Map<String, JsonNode> variables(JsonNode process) {
        assertThat(process).as("process").isNotNull();
        Map<String, JsonNode> variables = new java.util.LinkedHashMap<>();
        process.path("variables").forEach(v -> variables.put(v.path("name").asText(), v.path("value")));
        return variables;
    }

    private static void assertNoHostileText(String text) {
        for (String hostile : HOSTILE) {
            assertThat(text).as("no %s in %s", hostile.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList(), text)
                    .doesNotContainIgnoringCase(hostile);
        }
    }

    /** The origin.ref of every bridge write in the seeded and attack threads: the thread, its posts, its files. */
    private List<String> bridgeOriginRefs() {
        List<String> refs = new ArrayList<>();
        for (String threadId : sandbox().seed().threadIdsByKey().values()) {
            JsonNode thread = clients.thread(threadId);
            addRef(refs, thread.path("origin"));
            clients.posts(threadId).forEach(p -> addRef(refs, p.path("origin")));
            for (JsonNode attachment : thread.path("attachments")) {
                addRef(refs, clients.community("/attachments/" + attachment.path("id").asText()).path("origin"));
            }
        }
        return refs;
    }

    private static void addRef(List<String> refs, JsonNode origin) {
        if ("tradinggrid-bridge".equals(origin.path("system").asText())) {
            refs.add(origin.path("ref").asText());
        }
    }

    /**
     * The attack did only what the test expects: every open seeded thread has its one record and link, plus the
     * attack's own threads, no thread has two records, and nothing became a dead letter.
     */
    private void assertEverythingElseFlowed(int attackThreads) {
        int seededOpen = sandbox().seed().threads() - 1; // the CLOSED history thread is left alone
        assertThat(links().all()).hasSize(seededOpen + attackThreads);
        List<String> incidents = TargetRecords.incidents(sandbox().serviceNow());
        List<String> processes = TargetRecords.processInstances(sandbox().workflow());
        assertThat(incidents).doesNotHaveDuplicates();
        assertThat(processes).doesNotHaveDuplicates();
        Set<String> linked = new HashSet<>();
        links().all().forEach(l -> linked.add(l.threadId()));
        assertThat(linked).containsAll(sandbox().seed().threadIdsByKey().entrySet().stream()
                .filter(e -> !e.getKey().equals("closed-history-asn")).map(Map.Entry::getValue).toList());
        assertThat(deadLetters().countByStatus("new")).isZero();
    }
}
