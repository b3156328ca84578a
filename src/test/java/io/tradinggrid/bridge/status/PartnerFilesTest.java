package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.documents.DocumentEnricher;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which attached files are the partner's to see, and under which name. */
class PartnerFilesTest {

    private final PartnerFiles files = new PartnerFiles("partner_", "tgb.integration", StatusFixtures.publisher(), null);

    @Test
    void should_share_only_servicenow_files_named_for_the_partner() {
        var answer = StatusFixtures.json("{'result':["
                + "{'sys_id':'a1','file_name':'partner_proof_of_delivery.pdf','content_type':'application/pdf','sys_created_by':'jane'},"
                + "{'sys_id':'a2','file_name':'carrier_rate_negotiation.txt','content_type':'text/plain','sys_created_by':'jane'}]}");

        assertThat(files.serviceNowFiles(answer)).containsExactly(
                new PartnerFile("servicenow", "a1", null, "proof_of_delivery.pdf", "application/pdf"));
    }

    @Test
    void should_never_send_back_a_servicenow_file_the_bridge_attached() {
        var answer = StatusFixtures.json("{'result':[{'sys_id':'a1','file_name':'partner_invoice.pdf','sys_created_by':'tgb.integration'}]}");

        assertThat(files.serviceNowFiles(answer)).isEmpty();
    }

    @Test
    void should_ask_servicenow_for_the_record_files_named_for_the_partner_not_attached_by_the_bridge() {
        String query = URLDecoder.decode(files.serviceNowQuery(StatusFixtures.incident(null)), StandardCharsets.UTF_8);

        assertThat(query).isEqualTo("sysparm_query=table_sys_id=0123456789abcdef0123456789abcdef^file_nameSTARTSWITHpartner_"
                + "^sys_created_by!=tgb.integration");
    }

    @Test
    void should_share_workflow_task_files_named_for_the_partner_but_not_those_copied_from_the_thread() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode attachments = answer.putObject("_embedded").putArray("attachments");
        attachments.addObject().put("id", "f1").put("name", "partner_revised_schedule.pdf").put("type", "application/pdf");
        attachments.addObject().put("id", "f2").put("name", "partner_copy.pdf").put("type", "application/pdf")
                .put("description", DocumentEnricher.COPIED_FROM_THREAD + " THR-000001");
        attachments.addObject().put("id", "f3").put("name", "internal_notes.txt").put("type", "text/plain");

        assertThat(files.workflowFiles(answer, "task-9")).containsExactly(
                new PartnerFile("workflow", "f1", "task-9", "revised_schedule.pdf", "application/pdf"));
    }

    @Test
    void should_name_a_file_without_the_prefix_and_without_path_tricks() {
        assertThat(files.partnerName("partner_pod_store118.pdf", "a1")).isEqualTo("pod_store118.pdf");
        assertThat(files.partnerName("partner_../../etc/passwd", "a1")).doesNotContain("/").doesNotContain("..");
    }

    @Test
    void should_default_a_file_without_type_to_octet_stream() {
        var answer = StatusFixtures.json("{'result':[{'sys_id':'a1','file_name':'partner_x.bin','sys_created_by':'jane'}]}");

        assertThat(files.serviceNowFiles(answer)).singleElement().satisfies(f -> assertThat(f.contentType()).isEqualTo("application/octet-stream"));
    }

    @Test
    void should_read_the_open_task_ids() {
        assertThat(files.taskIds(StatusFixtures.json("{'_embedded':{'tasks':[{'id':'t1'},{'id':'t2'}]}}"))).containsExactly("t1", "t2");
    }

    @Test
    void should_key_each_file_once_per_system_and_id() {
        assertThat(new PartnerFile("servicenow", "a1", null, "x.pdf", "application/pdf").publishKey()).isEqualTo("servicenow:attachment:a1");
        assertThat(new PartnerFile("workflow", "f1", "t1", "x.pdf", "application/pdf").publishKey()).isEqualTo("workflow:attachment:f1");
    }

    @Test
    void should_file_deliveries_and_schedules_in_their_document_category() {
        assertThat(PartnerFiles.category("proof_of_delivery.pdf")).isEqualTo("PROOF_OF_DELIVERY");
        assertThat(PartnerFiles.category("POD_118.pdf")).isEqualTo("PROOF_OF_DELIVERY");
        assertThat(PartnerFiles.category("revised_schedule.pdf")).isEqualTo("REVISED_SCHEDULE");
        assertThat(PartnerFiles.category("letter.pdf")).isEqualTo("OTHER");
    }
}
