package io.tradinggrid.bridge.compliance;

import javax.sql.DataSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** W5: submissions checked and reviewed, outcomes written to the document, one renewal reminder per expiry date. */
class ComplianceWatchTest extends ForwardPathTestSupport {

    private JsonNode document(String partnerId, String name) {
        for (JsonNode doc : clients.community("/partners/" + partnerId + "/compliance-documents").path("_embedded").path("complianceDocuments")) {
            if (doc.path("name").asText().startsWith(name)) {
                return doc;
            }
        }
        throw new AssertionError("no document " + name + " for " + partnerId);
    }

    private List<JsonNode> reminderThreads(String communityId) {
        List<JsonNode> threads = new ArrayList<>();
        for (JsonNode t : clients.community("/communities/" + communityId + "/threads?count=200&category=COMPLIANCE_SUBMISSION")
                .path("_embedded").path("threads")) {
            if (t.path("title").asText().startsWith("Renewal due:")) {
                threads.add(t);
            }
        }
        return threads;
    }

    @Test
    void should_review_a_complete_submission_and_write_the_approval_to_the_document() {
        template.sendBody("direct:compliance-submissions", null);
        JsonNode doc = document("PTR-100101", "SQF Food Safety Certificate");
        JsonNode process = clients.processByBusinessKey("activecommunity:" + doc.path("threadId").asText());
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("complianceReview");

        clients.completeTask(clients.openTask(process.path("id").asText(), "validateCompleteness"), "complete", null);
        clients.completeTask(clients.openTask(process.path("id").asText(), "reviewComplianceDocument"), "approved", null);
        template.sendBody("direct:compliance-submissions", null);

        JsonNode reviewed = document("PTR-100101", "SQF Food Safety Certificate");
        assertThat(reviewed.path("status").asText()).isEqualTo("APPROVED");
        assertThat(reviewed.path("reviewNote").asText()).isEqualTo("Approved by Compliance.");
    }

    @Test
    void should_send_an_incomplete_submission_back_with_what_is_missing_and_start_no_review() {
        ObjectNode submission = Json.object();
        submission.put("type", "INSURANCE").put("name", "Auto liability certificate").put("expiresOn", LocalDate.now().minusDays(2).toString());
        JsonNode doc = sandbox().community().submitComplianceDocument("COM-BRW-SUPPLIERS", "PTR-100102", submission,
                NewFile.of("auto_liability.pdf", "application/pdf", "%PDF-1.4\n".getBytes()));

        template.sendBody("direct:compliance-submissions", null);

        JsonNode checked = document("PTR-100102", "Auto liability certificate");
        assertThat(checked.path("status").asText()).isEqualTo("REJECTED");
        assertThat(checked.path("reviewNote").asText()).startsWith("Incomplete submission: please submit again with")
                .contains("a valid issue date").contains("an expiry date in the future");
        assertThat(clients.processByBusinessKey("activecommunity:compliance:" + doc.path("id").asText())).isNull();
    }

    @Test
    void should_remind_once_per_document_and_expiry_date_with_the_key_in_the_store_and_open_a_renewal_review() throws Exception {
        template.sendBody("direct:compliance-renewals", null);
        template.sendBody("direct:compliance-renewals", null);

        // the reminder keys are rows of the store (no in-memory cache), which is what keeps a restarted bridge quiet
        DataSource store = context.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
        try (var c = store.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM camel_messageprocessed WHERE processorName = 'published-to-partner' AND messageId LIKE 'renewal:%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }

        List<JsonNode> reminders = reminderThreads("COM-BRW-SUPPLIERS");
        List<String> titles = reminders.stream().map(t -> t.path("title").asText()).toList();
        assertThat(titles).containsExactlyInAnyOrder("Renewal due: FSC Chain of Custody certificate",
                "Renewal due: CTPAT supply chain security attestation");
        JsonNode fsc = document("PTR-100102", "FSC Chain of Custody");
        assertThat(reminders).anySatisfy(t -> assertThat(t.path("body").asText())
                .startsWith("Renewal due: your FSC Chain of Custody certificate expires on " + fsc.path("expiresOn").asText()));
        assertThat(reminders).anySatisfy(t -> assertThat(t.path("body").asText()).startsWith("Expired: your CTPAT"));
        // the SQF certificate expires within the window too, but is still pending review: it gets its reminder later
        assertThat(clients.posts(document("PTR-100101", "SQF").path("threadId").asText()).toString()).doesNotContain("Renewal due");
        JsonNode renewal = clients.processByBusinessKey("activecommunity:renewal:" + fsc.path("id").asText() + ":" + fsc.path("expiresOn").asText());
        assertThat(renewal.path("processDefinitionKey").asText()).isEqualTo("complianceReview");
    }
}
