package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forward use cases of the seeds (S1, S3, S5, S7 intake; W1-W7 intake), each on a seeded thread written the way
 * a supplier or retailer writes, polled from the emulated community and checked in the emulated target system.
 */
class ForwardUseCaseTest extends ForwardPathTestSupport {

    private JsonNode incidentOf(String table, String threadId) {
        JsonNode records = clients.serviceNowRecords(table, "correlation_id=activecommunity:" + threadId);
        assertThat(records).as("%s records for %s", table, threadId).hasSize(1);
        return records.get(0);
    }

    private String group(String name) {
        return clients.serviceNowSysId("sys_user_group", "name=" + name);
    }

    private List<String> attachmentNames(String table, String sysId) {
        List<String> names = new ArrayList<>();
        clients.serviceNow("/api/now/attachment?sysparm_query=table_name=" + table + "%5Etable_sys_id=" + sysId)
                .path("result").forEach(a -> names.add(a.path("file_name").asText()));
        return names;
    }

    private List<String> taskAttachmentNames(String processInstanceId) {
        List<String> names = new ArrayList<>();
        for (JsonNode task : clients.tasksOf(processInstanceId)) {
            clients.workflow("/tasks/" + task.path("id").asText() + "/attachments").path("_embedded").path("attachments")
                    .forEach(a -> names.add(a.path("name").asText()));
        }
        return names;
    }

    private static String variable(JsonNode instance, String name) {
        for (JsonNode v : instance.path("variables")) {
            if (name.equals(v.path("name").asText())) {
                return v.path("value").asText();
            }
        }
        return null;
    }

    /** A business reference of the thread, which the process carries in its one partnerReferences variable. */
    private static String reference(JsonNode instance, String name) {
        for (JsonNode v : instance.path("variables")) {
            if ("partnerReferences".equals(v.path("name").asText())) {
                return v.path("value").path(name).asText(null);
            }
        }
        return null;
    }

    @Test
    void should_open_a_finance_incident_for_an_invoice_missing_tax_data_and_assign_the_invoice_analyst() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();

        JsonNode incident = incidentOf("incident", threadId);
        assertThat(incident.path("assignment_group").asText()).isEqualTo(group("Finance Exceptions"));
        assertThat(incident.path("assigned_to").asText()).isEqualTo(clients.serviceNowSysId("sys_user", "user_name=priya.raman"));
        assertThat(incident.path("impact").asText()).isEqualTo("2");
        assertThat(incident.path("urgency").asText()).isEqualTo("2");
        assertThat(incident.path("priority").asText()).isEqualTo("3");
        assertThat(incident.path("category").asText()).isEqualTo("finance");
        assertThat(incident.path("short_description").asText()).startsWith("Meridian Paper & Packaging Co.:");
        assertThat(incident.path("description").asText()).contains(threadId).contains("invoice");
        assertThat(attachmentNames("incident", incident.path("sys_id").asText())).containsExactly("INV_90018102_810.edi");

        JsonNode thread = clients.thread(threadId);
        assertThat(thread.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(thread.path("statusNote").asText()).isEqualTo("Received: incident " + incident.path("number").asText()
                + " opened with Finance. Updates will appear in this thread.");
        assertThat(thread.path("externalReferences")).anySatisfy(ref -> {
            assertThat(ref.path("system").asText()).isEqualTo("servicenow");
            assertThat(ref.path("id").asText()).isEqualTo(incident.path("number").asText());
        });
    }

    @Test
    void should_open_an_edi_support_incident_for_a_rejected_purchase_order() {
        String threadId = sandbox().threadId("S5-failed-850");
        pollAll();

        JsonNode incident = incidentOf("incident", threadId);
        assertThat(incident.path("assignment_group").asText()).isEqualTo(group("EDI Support"));
        assertThat(incident.path("subcategory").asText()).isEqualTo("purchase order");
        assertThat(attachmentNames("incident", incident.path("sys_id").asText())).containsExactly("PO_4500871611_850.x12");
    }

    @Test
    void should_open_a_customer_service_case_for_a_critical_escalation_and_carry_the_partners_replies() {
        String threadId = sandbox().threadId("S7-critical-escalation");
        pollAll();

        JsonNode kase = incidentOf("sn_customerservice_case", threadId);
        assertThat(kase.path("assignment_group").asText()).isEqualTo(group("Customer Service"));
        assertThat(kase.path("priority").asText()).isEqualTo("1");
        JsonNode journal = clients.serviceNowRecords("sys_journal_field", "element_id=" + kase.path("sys_id").asText() + "^element=comments");
        assertThat(journal).as("partner posts only, not the retailer's staff posts").hasSize(1);
        assertThat(journal.get(0).path("value").asText()).contains("[community post ");
    }

