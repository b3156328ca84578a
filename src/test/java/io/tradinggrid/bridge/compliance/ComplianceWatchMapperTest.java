package io.tradinggrid.bridge.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.flow.OffsetPageCursor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What ComplianceWatch checks, asks and writes, without Camel: values in, results out. */
class ComplianceWatchMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ComplianceWatch watch = new ComplianceWatch(30, "Compliance", null,
            Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC));

    private static ObjectNode document(String id, String status) {
        ObjectNode doc = JSON.createObjectNode().put("id", id).put("status", status).put("type", "INSURANCE").put("name", "Cargo insurance")
                .put("partnerId", "PTR-1").put("issuedOn", "2026-01-01").put("expiresOn", "2026-12-10");
        doc.putObject("attachment").put("id", "ATT-1");
        return doc;
    }

    private static JsonNode instances(JsonNode... instances) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("_embedded").putArray("process-instances").addAll(List.of(instances));
        return answer;
    }

    private static JsonNode page(JsonNode... docs) {
        ObjectNode page = JSON.createObjectNode();
        page.putObject("_embedded").putArray("complianceDocuments").addAll(List.of(docs));
        page.putObject("page").put("offset", 0).put("count", docs.length).put("totalElements", docs.length);
        return page;
    }

    @Test
    void should_walk_pending_submissions_and_hand_them_on_after_the_last_page() {
        OffsetPageCursor cursor = watch.submissionsWalk();
        assertThat(cursor.query()).isEqualTo("expiresBefore=9999-12-31&status=PENDING_REVIEW&count=200&offset=0");
        assertThat(cursor.accept(page(document("D1", "PENDING_REVIEW")), null)).isEmpty();
        assertThat(cursor.drain()).hasSize(1);
    }

    @Test
    void should_walk_documents_expiring_within_the_window_and_remind_only_approved_or_expired_ones() {
        OffsetPageCursor cursor = watch.renewalsWalk();
        assertThat(cursor.query()).isEqualTo("expiresBefore=2026-12-22&count=200&offset=0");
        assertThat(cursor.accept(page(document("D1", "APPROVED"), document("D2", "REJECTED"), document("D3", "EXPIRED")), null))
                .extracting(d -> d.path("id").asText()).containsExactly("D1", "D3");
    }

    @Test
    void should_review_a_submission_in_its_thread_or_else_under_its_own_key() {
        ComplianceWatch.Submission inThread = watch.submission(document("D1", "PENDING_REVIEW").put("threadId", "T-9"));
        assertThat(inThread.threadId()).isEqualTo("T-9");
        assertThat(inThread.reviewBusinessKey()).isEqualTo("activecommunity:T-9");
        ComplianceWatch.Submission alone = watch.submission(document("D1", "PENDING_REVIEW"));
        assertThat(alone.threadId()).isNull();
        assertThat(alone.reviewBusinessKey()).isEqualTo("activecommunity:compliance:D1");
    }

    @Test
    void should_look_up_the_review_by_its_encoded_business_key() {
        assertThat(watch.lookupQuery(watch.renewal(document("D1", "APPROVED"))))
                .isEqualTo("businessKey=activecommunity%3Arenewal%3AD1%3A2026-12-10&processDefinitionKey=complianceReview&count=1");
    }

    @Test
    void should_name_the_review_state_none_running_or_its_end_event() {
        assertThat(watch.reviewState(instances())).isEqualTo("none");
        assertThat(watch.reviewState(instances(JSON.createObjectNode().put("ended", false)))).isEqualTo("running");
        assertThat(watch.reviewState(instances(JSON.createObjectNode().put("ended", true).put("activityId", "complianceApproved"))))
                .isEqualTo("complianceApproved");
        // history, where the look-up finds an ended review (Flowable): no activityId, an end time and the end event
        assertThat(watch.reviewState(instances(JSON.createObjectNode().put("endTime", "2026-12-01T10:00:00.000+0000")
                .put("endActivityId", "complianceRejected")))).isEqualTo("complianceRejected");
    }

    @Test
    void should_find_nothing_missing_in_a_complete_submission() {
        assertThat(watch.submission(document("D1", "PENDING_REVIEW")).problems()).isEmpty();
    }

    @Test
    void should_list_what_an_incomplete_submission_lacks() {
        ObjectNode doc = JSON.createObjectNode().put("type", "OTHER").put("expiresOn", "2026-11-20");
        assertThat(watch.submission(doc).problems())
                .containsExactly("the document type", "the document file", "a valid issue date", "an expiry date in the future");
        assertThat(watch.submission(document("D1", "PENDING_REVIEW").put("issuedOn", "2026-12-31")).problems())
                .containsExactly("an expiry date after the issue date");
    }

    @Test
    void should_send_an_incomplete_submission_back_with_what_is_missing() {
        ComplianceWatch.Outcome outcome = watch.incomplete(document("D1", "PENDING_REVIEW"), List.of("a valid issue date", "the document file"));
        assertThat(outcome.status()).isEqualTo("REJECTED");
        assertThat(outcome.patch()).containsEntry("status", "REJECTED")
                .containsEntry("reviewNote", "Incomplete submission: please submit again with a valid issue date, the document file.");
        assertThat(outcome.patch().get("origin")).isEqualTo(Map.of("system", "tradinggrid-bridge", "ref", "compliance-document:D1"));
    }

    @Test
    void should_write_the_approval_or_rejection_of_the_ended_review() {
        assertThat(watch.reviewOutcome(document("D1", "PENDING_REVIEW"), "complianceApproved").patch())
                .containsEntry("status", "APPROVED").containsEntry("reviewNote", "Approved by Compliance.");
        assertThat(watch.reviewOutcome(document("D1", "PENDING_REVIEW"), "complianceRejected").status()).isEqualTo("REJECTED");
    }

    @Test
    void should_write_what_is_missing_before_a_review_and_the_review_outcome_after_it() {
        ObjectNode doc = document("D1", "PENDING_REVIEW").put("issuedOn", "");
        ComplianceWatch.Submission submission = watch.submission(doc);
        assertThat(watch.outcome(doc, submission, "none").note()).isEqualTo("Incomplete submission: please submit again with a valid issue date.");
        assertThat(watch.outcome(doc, submission, "complianceApproved").status()).isEqualTo("APPROVED");
    }

    @Test
    void should_start_a_review_or_a_renewal_review_under_the_given_key() {
        Map<String, Object> review = watch.startReview(document("D1", "PENDING_REVIEW"),
                new ComplianceWatch.Submission("T-9", "activecommunity:T-9", List.of()));
        assertThat(review).containsEntry("processDefinitionKey", "complianceReview").containsEntry("businessKey", "activecommunity:T-9")
                .containsEntry("name", "Review: Cargo insurance");
        Map<String, Object> renewal = watch.startReview(document("D1", "APPROVED"), watch.renewal(document("D1", "APPROVED")));
        assertThat(renewal).containsEntry("name", "Renewal: Cargo insurance").containsEntry("businessKey", "activecommunity:renewal:D1:2026-12-10");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variables = (List<Map<String, Object>>) renewal.get("variables");
        assertThat(variables).anySatisfy(v -> assertThat(v).containsEntry("name", "renewal").containsEntry("value", true));
    }

    @Test
    void should_key_a_renewal_per_document_and_expiry_date_and_say_when_it_is_due() {
        ComplianceWatch.Renewal renewal = watch.renewal(document("D1", "APPROVED").put("threadId", "T-9"));
        assertThat(renewal.publishKey()).isEqualTo("renewal:D1:2026-12-10");
        assertThat(renewal.reviewBusinessKey()).isEqualTo("activecommunity:renewal:D1:2026-12-10");
        assertThat(renewal.threadId()).isEqualTo("T-9");
        assertThat(renewal.reminderText()).startsWith("Renewal due: your Cargo insurance expires on 2026-12-10.");
    }

    @Test
    void should_say_expired_for_a_document_past_its_expiry_date() {
        ComplianceWatch.Renewal renewal = watch.renewal(document("D1", "EXPIRED").put("expiresOn", "2026-11-01"));
        assertThat(renewal.threadId()).isNull();
        assertThat(renewal.reminderText()).startsWith("Expired: your Cargo insurance expired on 2026-11-01.");
    }

    @Test
    void should_post_the_reminder_in_the_thread_or_open_a_thread_for_it() {
        ObjectNode doc = document("D1", "APPROVED");
        ComplianceWatch.Renewal renewal = watch.renewal(doc);
        assertThat(watch.reminderPost(doc, renewal)).containsEntry("body", renewal.reminderText()).containsEntry("kind", "STATUS_UPDATE");
        assertThat(watch.reminderThread(doc, renewal)).containsEntry("title", "Renewal due: Cargo insurance")
                .containsEntry("category", "COMPLIANCE_SUBMISSION").containsEntry("partnerId", "PTR-1");
    }

    @Test
    void should_open_the_reminder_thread_in_the_first_community_of_the_partner() {
        ObjectNode partner = JSON.createObjectNode();
        partner.putArray("access").addObject().put("communityId", "COM-1");
        assertThat(watch.reminderCommunity(document("D1", "APPROVED"), partner)).isEqualTo("COM-1");
        assertThatThrownBy(() -> watch.reminderCommunity(document("D1", "APPROVED"), JSON.createObjectNode()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PTR-1");
    }
}
