package io.tradinggrid.emulator.community;

import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartnerOnboardingComplianceTest extends PartnerCommunityTestSupport {

    @BeforeEach
    void fresh() {
        freshCommunity("COM-PARTNERS");
    }

    private static ObjectNode newDistributor() {
        ObjectNode p = Json.object().put("companyName", "Northgate Wholesale Supply LLC").put("duns", "784512093").put("country", "US");
        p.putArray("externalReferences").addObject().put("system", "servicenow").put("id", "core_company:7f3a");
        p.putObject("origin").put("system", "bridge").put("ref", "servicenow:sc_req_item:RITM0010042");
        return p;
    }

    @Test
    void should_create_partner_invited_and_refuse_duplicate_duns_or_reference_with_409_and_id() {
        CommunityClient.Response created = client.post("/partners", newDistributor());
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("status").asText()).isEqualTo("INVITED");
        assertThat(created.json().path("origin").path("ref").asText()).isEqualTo("servicenow:sc_req_item:RITM0010042");

        CommunityClient.Response sameDuns = client.post("/partners", Json.object().put("companyName", "Northgate (again)").put("duns", "784512093"));
        ObjectNode sameRef = Json.object().put("companyName", "Northgate (other DUNS)").put("duns", "000000001");
        sameRef.putArray("externalReferences").addObject().put("system", "servicenow").put("id", "core_company:7f3a");
        CommunityClient.Response sameReference = client.post("/partners", sameRef);

        assertThat(sameDuns.status()).isEqualTo(409);
        assertThat(sameDuns.json().path("exception").asText()).isEqualTo(id);
        assertThat(sameReference.status()).isEqualTo(409);
        assertThat(sameReference.json().path("exception").asText()).isEqualTo(id);
    }

    @Test
    void should_find_partners_by_duns_and_external_reference() {
        String id = client.post("/partners", newDistributor()).json().path("id").asText();

        JsonNode byDuns = client.get("/partners?duns=784512093").json();
        JsonNode byRef = client.get("/partners?externalReference=" + CommunityClient.enc("servicenow:core_company:7f3a")).json();
        JsonNode none = client.get("/partners?duns=000000000").json();

        assertThat(byDuns.path("_embedded").path("partners").path(0).path("id").asText()).isEqualTo(id);
        assertThat(byRef.path("page").path("totalElements").asInt()).isEqualTo(1);
        assertThat(none.path("page").path("totalElements").asInt()).isZero();
        assertThat(client.get("/partners?externalReference=nocolon").status()).isEqualTo(400);
    }

    @Test
    void should_provision_partner_status_contacts_and_community_access() {
        String id = client.post("/partners", newDistributor()).json().path("id").asText();
        ObjectNode patch = Json.object().put("status", "ACTIVE");
        patch.putArray("contacts").addObject().put("name", "Paul Whitaker").put("email", "pw@northgate.example").put("role", "Operations manager");
        JsonNode patched = client.patch("/partners/" + id, patch).json();
        ObjectNode access = Json.object().put("communityId", communityId);
        access.putArray("roles").add("CONTRIBUTOR").add("CLAIMS_SUBMITTER");
        JsonNode granted = client.put("/partners/" + id + "/access", access).json();

        assertThat(patched.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(patched.path("contacts").path(0).path("name").asText()).isEqualTo("Paul Whitaker");
        assertThat(granted.path("roles")).hasSize(2);
        JsonNode partner = client.get("/partners/" + id).json();
        assertThat(partner.path("access").path(0).path("communityId").asText()).isEqualTo(communityId);
        // the new partner can now act in the community
        assertThat(emulator.openThreadAsPartner(communityId, id, null, CommunityClient.threadCreate("Hello", "GENERAL"), List.of())
                .path("partner").path("id").asText()).isEqualTo(id);

        ObjectNode revoke = Json.object().put("communityId", communityId);
        revoke.putArray("roles");
        client.put("/partners/" + id + "/access", revoke);
        assertThat(client.get("/partners/" + id).json().path("access")).isEmpty();
        ObjectNode badRole = Json.object().put("communityId", communityId);
        badRole.putArray("roles").add("SUPERUSER");
        assertThat(client.put("/partners/" + id + "/access", badRole).status()).isEqualTo(400);
        assertThat(client.put("/partners/PTR-NOPE/access", access).status()).isEqualTo(404);
    }

    @Test
    void should_move_onboarding_requests_forward_and_refuse_illegal_transitions_with_409() {
        String requestId = emulator.submitOnboardingRequest(communityId, Json.object().put("companyName", "Cedar Valley Organics")
                .put("duns", "116840527"), List.of(NewFile.of("w9.pdf", "application/pdf", SampleFiles.pdf(List.of("W-9"))))).path("id").asText();

        ObjectNode review = Json.object().put("status", "IN_REVIEW");
        review.putArray("checklist").add(Json.object().put("item", "compliance check").put("status", "IN_PROGRESS"))
                .add(Json.object().put("item", "account setup").put("status", "PENDING"));
        review.putObject("origin").put("system", "bridge");
        JsonNode inReview = client.patch("/onboarding-requests/" + requestId, review).json();
        ObjectNode progress = Json.object();
        progress.putArray("checklist").addObject().put("item", "compliance check").put("status", "DONE").put("note", "certificates valid");
        JsonNode merged = client.patch("/onboarding-requests/" + requestId, progress).json();

        assertThat(inReview.path("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(inReview.path("documents").path(0).path("fileName").asText()).isEqualTo("w9.pdf");
        assertThat(merged.path("checklist")).hasSize(2);
        assertThat(merged.path("checklist").path(0).path("status").asText()).isEqualTo("DONE");

        CommunityClient.Response backwards = client.patch("/onboarding-requests/" + requestId, Json.object().put("status", "SUBMITTED"));
        assertThat(backwards.status()).isEqualTo(409);
        assertThat(client.patch("/onboarding-requests/" + requestId, Json.object().put("status", "APPROVED")).status()).isEqualTo(200);
        assertThat(client.patch("/onboarding-requests/" + requestId, Json.object().put("status", "ACTIVE")).status()).isEqualTo(200);
        assertThat(client.patch("/onboarding-requests/" + requestId, Json.object().put("status", "REJECTED")).status()).isEqualTo(409);
        ObjectNode badItem = Json.object();
        badItem.putArray("checklist").addObject().put("item", "x").put("status", "MAYBE");
        assertThat(client.patch("/onboarding-requests/" + requestId, badItem).status()).isEqualTo(400);
    }

    @Test
    void should_link_onboarding_requests_to_the_partner_profile_created_for_their_duns() {
        String requestId = emulator.submitOnboardingRequest(communityId, Json.object().put("companyName", "Northgate Wholesale Supply LLC")
                .put("duns", "784512093"), List.of()).path("id").asText();
        assertThat(client.get("/onboarding-requests/" + requestId).json().has("partnerId")).isFalse();

        String id = client.post("/partners", newDistributor()).json().path("id").asText();

        assertThat(client.get("/onboarding-requests/" + requestId).json().path("partnerId").asText()).isEqualTo(id);
    }

    @Test
    void should_list_compliance_documents_expiring_before_a_date_and_record_the_review() {
        LocalDate today = LocalDate.now();
        String soon = emulator.submitComplianceDocument(communityId, partnerId, Json.object().put("type", "COMPLIANCE_CERTIFICATE")
                .put("name", "SQF certificate").put("expiresOn", today.plusDays(20).toString()),
                NewFile.of("sqf.pdf", "application/pdf", SampleFiles.pdf(List.of("SQF")))).path("id").asText();
        String later = emulator.submitComplianceDocument(communityId, partnerId, Json.object().put("type", "INSURANCE")
                .put("name", "COI").put("expiresOn", today.plusDays(200).toString()).put("openThread", false),
                NewFile.of("coi.pdf", "application/pdf", SampleFiles.pdf(List.of("COI")))).path("id").asText();

        JsonNode expiring = client.get("/compliance-documents?expiresBefore=" + today.plusDays(30)).json();
        JsonNode ofPartner = client.get("/partners/" + partnerId + "/compliance-documents").json();

        assertThat(ids(expiring)).containsExactly(soon);
        assertThat(ids(ofPartner)).containsExactly(soon, later);
        JsonNode submitted = ofPartner.path("_embedded").path("complianceDocuments").path(0);
        assertThat(submitted.path("status").asText()).isEqualTo("PENDING_REVIEW");
        assertThat(submitted.path("threadId").asText()).startsWith("THR-");
        assertThat(client.get("/threads/" + submitted.path("threadId").asText()).json().path("category").asText()).isEqualTo("COMPLIANCE_SUBMISSION");
        assertThat(client.get("/compliance-documents").status()).as("expiresBefore is required").isEqualTo(400);

        JsonNode reviewed = client.patch("/compliance-documents/" + soon, Json.object().put("status", "REJECTED")
                .put("reviewNote", "Certificate scope does not cover the Salem plant")).json();
        assertThat(reviewed.path("status").asText()).isEqualTo("REJECTED");
        assertThat(client.get("/compliance-documents?expiresBefore=" + today.plusDays(30) + "&status=APPROVED").json()
                .path("page").path("totalElements").asInt()).isZero();
    }

    @Test
    void should_publish_knowledge_articles_once_per_external_reference_and_sanitise_html() {
        ObjectNode article = Json.object().put("title", "Invoices rejected for missing tax data").put("bodyFormat", "html")
                .put("body", "<p>Send TXI*SU*0</p><script>alert(1)</script><a href=\"javascript:evil()\" onclick=\"x()\">more</a>");
        article.putObject("externalReference").put("system", "servicenow").put("id", "KB0010077");
        article.putObject("origin").put("system", "bridge");
        CommunityClient.Response created = client.post("/communities/" + communityId + "/knowledge-articles", article);
        String id = created.json().path("id").asText();
        CommunityClient.Response again = client.post("/communities/" + communityId + "/knowledge-articles", article);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("body").asText()).contains("<p>Send TXI*SU*0</p>").doesNotContain("script").doesNotContain("onclick")
                .doesNotContain("javascript:");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("exception").asText()).isEqualTo(id);

        JsonNode replaced = client.put("/knowledge-articles/" + id, article.put("title", "Invoices rejected for missing tax data (updated)")).json();
        assertThat(replaced.path("title").asText()).endsWith("(updated)");
        assertThat(client.delete("/knowledge-articles/" + id).status()).isEqualTo(204);
        assertThat(client.delete("/knowledge-articles/" + id).status()).as("a retried DELETE").isEqualTo(204);
        assertThat(client.get("/communities/" + communityId + "/knowledge-articles").json().path("page").path("totalElements").asInt()).isZero();
        assertThat(client.post("/communities/" + communityId + "/knowledge-articles", article).status()).as("re-publish after retire").isEqualTo(201);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("_embedded").path("complianceDocuments").forEach(d -> out.add(d.path("id").asText()));
        return out;
    }
}