    @Test
    void should_turn_a_partners_document_request_into_a_task_for_document_control() {
        String threadId = sandbox().threadId("S3-corrected-bol-request");
        pollAll();

        JsonNode tasks = clients.serviceNowRecords("sc_task", "correlation_idSTARTSWITHactivecommunity:" + threadId + ":post:");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("assignment_group").asText()).isEqualTo(group("Document Control"));
        assertThat(tasks.get(0).path("short_description").asText()).contains("corrected bill of lading");
        // the shipment exception itself is run as a Workflow case for Logistics
        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerExceptionCase");
        assertThat(variable(process, "ownerGroup")).isEqualTo("logistics");
    }

    @Test
    void should_start_a_dispute_case_for_customer_service_with_the_evidence_attached() {
        String threadId = sandbox().threadId("W1-chargeback-dispute");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerExceptionCase");
        assertThat(variable(process, "ownerGroup")).isEqualTo("customer-service");
        assertThat(variable(process, "caseType")).isEqualTo("dispute");
        assertThat(reference(process, "purchaseOrder")).isEqualTo("4500871203");
        assertThat(variable(process, "dueDate")).isNotBlank();
        JsonNode tasks = clients.tasksOf(process.path("id").asText());
        assertThat(tasks).isNotEmpty();
        assertThat(tasks.get(0).path("assignments").toString()).contains("customer-service");
        // the files of the opening post and the signed BOL the partner posted in reply
        assertThat(taskAttachmentNames(process.path("id").asText()))
                .containsExactlyInAnyOrder("DC14_appointments_week46.csv", "POD_PRO-7723-410958.pdf", "BOL_0088123_signed.pdf");
        JsonNode comments = clients.workflow("/process-instances/" + process.path("id").asText() + "/comments").path("_embedded").path("comments");
        assertThat(comments).as("the partner's reply, not the retailer's question").hasSize(1);
        assertThat(clients.thread(threadId).path("statusNote").asText()).contains("WF-").contains("Customer Service");
    }

    @Test
    void should_start_a_document_review_for_a_contract_amendment() {
        String threadId = sandbox().threadId("W2-contract-amendment");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("documentReview");
        assertThat(variable(process, "reviewGroup")).isEqualTo("compliance");
        assertThat(taskAttachmentNames(process.path("id").asText())).containsExactly("SRB_Supply_Agreement_Amendment_3_signed.pdf");
    }

    @Test
    void should_start_onboarding_for_a_new_supplier() {
        String threadId = sandbox().threadId("W3-falk-edi-setup");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerOnboarding");
        List<String> steps = new ArrayList<>();
        clients.tasksOf(process.path("id").asText()).forEach(t -> steps.add(t.path("taskDefinitionKey").asText()));
        assertThat(steps).containsExactlyInAnyOrder("complianceCheck", "accountSetup", "masterDataValidation");
    }

    @Test
    void should_start_a_compliance_review_for_a_submitted_certificate() {
        String threadId = sandbox().threadId("W5-sqf-certificate");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("complianceReview");
        assertThat(variable(process, "reviewGroup")).isEqualTo("compliance");
    }

    @Test
    void should_route_missing_asn_to_the_logistics_exception_process() {
        String threadId = sandbox().threadId("W4-missing-asn");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerExceptionCase");
        assertThat(variable(process, "ownerGroup")).isEqualTo("logistics");
        assertThat(variable(process, "caseType")).isEqualTo("missing-asn");
        assertThat(reference(process, "advanceShipNotice")).isEqualTo("000781302");
        assertThat(taskAttachmentNames(process.path("id").asText())).containsExactly("ASN_000781302_856.edi");
        assertThat(clients.thread(threadId).path("statusNote").asText()).contains("Logistics");
    }

    @Test
    void should_route_a_general_thread_that_is_really_a_pricing_conflict_to_sales() {
        String threadId = sandbox().threadId("W4-general-really-pricing");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(variable(process, "caseType")).isEqualTo("pricing-conflict");
        assertThat(variable(process, "ownerGroup")).isEqualTo("sales");
    }

    @Test
    void should_start_a_damage_claim_with_the_photos_on_its_intake_task() {
        String threadId = sandbox().threadId("W6-damage-claim");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("claim");
        assertThat(variable(process, "claimType")).isEqualTo("damage");
        assertThat(process.path("activityId").asText()).isEqualTo("intake");
        // the opening post's photos and receipt, and the photo the partner added in a reply
        assertThat(taskAttachmentNames(process.path("id").asText())).containsExactlyInAnyOrder(
                "store118_pallet3_damage.png", "Delivery_Receipt_7730-55812_signed.pdf", "store118_pallet3_label.png");
    }

    @Test
    void should_send_a_product_data_correction_to_the_master_data_team() {
        String threadId = sandbox().threadId("W7-product-data-correction");
        pollAll();

        JsonNode process = clients.processByBusinessKey("activecommunity:" + threadId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerRequest");
        assertThat(variable(process, "ownerGroup")).isEqualTo("master-data");
        assertThat(variable(process, "requestType")).isEqualTo("product-data-correction");
    }

    @Test
    void should_make_a_document_request_of_awkward_input_with_plain_text_and_safe_file_names() {
        String threadId = sandbox().threadId("awkward-input");
        pollAll();

        // "please send the invoice copy ... the POD": a document request, whatever markup the partner pasted around it
        JsonNode task = incidentOf("sc_task", threadId);
        assertThat(task.path("assignment_group").asText()).isEqualTo(group("Document Control"));
        assertThat(task.path("short_description").asText()).doesNotContain("<b>").doesNotContain("<script");
        assertThat(task.path("description").asText()).doesNotContain("<script").doesNotContain("\u0000");
        assertThat(attachmentNames("sc_task", task.path("sys_id").asText()))
                .allSatisfy(name -> assertThat(name).doesNotContain("/").doesNotContain("..").doesNotStartWith("."))
                .contains("passwd.pdf");
    }

    @Test
    void should_leave_a_closed_thread_without_a_record() {
        String threadId = sandbox().threadId("closed-history-asn");
        pollAll();

        assertThat(links().find(threadId)).isEmpty();
        assertThat(clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId)).isEmpty();
    }

    @Test
    void should_open_exactly_one_record_per_open_seeded_thread_and_dead_letter_nothing() {
        pollAll();

        int open = sandbox().seed().threads() - 1; // the CLOSED history thread is left alone
        assertThat(links().all()).hasSize(open);
        assertThat(deadLetters().countByStatus("new")).isZero();
    }
}
