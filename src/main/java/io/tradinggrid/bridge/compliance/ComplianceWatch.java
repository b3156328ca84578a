package io.tradinggrid.bridge.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.flow.OffsetPageCursor;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.text.PartnerInput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Compliance documents (W5): a submission is checked for completeness before a review process starts; the review's
 * outcome is written to the document; documents that expire within the renewal window get one reminder per document
 * and expiry date (the key lives in the store, so a restart sends no second one) and a renewal review.
 * <p>
 * The review process of a document submitted in a thread is the thread's own (business key of the thread), so a
 * submission is never reviewed twice.
 */
public class ComplianceWatch {

    static final Set<String> TYPES = Set.of("COMPLIANCE_CERTIFICATE", "INSURANCE", "REGULATORY_ATTESTATION");
    private static final String PROCESS = "complianceReview";
    private static final int PAGE_SIZE = 200;
    /** Documents that may be due for renewal; one already replaced or rejected needs no reminder. */
    private static final Set<String> RENEWABLE = Set.of("APPROVED", "EXPIRED");

    /** The review outcome written to a document: its new status and the PATCH of {@code /compliance-documents/{id}}. */
    public record Outcome(String status, String note, Map<String, Object> patch) {
    }

    /** What a document's review is about: the thread it belongs to (null: none) and the review's business key. */
    public sealed interface Review permits Submission, Renewal {

        String threadId();

        String reviewBusinessKey();
    }

    /** A submitted document: its thread, the business key of its review, and what it lacks (empty when complete). */
    public record Submission(String threadId, String reviewBusinessKey, List<String> problems) implements Review {
    }

    /**
     * A document due for renewal: the key its reminder is sent once under, the business key of its renewal review,
     * the thread to remind in (null: a new thread is opened) and the reminder.
     */
    public record Renewal(String publishKey, String reviewBusinessKey, String threadId, String reminderText) implements Review {
    }

    private final int renewalWindowDays;
    private final String reviewTeam;
    private final AuditTrail audit;
    private final Clock clock;

