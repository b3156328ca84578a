package io.tradinggrid.emulator.community;

import java.time.LocalDate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxSeedTest extends CommunityEmulatorTestSupport {

    static SeedSummary seed;

    @BeforeAll
    static void seedSandbox() {
        seed = emulator.seedSandbox();
    }

    private List<JsonNode> threads(String communityId) {
        List<JsonNode> out = new ArrayList<>();
        client.get("/communities/" + communityId + "/threads?count=200").json().path("_embedded").path("threads").forEach(out::add);
        return out;
    }

    private JsonNode thread(String key) {
        return client.get("/threads/" + seed.threadIdsByKey().get(key)).json();
    }

    private List<JsonNode> posts(String threadId) {
        List<JsonNode> out = new ArrayList<>();
        client.get("/threads/" + threadId + "/posts?count=200").json().path("_embedded").path("posts").forEach(out::add);
        return out;
    }

    private byte[] content(String attachmentId) {
        return client.get("/attachments/" + attachmentId + "/content").body();
    }

    @Test
    void should_seed_two_communities_with_suppliers_a_3pl_and_distributors() {
        assertThat(seed.communityIds()).containsExactly("COM-BRW-SUPPLIERS", "COM-KST-DISTRIBUTION");
        assertThat(seed.partnerIds()).hasSize(7);
        JsonNode blueLine = client.get("/partners?duns=831947260").json().path("_embedded").path("partners").path(0);
        assertThat(blueLine.path("companyName").asText()).isEqualTo("BlueLine Logistics LLC");
        assertThat(blueLine.path("ediAddresses").path(0).path("qualifier").asText()).isEqualTo("ZZ");
        assertThat(blueLine.path("access")).hasSize(2);
        assertThat(client.get("/partners/PTR-100105").json().path("companyName").asText()).contains("Distributors");
    }

    @Test
    void should_cover_every_community_to_system_use_case_with_threads() {
        assertThat(seed.threadIdsByUseCase().keySet()).containsAll(List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "S1", "S3", "S5", "S7"));
        assertThat(seed.threads()).isEqualTo(threads("COM-BRW-SUPPLIERS").size() + threads("COM-KST-DISTRIBUTION").size());
        assertThat(seed.threads()).isGreaterThanOrEqualTo(20);
        Map<String, Integer> categories = seed.threadsByCategory();
        assertThat(categories.keySet()).contains("DISPUTE", "SHIPMENT_EXCEPTION", "INVOICE_MISMATCH", "COMPLIANCE_ISSUE",
                "ORDER_DISCREPANCY", "MISSING_ASN", "PRICING_CONFLICT", "DELIVERY_EXCEPTION", "CLAIM", "DOCUMENT_SUBMISSION",
                "COMPLIANCE_SUBMISSION", "PARTNER_REQUEST", "TRANSACTION_FAILURE", "ONBOARDING", "GENERAL");
        assertThat(categories.get("GENERAL")).as("threads filed under GENERAL whose text says what they are").isGreaterThanOrEqualTo(3);
        assertThat(thread("W4-general-really-pricing").path("body").asText()).contains("pricing conflict");
        assertThat(thread("W6-general-really-chargeback").path("body").asText()).contains("chargeback");
        assertThat(thread("S7-critical-escalation").path("priority").asText()).isEqualTo("CRITICAL");
        assertThat(thread("S7-critical-escalation").path("communityId").asText()).isEqualTo("COM-KST-DISTRIBUTION");
        assertThat(thread("S5-invoice-missing-tax").path("category").asText()).isEqualTo("TRANSACTION_FAILURE");
        assertThat(thread("W1-chargeback-dispute").path("references").path("amount").asDouble()).isEqualTo(1840.00);
    }

    @Test
    void should_seed_onboarding_and_compliance_context_for_w3_w5_and_s6() {
        assertThat(seed.onboardingRequests()).isEqualTo(3);
        JsonNode brw = client.get("/communities/COM-BRW-SUPPLIERS/onboarding-requests").json();
        JsonNode kst = client.get("/communities/COM-KST-DISTRIBUTION/onboarding-requests").json();
        assertThat(brw.path("page").path("totalElements").asInt()).isEqualTo(2);
        JsonNode northgate = kst.path("_embedded").path("onboardingRequests").path(0);
        assertThat(northgate.path("companyName").asText()).isEqualTo("Northgate Wholesale Supply LLC");
        assertThat(northgate.has("partnerId")).as("S6: the profile is created by the bridge after approval").isFalse();
        assertThat(client.get("/partners?duns=" + northgate.path("duns").asText()).json().path("page").path("totalElements").asInt()).isZero();
        JsonNode falk = client.get("/onboarding-requests/" + seed.onboardingRequestIds().get(1)).json();
        assertThat(falk.path("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(falk.path("checklist")).hasSize(4);

        assertThat(seed.complianceDocuments()).isEqualTo(4);
        assertThat(seed.threadIdsByUseCase().get("W5")).hasSize(2);
        JsonNode expiring = client.get("/compliance-documents?expiresBefore=" + LocalDate.now().plusDays(30)).json();
        assertThat(expiring.path("page").path("totalElements").asInt()).isEqualTo(3);
        assertThat(thread("W5-sqf-certificate").path("category").asText()).isEqualTo("COMPLIANCE_SUBMISSION");
    }

    @Test
    void should_include_follow_ups_with_a_document_request_and_clarifications() {
        List<JsonNode> bol = posts(seed.threadIdsByKey().get("S3-corrected-bol-request"));
        assertThat(bol).anySatisfy(p -> {
            assertThat(p.path("kind").asText()).isEqualTo("DOCUMENT_REQUEST");
            assertThat(p.path("body").asText()).contains("corrected bill of lading");
            assertThat(p.path("author").path("kind").asText()).isEqualTo("PARTNER");
        });
        List<JsonNode> claim = posts(seed.threadIdsByKey().get("W6-damage-claim"));
        assertThat(claim).extracting(p -> p.path("kind").asText()).contains("CLARIFICATION");
        assertThat(claim).extracting(p -> p.path("author").path("kind").asText()).contains("INTERNAL", "PARTNER");
        assertThat(thread("W6-damage-claim").path("postCount").asInt()).isEqualTo(3);
        assertThat(thread("closed-history-asn").path("status").asText()).isEqualTo("CLOSED");
        assertThat(seed.posts()).isGreaterThan(seed.threads());
    }

    @Test
    void should_generate_real_files_with_correct_magic_bytes() {
        JsonNode claim = thread("W6-damage-claim");
        byte[] png = content(claim.path("attachments").path(0).path("id").asText());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        assertThat(png.length).isGreaterThan(10_000);

        byte[] pdf = content(claim.path("attachments").path(1).path("id").asText());
        String pdfText = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(pdfText).startsWith("%PDF-1.4").endsWith("%%EOF\n");
        int startxref = Integer.parseInt(pdfText.replaceAll("(?s).*startxref\\n(\\d+)\\n%%EOF\\n$", "$1"));
        assertThat(pdfText.substring(startxref)).startsWith("xref");
        int obj4 = Integer.parseInt(pdfText.substring(startxref).split("\n")[6].substring(0, 10));
        assertThat(pdfText.substring(obj4)).startsWith("4 0 obj");

        byte[] edi = content(thread("W4-missing-asn").path("attachments").path(0).path("id").asText());
        String x12 = new String(edi, StandardCharsets.US_ASCII);
        String[] segments = x12.split("~\n");
        assertThat(segments[0]).startsWith("ISA*").hasSize(105); // 106 with the terminator
        assertThat(segments[2]).isEqualTo("ST*856*0001");
        String se = segments[segments.length - 3];
        int stIndex = 2;
        int seIndex = segments.length - 3;
        assertThat(se).isEqualTo("SE*" + (seIndex - stIndex + 1) + "*0001");
        byte[] invoice = content(thread("S5-invoice-missing-tax").path("attachments").path(0).path("id").asText());
        assertThat(new String(invoice, StandardCharsets.US_ASCII)).contains("ST*810*").doesNotContain("TXI*");

        JsonNode csv = thread("W1-chargeback-dispute").path("attachments").path(0);
        assertThat(csv.path("mimeType").asText()).isEqualTo("text/csv");
        assertThat(new String(content(csv.path("id").asText()), StandardCharsets.UTF_8)).startsWith("appointment_id,dc,door");
    }

    @Test
    void should_include_deliberately_awkward_input() {
        JsonNode awkward = thread("awkward-input");
        assertThat(awkward.path("body").asText()).contains("<script>");
        assertThat(awkward.path("title").asText()).contains("<b>");
        assertThat(awkward.path("attachments").findValuesAsText("fileName")).contains("../../etc/passwd.pdf");
        JsonNode traversal = awkward.path("attachments").path(0);
        assertThat(new String(content(traversal.path("id").asText()), StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
    }

    @Test
    void should_show_seeded_threads_with_their_latest_activity_as_updated_time() {
        JsonNode s7 = thread("S7-critical-escalation");
        List<JsonNode> posts = posts(s7.path("id").asText());
        assertThat(s7.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(s7.path("lastPostTime").asText()).isEqualTo(posts.get(posts.size() - 1).path("createdTime").asText());
        assertThat(s7.path("updatedTime").asText()).isGreaterThanOrEqualTo(s7.path("lastPostTime").asText());
        assertThat(s7.path("createdTime").asText()).isLessThan(s7.path("updatedTime").asText());
    }

    @Test
    void should_report_state_and_reset_to_empty() {
        CommunityEmulator other = newEmulator().start(); // a second, unseeded emulator beside the class's own
        try {
            CommunityClient otherClient = new CommunityClient(other);
            JsonNode summary = otherClient.admin("POST", "/seed", null).json();
            assertThat(summary.path("threads").asInt()).isEqualTo(seed.threads());
            JsonNode state = otherClient.admin("GET", "/state", null).json();
            assertThat(state.path("counts").path("threads").asInt()).isEqualTo(seed.threads());
            assertThat(state.path("communities")).hasSize(2);
            JsonNode clock = otherClient.admin("PUT", "/clock", Json.object().put("mode", "fixed").put("time", "2026-11-21T09:30:00Z")).json();
            assertThat(clock.path("now").asText()).isEqualTo("2026-11-21T09:30:00.000Z");
            JsonNode advanced = otherClient.admin("PUT", "/clock", Json.object().put("mode", "advance").put("millis", 1500)).json();
            assertThat(advanced.path("now").asText()).isEqualTo("2026-11-21T09:30:01.500Z");

            assertThat(otherClient.admin("POST", "/reset", null).status()).isEqualTo(204);
            JsonNode empty = otherClient.admin("GET", "/state", null).json();
            assertThat(empty.path("counts").path("threads").asInt()).isZero();
            assertThat(empty.path("communities")).isEmpty();
            assertThat(empty.path("clock").path("mode").asText()).isEqualTo("system");
        } finally {
            other.close();
        }
    }
}
