package io.tradinggrid.bridge.compliance;

import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
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
import org.apache.camel.Exchange;

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

    /** Starts a walk over documents waiting for review (mode "review") or due for renewal (mode "renewal"). */
    public void start(Exchange exchange) {
        String mode = exchange.getMessage().getBody(String.class);
        exchange.setProperty("docsMode", mode);
        exchange.setProperty("docsOffset", 0);
        exchange.setProperty("docsMore", true);
    }

    public void pageRequest(Exchange exchange) {
        String mode = exchange.getProperty("docsMode", String.class);
        String expiresBefore = "renewal".equals(mode) ? LocalDate.now(clock).plusDays(renewalWindowDays + 1L).toString() : "9999-12-31";
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/compliance-documents");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "expiresBefore=" + expiresBefore
                + ("renewal".equals(mode) ? "" : "&status=PENDING_REVIEW") + "&count=200&offset=" + exchange.getProperty("docsOffset"));
    }

    public List<JsonNode> documents(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        List<JsonNode> docs = new ArrayList<>();
        page.path("_embedded").path("complianceDocuments").forEach(docs::add);
        int offset = exchange.getProperty("docsOffset", Integer.class);
        exchange.setProperty("docsOffset", offset + docs.size());
        exchange.setProperty("docsMore", !docs.isEmpty() && offset + docs.size() < page.path("page").path("totalElements").asLong());
        if ("renewal".equals(exchange.getProperty("docsMode"))) {
            // a document already replaced or rejected needs no reminder
            docs.removeIf(d -> !Set.of("APPROVED", "EXPIRED").contains(d.path("status").asText()));
        }
        return docs;
    }

    // ---- one submitted document ----

    /** Names the document and asks the Workflow Service for its review process. */
    public void describe(Exchange exchange) {
        JsonNode doc = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, doc.toString());
        exchange.setProperty("document", doc);
        String threadId = doc.path("threadId").asText("");
        if (!threadId.isBlank()) {
            exchange.setProperty("threadId", threadId);
        }
        String businessKey = threadId.isBlank() ? "activecommunity:compliance:" + doc.path("id").asText() : "activecommunity:" + threadId;
        exchange.setProperty("reviewBusinessKey", businessKey);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "businessKey=" + enc(businessKey) + "&processDefinitionKey=" + PROCESS + "&count=1");
    }

    /** Sets reviewState: none (no process yet), running, or the end event it reached. */
    public void reviewState(Exchange exchange) {
        JsonNode instances = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("process-instances");
        if (!instances.isArray() || instances.isEmpty()) {
            exchange.setProperty("reviewState", "none");
            return;
        }
        JsonNode instance = instances.get(0);
        exchange.setProperty("reviewState", instance.path("ended").asBoolean() ? instance.path("activityId").asText("ended") : "running");
    }

    /** What is missing from a submission, or an empty list when it is complete. */
    public List<String> problems(JsonNode doc) {
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

    public boolean complete(Exchange exchange) {
        List<String> problems = problems(exchange.getProperty("document", JsonNode.class));
        exchange.setProperty("documentProblems", problems);
        return problems.isEmpty();
    }

    /** PATCH of the document: not accepted, with what is missing (partner-visible). */
    public Map<String, Object> incomplete(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<String> problems = exchange.getProperty("documentProblems", List.class);
        return outcome(exchange, "REJECTED", "Incomplete submission: please submit again with " + String.join(", ", problems) + ".");
    }

    /** Body of the review process start. */
    public Map<String, Object> startReview(Exchange exchange) {
        return reviewStart(exchange, exchange.getProperty("reviewBusinessKey", String.class), false);
    }

    /** PATCH of the document from the ended review. */
    public Map<String, Object> reviewOutcome(Exchange exchange) {
        String end = exchange.getProperty("reviewState", String.class);
        return switch (end) {
            case "complianceApproved" -> outcome(exchange, "APPROVED", "Approved by " + reviewTeam + ".");
            case "submissionIncomplete" -> outcome(exchange, "REJECTED", "Incomplete submission: " + reviewTeam + " explains what is missing in your thread.");
            default -> outcome(exchange, "REJECTED", "Not accepted by " + reviewTeam + ": see your thread for the reason.");
        };
    }

    // ---- renewal ----

    /** Names the renewal (key per document and expiry date) and the reminder text. */
    public void renewal(Exchange exchange) {
        JsonNode doc = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, doc.toString());
        exchange.setProperty("document", doc);
        String threadId = doc.path("threadId").asText("");
        exchange.setProperty("threadId", threadId.isBlank() ? null : threadId);
        exchange.setProperty("publishKey", "renewal:" + doc.path("id").asText() + ":" + doc.path("expiresOn").asText());
        exchange.setProperty("reviewBusinessKey", "activecommunity:renewal:" + doc.path("id").asText() + ":" + doc.path("expiresOn").asText());
        LocalDate expires = date(doc, "expiresOn");
        boolean expired = expires != null && !expires.isAfter(LocalDate.now(clock));
        exchange.setProperty("reminderText", (expired ? "Expired: your " : "Renewal due: your ") + doc.path("name").asText()
                + (expired ? " expired on " : " expires on ") + doc.path("expiresOn").asText()
                + ". Please upload the renewed document in this thread so " + reviewTeam + " can review it before it lapses.");
    }

    /** POST of the reminder in the document's thread. */
    public Map<String, Object> reminderPost(Exchange exchange) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + exchange.getProperty("threadId") + "/posts");
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", exchange.getProperty("reminderText"));
        post.put("kind", "STATUS_UPDATE");
        post.put("origin", origin(doc));
        return post;
    }

    /** GET of the partner, to find a community to open the reminder thread in. */
    public void partnerRequest(Exchange exchange) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/partners/" + doc.path("partnerId").asText());
    }

    /** POST of a new thread that carries the reminder, for a document submitted outside any thread. */
    public Map<String, Object> reminderThread(Exchange exchange) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
        JsonNode partner = exchange.getMessage().getBody(JsonNode.class);
        String community = partner.path("access").path(0).path("communityId").asText(null);
        if (community == null) {
            throw new IllegalStateException("partner " + doc.path("partnerId").asText() + " has no community to remind it in");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/communities/" + community + "/threads");
        Map<String, Object> thread = new LinkedHashMap<>();
        thread.put("title", "Renewal due: " + doc.path("name").asText());
        thread.put("body", exchange.getProperty("reminderText"));
        thread.put("category", "COMPLIANCE_SUBMISSION");
        thread.put("priority", "HIGH");
        thread.put("partnerId", doc.path("partnerId").asText());
        thread.put("origin", origin(doc));
        return thread;
    }

    /** Body of the renewal review start (one per document and expiry date: its business key). */
    public Map<String, Object> startRenewal(Exchange exchange) {
        return reviewStart(exchange, exchange.getProperty("reviewBusinessKey", String.class), true);
    }

    public void reminded(Exchange exchange) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
        audit.record("bridge", "compliance.renewal-reminded", exchange.getProperty("threadId", String.class),
                "compliance-document:" + doc.path("id").asText(), doc.path("name").asText() + " expires " + doc.path("expiresOn").asText());
    }

    public void lookupRenewal(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "businessKey=" + enc(exchange.getProperty("reviewBusinessKey", String.class))
                + "&processDefinitionKey=" + PROCESS + "&count=1");
    }

    private Map<String, Object> reviewStart(Exchange exchange, String businessKey, boolean renewal) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
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
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        return request;
    }

    private Map<String, Object> outcome(Exchange exchange, String status, String note) {
        JsonNode doc = exchange.getProperty("document", JsonNode.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/compliance-documents/" + doc.path("id").asText());
        exchange.setProperty("documentOutcome", status);
        audit.record("bridge", "compliance." + status.toLowerCase(), exchange.getProperty("threadId", String.class),
                "compliance-document:" + doc.path("id").asText(), note);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("status", status);
        patch.put("reviewNote", note);
        patch.put("origin", origin(doc));
        return patch;
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
