package io.tradinggrid.emulator.workflow;

import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every path of every shipped process definition, driven to its end over HTTP by completing tasks with outcomes. */
class WorkflowShippedProcessesTest extends WorkflowEmulatorTestSupport {

    private void assertEndedAt(String id, String endActivityId) throws Exception {
        // as in Flowable: an ended instance has left the runtime, only history has it
        assertThat(get("/process-instances/" + id).status()).isEqualTo(404);
        assertThat(tasks(id)).isEmpty();
        JsonNode history = get("/history/process-instances/" + id).json();
        assertThat(history.get("ended").asBoolean()).as("ended").isTrue();
        assertThat(history.get("completed").asBoolean()).as("completed").isTrue();
        assertThat(history.get("endActivityId").asText()).isEqualTo(endActivityId);
        assertThat(history.get("endTime").isNull()).isFalse();
    }

    private static List<String> groups(JsonNode task) {
        List<String> groups = new ArrayList<>();
        task.path("assignments").forEach(a -> {
            if ("candidate".equals(a.path("type").asText()) && !a.path("group").isNull()) {
                groups.add(a.get("group").asText());
            }
        });
        return groups;
    }

    @Test
    void should_deploy_all_six_shipped_process_definitions_at_start() throws Exception {
        Response r = get("/runtime/models?latestVersion=true&count=50");
        List<String> keys = new ArrayList<>();
        r.json().path("_embedded").path("models").forEach(m -> keys.add(m.get("key").asText()));
        assertThat(keys).containsExactlyInAnyOrderElementsOf(WorkflowEmulator.SHIPPED_PROCESS_KEYS);
    }

