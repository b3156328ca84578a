package io.tradinggrid.emulator.community;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The contract's vocabulary, time format, request checks and page envelope, in one place. */
final class Api {

    static final String BASE_PATH = "/activecommunity/v1";

    static final Set<String> CATEGORIES = ordered("DISPUTE", "SHIPMENT_EXCEPTION", "INVOICE_MISMATCH", "COMPLIANCE_ISSUE",
            "ORDER_DISCREPANCY", "MISSING_ASN", "PRICING_CONFLICT", "DELIVERY_EXCEPTION", "CLAIM", "DOCUMENT_SUBMISSION",
            "COMPLIANCE_SUBMISSION", "PARTNER_REQUEST", "TRANSACTION_FAILURE", "ONBOARDING", "GENERAL");
    static final Set<String> THREAD_STATUSES = ordered("OPEN", "IN_PROGRESS", "AWAITING_PARTNER", "RESOLVED", "CLOSED");
    static final Set<String> PRIORITIES = ordered("LOW", "NORMAL", "HIGH", "CRITICAL");
    static final Set<String> DOCUMENT_CATEGORIES = ordered("CONTRACT", "COMPLIANCE_CERTIFICATE", "INSURANCE",
            "REGULATORY_ATTESTATION", "SHIPPING_INSTRUCTION", "CLAIM_EVIDENCE", "PROOF_OF_DELIVERY", "INVOICE",
            "PURCHASE_ORDER", "ADVANCE_SHIP_NOTICE", "REVISED_SCHEDULE", "OTHER");
    static final Set<String> POST_KINDS = ordered("MESSAGE", "DOCUMENT_REQUEST", "CLARIFICATION", "STATUS_UPDATE");
    static final Set<String> BODY_FORMATS = ordered("text", "markdown");
    static final Set<String> ARTICLE_BODY_FORMATS = ordered("text", "markdown", "html");
    static final Set<String> ONBOARDING_STATUSES = ordered("SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "ACTIVE");
    static final Set<String> CHECKLIST_STATUSES = ordered("PENDING", "IN_PROGRESS", "DONE", "FAILED", "WAIVED");
    static final Set<String> PARTNER_STATUSES = ordered("INVITED", "REGISTERED", "ACTIVE", "SUSPENDED");
    static final Set<String> ACCESS_ROLES = ordered("VIEWER", "CONTRIBUTOR", "DOCUMENT_SUBMITTER", "CLAIMS_SUBMITTER", "ADMIN");
    static final Set<String> COMPLIANCE_TYPES = ordered("COMPLIANCE_CERTIFICATE", "INSURANCE", "REGULATORY_ATTESTATION");
    static final Set<String> COMPLIANCE_STATUSES = ordered("PENDING_REVIEW", "APPROVED", "REJECTED", "EXPIRED");
    static final Set<String> EVENT_TYPES = ordered("thread.created", "thread.updated", "post.created", "attachment.added",
            "onboarding.submitted", "onboarding.updated", "compliance_document.submitted");

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 200;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Api() {
    }

    private static Set<String> ordered(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    // ---- time ------------------------------------------------------------------------------------------

    /** ISO-8601 UTC with milliseconds, e.g. 2026-11-21T09:30:00.000Z. */
    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /** A date-time query parameter; any ISO-8601 offset is accepted. */
    static Instant parseTime(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw CommunityException.badRequest(name + " must be an ISO-8601 date-time such as 2026-11-21T09:30:00.000Z, got '" + value + "'");
        }
    }

    static LocalDate parseDate(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw CommunityException.badRequest(name + " must be an ISO-8601 date such as 2027-03-31, got '" + value + "'");
        }
    }

    // ---- request bodies --------------------------------------------------------------------------------