    public ComplianceWatch(int renewalWindowDays, String reviewTeam, AuditTrail audit, Clock clock) {
        this.renewalWindowDays = renewalWindowDays;
        this.reviewTeam = reviewTeam;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- listing documents ----

    /**
     * The walk over documents waiting for review. Writing a review outcome moves a document out of the PENDING_REVIEW
     * list, so submissions are handed on once all pages are read.
     */
    public OffsetPageCursor submissionsWalk() {
        return new OffsetPageCursor("complianceDocuments", "expiresBefore=9999-12-31&status=PENDING_REVIEW", PAGE_SIZE, doc -> true, true);
    }

    /** The walk over documents due for renewal: approved or expired ones that expire within the renewal window. */
    public OffsetPageCursor renewalsWalk() {
        return new OffsetPageCursor("complianceDocuments", "expiresBefore=" + LocalDate.now(clock).plusDays(renewalWindowDays + 1L),
                PAGE_SIZE, doc -> RENEWABLE.contains(doc.path("status").asText()), false);
    }

    // ---- one submitted document ----

    /** Names a submission: its thread, the business key of its review, and what it lacks. */
    public Submission submission(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc) {
        return new Submission(threadId(doc), reviewKey(doc), problems(doc));
    }

    /** The thread the document was submitted in, or null. */
    String threadId(JsonNode doc) {
        String threadId = doc.path("threadId").asText("");
        return threadId.isBlank() ? null : threadId;
    }

    /** The business key of a submission's review: the thread's own, or the document's when it came without one. */
    String reviewKey(JsonNode doc) {
        String threadId = threadId(doc);
        return threadId == null ? "activecommunity:compliance:" + doc.path("id").asText() : "activecommunity:" + threadId;
    }

    /** The query of: GET the review process of the business key, if there is one. */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW) Review review) {
        return "businessKey=" + enc(review.reviewBusinessKey()) + "&processDefinitionKey=" + PROCESS + "&count=1";
    }

    /** none (no process yet), running, or the end event it reached. */
    public String reviewState(@Body JsonNode answer) {
        JsonNode instances = answer.path("_embedded").path("process-instances");
        if (!instances.isArray() || instances.isEmpty()) {
            return "none";
        }
        // the look-up reads history (the runtime forgets an ended instance): its end event is endActivityId
        JsonNode instance = instances.get(0);
        boolean ended = instance.path("ended").asBoolean() || !instance.path("endTime").asText("").isEmpty();
        return ended ? instance.path("endActivityId").asText(instance.path("activityId").asText("ended")) : "running";
    }

    /** What is missing from a submission, or an empty list when it is complete. */
    List<String> problems(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (!TYPES.contains(doc.path("type").asText())) {
            problems.add("the document type");
        }
        if (doc.path("attachment").path("id").asText("").isBlank()) {
            problems.add("the document file");
        }
        LocalDate issued = date(doc, "issuedOn");
        LocalDate expires = date(doc, "expiresOn");
        if (issued == null) {
            problems.add("a valid issue date");
        }
        if (expires == null) {
            problems.add("a valid expiry date");
        } else if (!expires.isAfter(LocalDate.now(clock))) {
            problems.add("an expiry date in the future");
        } else if (issued != null && !expires.isAfter(issued)) {
            problems.add("an expiry date after the issue date");
        }
        return problems;
    }

    /**
     * What to write to a submitted document (partner-visible): what it lacks when no review has started (state none),
     * else how its review ended.
     */
    public Outcome outcome(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc,
            @ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW) Submission submission,
            @ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW_STATE) String state) {
        return "none".equals(state) ? incomplete(doc, submission.problems()) : reviewOutcome(doc, state);
    }

    /** Not accepted, with what is missing. */
    Outcome incomplete(JsonNode doc, List<String> problems) {
        return outcomeOf(doc, "REJECTED", "Incomplete submission: please submit again with " + String.join(", ", problems) + ".");
    }

    /**
     * Body of the start of the review process, or of the renewal review for a renewal (one per document and expiry
     * date: its business key).
     */
    public Map<String, Object> startReview(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc,
            @ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW) Review review) {
        return reviewStart(doc, review.reviewBusinessKey(), review instanceof Renewal);
    }

    /** The outcome of the ended review. */
    Outcome reviewOutcome(JsonNode doc, String end) {
        return switch (end) {
            case "complianceApproved" -> outcomeOf(doc, "APPROVED", "Approved by " + reviewTeam + ".");
            case "submissionIncomplete" -> outcomeOf(doc, "REJECTED", "Incomplete submission: " + reviewTeam + " explains what is missing in your thread.");
            default -> outcomeOf(doc, "REJECTED", "Not accepted by " + reviewTeam + ": see your thread for the reason.");
        };
    }

    public void outcomeWritten(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.COMPLIANCE_OUTCOME) Outcome outcome) {
        audit.record("bridge", "compliance." + outcome.status().toLowerCase(), threadId, "compliance-document:" + doc.path("id").asText(), outcome.note());
    }

    // ---- renewal ----

    /** Names the renewal (key per document and expiry date) and the reminder text. */
    public Renewal renewal(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc) {
        String perExpiry = doc.path("id").asText() + ":" + doc.path("expiresOn").asText();
        LocalDate expires = date(doc, "expiresOn");
        boolean expired = expires != null && !expires.isAfter(LocalDate.now(clock));
        String text = (expired ? "Expired: your " : "Renewal due: your ") + doc.path("name").asText()
                + (expired ? " expired on " : " expires on ") + doc.path("expiresOn").asText()
                + ". Please upload the renewed document in this thread so " + reviewTeam + " can review it before it lapses.";
        return new Renewal("renewal:" + perExpiry, "activecommunity:renewal:" + perExpiry, threadId(doc), text);
    }

    /** POST of the reminder in the document's thread. */
    public Map<String, Object> reminderPost(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc,
            @ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW) Renewal renewal) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", renewal.reminderText());
        post.put("kind", "STATUS_UPDATE");
        post.put("origin", origin(doc));
        return post;
    }

    /** The community to open the reminder thread in: the first of the partner's (the answer of GET /partners/{id}). */
    public String reminderCommunity(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc, @Body JsonNode partner) {
        String community = partner.path("access").path(0).path("communityId").asText(null);
        if (community == null) {
            throw new IllegalStateException("partner " + doc.path("partnerId").asText() + " has no community to remind it in");
        }
        return community;
    }

    /** POST of a new thread that carries the reminder, for a document submitted outside any thread. */
    public Map<String, Object> reminderThread(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc,
            @ExchangeProperty(ExchangeKeys.COMPLIANCE_REVIEW) Renewal renewal) {
        Map<String, Object> thread = new LinkedHashMap<>();
        thread.put("title", "Renewal due: " + doc.path("name").asText());
        thread.put("body", renewal.reminderText());
        thread.put("category", "COMPLIANCE_SUBMISSION");
        thread.put("priority", "HIGH");
        thread.put("partnerId", doc.path("partnerId").asText());
        thread.put("origin", origin(doc));
        return thread;
    }

    public void reminded(@ExchangeProperty(ExchangeKeys.COMPLIANCE_DOCUMENT) JsonNode doc, @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        audit.record("bridge", "compliance.renewal-reminded", threadId, "compliance-document:" + doc.path("id").asText(),
                doc.path("name").asText() + " expires " + doc.path("expiresOn").asText());
    }

    private static Map<String, Object> reviewStart(JsonNode submitted, String businessKey, boolean renewal) {
        // where the partner's name of the document enters a process
        JsonNode doc = PartnerInput.complianceDocument(submitted);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("processDefinitionKey", PROCESS);
        request.put("businessKey", businessKey);
        request.put("name", (renewal ? "Renewal: " : "Review: ") + doc.path("name").asText());
        List<Map<String, Object>> variables = new ArrayList<>();
        variables.add(variable("documentType", doc.path("type").asText()));
        variables.add(variable("documentName", doc.path("name").asText()));
        variables.add(variable("expiryDate", doc.path("expiresOn").asText()));
        variables.add(variable("partnerId", doc.path("partnerId").asText()));
        variables.add(variable("complianceDocumentId", doc.path("id").asText()));
        variables.add(variable("reviewGroup", "compliance"));
        variables.add(variable("renewal", renewal));
        request.put("variables", variables);
        return request;
    }

    private static Outcome outcomeOf(JsonNode doc, String status, String note) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("status", status);
        patch.put("reviewNote", note);
        patch.put("origin", origin(doc));
        return new Outcome(status, note, patch);
    }

    private static Map<String, Object> origin(JsonNode doc) {
        return Origin.of("compliance-document:" + doc.path("id").asText());
    }

    private static Map<String, Object> variable(String name, Object value) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("value", value);
        return v;
    }

    private static LocalDate date(JsonNode doc, String field) {
        try {
            String text = doc.path(field).asText("");
            return text.isBlank() ? null : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