    @ParameterizedTest
    @CsvSource({
        "partnerExceptionRaised, partnerExceptionCase, exceptionRaised, triage",
        "partnerDocumentSubmitted, documentReview, documentSubmitted, reviewDocument",
        "partnerOnboardingRequested, partnerOnboarding, onboardingRequested, checklistFork",
        "complianceDocumentSubmitted, complianceReview, complianceDocumentSubmitted, validateCompleteness",
        "partnerClaimFiled, claim, claimFiled, intake",
        "partnerRequestSubmitted, partnerRequest, requestSubmitted, fulfilRequest"})
    void should_start_each_shipped_process_by_its_message(String message, String key, String startEventId, String nextActivity) throws Exception {
        Response r = post("/process-instances", Json.object().put("message", message).put("businessKey", "MSG-" + key));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("processDefinitionKey").asText()).isEqualTo(key);
        String id = r.json().get("id").asText();
        List<String> visited = activityIds(id, null);
        assertThat(visited.get(0)).isEqualTo(startEventId);
        assertThat(visited).contains(nextActivity);
    }

    // ---- partnerExceptionCase -----------------------------------------------------------------------

    @Test
    void should_resolve_partner_exception_case_through_triage_investigation_and_resolution() throws Exception {
        String id = start("partnerExceptionCase", "AC-THREAD-100", "caseType", "invoiceMismatch").get("id").asText();
        JsonNode triage = singleTask(id, "triage");
        assertThat(triage.get("name").asText()).isEqualTo("Triage partner exception");
        assertThat(groups(triage)).containsExactly("ops-exceptions");
        complete(id, "triage", null, "ownerGroup", "finance");
        JsonNode investigate = singleTask(id, "investigate");
        assertThat(groups(investigate)).as("owner group chosen at triage").containsExactly("finance");
        assertThat(investigate.get("outcomeVariable").asText()).isEqualTo("investigationOutcome");
        complete(id, "investigate", "resolved");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("confirmResolution");
        complete(id, "confirmResolution", null, "resolutionSummary", "Credit note issued");
        assertEndedAt(id, "caseClosed");
        assertThat(variablesByName(historic(id)).get("investigationOutcome").asText()).isEqualTo("resolved");
        assertThat(activityIds(id, "userTask")).containsExactly("triage", "investigate", "confirmResolution");
    }

    @Test
    void should_wait_for_partner_information_and_return_to_investigation() throws Exception {
        String id = start("partnerExceptionCase", "AC-THREAD-101", "caseType", "missingAsn", "ownerGroup", "logistics").get("id").asText();
        complete(id, "triage", null);
        assertThat(groups(singleTask(id, "investigate"))).containsExactly("logistics");
        complete(id, "investigate", "needsPartnerInfo");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("awaitPartnerInfo");
        complete(id, "awaitPartnerInfo", null, "partnerResponse", "ASN resent with SSCC labels");
        complete(id, "investigate", "resolved");
        complete(id, "confirmResolution", null);
        assertEndedAt(id, "caseClosed");
        assertThat(activityIds(id, "userTask")).containsExactly("triage", "investigate", "awaitPartnerInfo", "investigate", "confirmResolution");
    }

    @Test
    void should_escalate_partner_exception_to_exception_managers_and_back() throws Exception {
        String id = start("partnerExceptionCase", "AC-THREAD-102", "caseType", "pricingConflict", "ownerGroup", "sales").get("id").asText();
        complete(id, "triage", null);
        complete(id, "investigate", "escalate");
        JsonNode review = singleTask(id, "escalationReview");
        assertThat(groups(review)).containsExactly("exception-managers");
        complete(id, "escalationReview", "reinvestigate");
        complete(id, "investigate", "escalate");
        complete(id, "escalationReview", "resolve");
        complete(id, "confirmResolution", null);
        assertEndedAt(id, "caseClosed");
        assertThat(activityIds(id, "userTask")).containsExactly("triage", "investigate", "escalationReview", "investigate",
                "escalationReview", "confirmResolution");
    }

    @Test
    void should_take_investigation_due_date_from_variable_or_sla() throws Exception {
        String explicit = start("partnerExceptionCase", "AC-DUE-1", "dueDate", "2031-01-15T12:00:00.000+0000").get("id").asText();
        complete(explicit, "triage", null);
        assertThat(singleTask(explicit, "investigate").get("dueDate").asText()).isEqualTo("2031-01-15T12:00:00.000+0000");

        String sla = start("partnerExceptionCase", "AC-DUE-2").get("id").asText();
        complete(sla, "triage", null);
        Instant due = Times.parse(singleTask(sla, "investigate").get("dueDate").asText());
        assertThat(Duration.between(Instant.now(), due).toHours()).isBetween(71L, 72L);
    }

    // ---- documentReview --------------------------------------------------------------------------

    @Test
    void should_end_document_review_as_approved() throws Exception {
        String id = start("documentReview", "DOC-1", "documentType", "contract", "documentName", "MSA 2025", "reviewGroup", "partner-management")
                .get("id").asText();
        JsonNode task = singleTask(id, "reviewDocument");
        assertThat(groups(task)).containsExactly("partner-management");
        assertThat(task.get("description").asText()).isEqualTo("Review MSA 2025 (contract); approve, reject, or request follow-up actions (variable followUpActions).");
        complete(id, "reviewDocument", "approved");
        assertEndedAt(id, "documentApproved");
    }

    @Test
    void should_end_document_review_as_rejected() throws Exception {
        String id = start("documentReview", "DOC-2", "documentType", "shippingInstruction").get("id").asText();
        assertThat(groups(singleTask(id, "reviewDocument"))).containsExactly("compliance");
        complete(id, "reviewDocument", "rejected");
        assertEndedAt(id, "documentRejected");
    }

    @Test
    void should_end_document_review_with_follow_up_actions() throws Exception {
        String id = start("documentReview", "DOC-3", "documentType", "claimsEvidence").get("id").asText();
        complete(id, "reviewDocument", "followUp", "followUpActions", List.of("Provide signed delivery note", "Add photos of damage"));
        assertEndedAt(id, "followUpRequested");
        JsonNode actions = variablesByName(historic(id)).get("followUpActions");
        assertThat(actions.isArray()).isTrue();
        assertThat(actions.get(1).asText()).isEqualTo("Add photos of damage");
    }

    // ---- partnerOnboarding -------------------------------------------------------------------------

    @Test
    void should_run_onboarding_checklist_in_parallel_and_activate_partner() throws Exception {
        String id = start("partnerOnboarding", "PARTNER-ACME", "partnerName", "ACME Logistics").get("id").asText();
        List<JsonNode> open = tasks(id);
        assertThat(open).extracting(t -> t.get("taskDefinitionKey").asText())
                .containsExactlyInAnyOrder("complianceCheck", "accountSetup", "masterDataValidation");
        assertThat(groups(singleTask(id, "complianceCheck"))).containsExactly("compliance");
        assertThat(groups(singleTask(id, "accountSetup"))).containsExactly("finance");
        assertThat(groups(singleTask(id, "masterDataValidation"))).containsExactly("master-data");

        complete(id, "accountSetup", null, "erpAccountId", "V-100234");
        complete(id, "complianceCheck", "passed");
        assertThat(tasks(id)).extracting(t -> t.get("taskDefinitionKey").asText()).containsExactly("masterDataValidation");
        complete(id, "masterDataValidation", "valid");
        JsonNode approval = singleTask(id, "approveTradingRelationship");
        assertThat(groups(approval)).containsExactly("partner-management");
        assertThat(approval.get("description").asText()).isEqualTo("Compliance: passed; master data: valid.");
        complete(id, "approveTradingRelationship", "approved");
        assertEndedAt(id, "partnerActivated");

        Response checklist = get("/history/activity-instances?processInstanceId=" + id + "&activityType=userTask&finished=true&count=50");
        assertThat(checklist.json().path("page").path("totalElements").asInt()).isEqualTo(4);
    }

    @Test
    void should_end_onboarding_as_rejected_when_relationship_is_not_approved() throws Exception {
        String id = start("partnerOnboarding", "PARTNER-BAD").get("id").asText();
        complete(id, "complianceCheck", "failed");
        complete(id, "masterDataValidation", "correctionsNeeded");
        assertThat(tasks(id)).extracting(t -> t.get("taskDefinitionKey").asText()).containsExactly("accountSetup");
        complete(id, "accountSetup", null);
        complete(id, "approveTradingRelationship", "rejected");
        assertEndedAt(id, "onboardingRejected");
    }

    // ---- complianceReview --------------------------------------------------------------------------

    @Test
    void should_approve_complete_compliance_document() throws Exception {
        String id = start("complianceReview", "CERT-1", "documentType", "insurance", "expiryDate", "2027-03-31").get("id").asText();
        complete(id, "validateCompleteness", "complete");
        complete(id, "reviewComplianceDocument", "approved");
        assertEndedAt(id, "complianceApproved");
    }

    @Test
    void should_reject_compliance_document_after_review() throws Exception {
        String id = start("complianceReview", "CERT-2", "reviewGroup", "partner-management").get("id").asText();
        assertThat(groups(singleTask(id, "validateCompleteness"))).containsExactly("partner-management");
        complete(id, "validateCompleteness", "complete");
        complete(id, "reviewComplianceDocument", "rejected");
        assertEndedAt(id, "complianceRejected");
    }

    @Test
    void should_end_compliance_review_when_submission_is_incomplete() throws Exception {
        String id = start("complianceReview", "CERT-3").get("id").asText();
        complete(id, "validateCompleteness", "incomplete", "missingItems", List.of("signature page"));
        assertEndedAt(id, "submissionIncomplete");
        assertThat(activityIds(id, "userTask")).containsExactly("validateCompleteness");
    }

    // ---- claim -------------------------------------------------------------------------------------

    @Test
    void should_start_claim_process_by_key_with_business_key() throws Exception {
        JsonNode pi = start("claim", "CLAIM-2025-0001", "claimType", "shortage", "claimAmount", 1250.5, "currency", "EUR");
        assertThat(pi.get("businessKey").asText()).isEqualTo("CLAIM-2025-0001");
        assertThat(pi.get("processDefinitionKey").asText()).isEqualTo("claim");
        assertThat(pi.get("activityId").asText()).isEqualTo("intake");
        Response byKey = get("/process-instances?businessKey=CLAIM-2025-0001");
        assertThat(byKey.json().path("_embedded").path("process-instances").get(0).get("id").asText()).isEqualTo(pi.get("id").asText());
    }

    @Test
    void should_move_claim_through_all_five_stages_when_tasks_complete() throws Exception {
        String id = start("claim", "CLAIM-5", "claimType", "damage", "claimAmount", 800, "currency", "USD").get("id").asText();
        assertThat(singleTask(id, "intake").get("description").asText()).isEqualTo("Register the damage claim over 800 USD and its evidence.");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("intake");
        complete(id, "intake", null);
        assertThat(instance(id).get("activityId").asText()).isEqualTo("validation");
        complete(id, "validation", "valid");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("investigation");
        assertThat(groups(singleTask(id, "investigation"))).as("damage claims go to logistics").containsExactly("logistics");
        complete(id, "investigation", null, "investigationFindings", "Pallet crushed in transit", "recommendedAmount", 750);
        assertThat(instance(id).get("activityId").asText()).isEqualTo("approval");
        assertThat(groups(singleTask(id, "approval"))).containsExactly("exception-managers");
        complete(id, "approval", "approved");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("settlement");
        assertThat(groups(singleTask(id, "settlement"))).containsExactly("finance");
        complete(id, "settlement", null, "settlementReference", "CN-4711");
        assertEndedAt(id, "claimSettled");
        assertThat(activityIds(id, "userTask")).containsExactly("intake", "validation", "investigation", "approval", "settlement");
    }

    @Test
    void should_route_chargeback_claim_investigation_to_finance() throws Exception {
        String id = start("claim", "CLAIM-CB", "claimType", "chargeback").get("id").asText();
        complete(id, "intake", null);
        complete(id, "validation", "valid");
        assertThat(groups(singleTask(id, "investigation"))).containsExactly("finance");
    }

    @Test
    void should_end_claim_as_rejected_when_approval_rejects() throws Exception {
        String id = start("claim", "CLAIM-R1", "claimType", "invoiceDispute").get("id").asText();
        complete(id, "intake", null);
        complete(id, "validation", "valid");
        complete(id, "investigation", null);
        complete(id, "approval", "rejected");
        assertEndedAt(id, "claimRejected");
        assertThat(activityIds(id, "userTask")).doesNotContain("settlement");
    }

    @Test
    void should_end_claim_as_rejected_when_validation_finds_it_invalid() throws Exception {
        String id = start("claim", "CLAIM-R2", "claimType", "shortage").get("id").asText();
        complete(id, "intake", null);
        complete(id, "validation", "invalid");
        assertEndedAt(id, "claimRejected");
        assertThat(activityIds(id, "userTask")).containsExactly("intake", "validation");
    }

    // ---- partnerRequest ----------------------------------------------------------------------------

    @Test
    void should_fulfil_partner_request_by_owner_group() throws Exception {
        String id = start("partnerRequest", "REQ-1", "requestType", "pricingException", "ownerGroup", "sales", "summary", "Q3 price hold").get("id").asText();
        JsonNode task = singleTask(id, "fulfilRequest");
        assertThat(groups(task)).containsExactly("sales");
        assertThat(task.get("description").asText()).isEqualTo("pricingException: Q3 price hold");
        complete(id, "fulfilRequest", "fulfilled");
        assertEndedAt(id, "requestFulfilled");
    }

    @Test
    void should_wait_for_partner_clarification_before_fulfilling_request() throws Exception {
        String id = start("partnerRequest", "REQ-2", "requestType", "productDataCorrection", "ownerGroup", "master-data").get("id").asText();
        complete(id, "fulfilRequest", "clarificationNeeded", "clarificationQuestion", "Which GTIN is correct?");
        JsonNode waiting = singleTask(id, "awaitClarification");
        assertThat(groups(waiting)).containsExactly("master-data");
        assertThat(instance(id).get("activityId").asText()).isEqualTo("awaitClarification");
        complete(id, "awaitClarification", null, "clarificationAnswer", "04012345678901");
        complete(id, "fulfilRequest", "fulfilled");
        assertEndedAt(id, "requestFulfilled");
    }

    @Test
    void should_end_partner_request_as_rejected() throws Exception {
        String id = start("partnerRequest", "REQ-3", "requestType", "serviceRequest").get("id").asText();
        assertThat(groups(singleTask(id, "fulfilRequest"))).containsExactly("operations");
        complete(id, "fulfilRequest", "rejected");
        assertEndedAt(id, "requestRejected");
    }

    @Test
    void should_reject_completion_without_a_required_outcome_and_leave_the_task_open() throws Exception {
        String id = start("claim", "CLAIM-NO-OUTCOME").get("id").asText();
        complete(id, "intake", null);
        JsonNode validation = singleTask(id, "validation");
        Response missing = post("/tasks/" + validation.get("id").asText(), Json.object().put("action", "complete"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("exception").asText()).contains("needs an outcome").contains("valid").contains("invalid");
        Response wrong = post("/tasks/" + validation.get("id").asText(), Json.object().put("action", "complete").put("outcome", "maybe"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(singleTask(id, "validation").get("id").asText()).isEqualTo(validation.get("id").asText());
    }
}