    static ObjectNode body(String text) {
        JsonNode node = Json.parse(text);
        if (!node.isObject()) {
            throw CommunityException.badRequest("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static String text(JsonNode node, String field, boolean required, int maxLength) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw CommunityException.badRequest(field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw CommunityException.badRequest(field + " must be a string");
        }
        String s = value.asText();
        if (required && s.isBlank()) {
            throw CommunityException.badRequest(field + " must not be blank");
        }
        if (maxLength > 0 && s.length() > maxLength) {
            throw CommunityException.badRequest(field + " is longer than " + maxLength + " characters");
        }
        return s;
    }

    static String oneOf(JsonNode node, String field, boolean required, Set<String> allowed) {
        String value = text(node, field, required, 0);
        return checkOneOf(field, value, allowed);
    }

    static String checkOneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw CommunityException.badRequest(field + " must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    static List<String> strings(JsonNode node, String field, Set<String> allowed) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw CommunityException.badRequest(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw CommunityException.badRequest(field + " must be an array of strings");
            }
            out.add(allowed == null ? item.asText() : checkOneOf(field + "[]", item.asText(), allowed));
        }
        return out;
    }

    /** An optional array of objects, copied; each must be an object. */
    static ArrayNode objects(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw CommunityException.badRequest(field + " must be an array");
        }
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw CommunityException.badRequest(field + " must be an array of objects");
            }
        }
        return ((ArrayNode) value).deepCopy();
    }

    static ObjectNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw CommunityException.badRequest(field + " must be an object");
        }
        return ((ObjectNode) value).deepCopy();
    }

    /** The Origin of a write: an object with a non-blank {@code system}. */
    static ObjectNode origin(JsonNode node) {
        ObjectNode origin = object(node, "origin");
        return origin == null ? null : checkOrigin(origin);
    }

    static ObjectNode checkOrigin(ObjectNode origin) {
        text(origin, "system", true, 0);
        text(origin, "ref", false, 0);
        return origin;
    }

    /** An ExternalReference: {@code system} and {@code id} required. */
    static ObjectNode externalReference(JsonNode item, String field) {
        if (item == null || !item.isObject()) {
            throw CommunityException.badRequest(field + " must be an object with system and id");
        }
        text(item, "system", true, 0);
        text(item, "id", true, 0);
        text(item, "url", false, 0);
        text(item, "status", false, 0);
        return ((ObjectNode) item).deepCopy();
    }

    static List<ObjectNode> externalReferences(JsonNode node, String field) {
        ArrayNode items = objects(node, field);
        if (items == null) {
            return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            out.add(externalReference(item, field + "[]"));
        }
        return out;
    }

    static boolean sameReference(JsonNode a, JsonNode b) {
        return a.path("system").asText().equals(b.path("system").asText()) && a.path("id").asText().equals(b.path("id").asText());
    }

    // ---- paging ------------------------------------------------------------------------------------------

    record Paging(int offset, int count) {
    }

    static Paging paging(String offset, String count) {
        int o = integer("offset", offset, 0);
        int c = integer("count", count, DEFAULT_COUNT);
        if (o < 0) {
            throw CommunityException.badRequest("offset must be 0 or more");
        }
        if (c < 1 || c > MAX_COUNT) {
            throw CommunityException.badRequest("count must be between 1 and " + MAX_COUNT);
        }
        return new Paging(o, c);
    }

    private static int integer(String name, String value, int dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw CommunityException.badRequest(name + " must be an integer, got '" + value + "'");
        }
    }

    /**
     * The {@code _embedded} + {@code page} envelope. {@code page.count} echoes the requested page size;
     * {@code maxItems} (when set) cuts pages short on purpose, since a short page does not mean the end.
     */
    static ObjectNode page(String name, Collection<ObjectNode> all, Paging paging, Integer maxItems) {
        List<ObjectNode> list = new ArrayList<>(all);
        int from = Math.min(paging.offset(), list.size());
        int size = paging.count();
        if (maxItems != null && maxItems > 0) {
            size = Math.min(size, maxItems);
        }
        int to = Math.min(list.size(), from + size);
        ObjectNode out = Json.object();
        ArrayNode items = out.putObject("_embedded").putArray(name);
        list.subList(from, to).forEach(items::add);
        ObjectNode page = out.putObject("page");
        page.put("offset", paging.offset());
        page.put("count", paging.count());
        page.put("totalElements", list.size());
        return out;
    }
}
