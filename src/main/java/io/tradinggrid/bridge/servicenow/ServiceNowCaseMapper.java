package io.tradinggrid.bridge.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.TargetRecord;
import io.tradinggrid.bridge.routing.ThreadReferences;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PlainText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Builds the ServiceNow record (incident, CSM case or catalog task) for a classified thread, and reads the record
 * back from the answer of the look-up or the insert (routes/servicenow-records.camel.yaml). The correlation_id ties the record to its thread so that a retry after a
 * lost answer finds the record instead of creating a second one.
 */
public class ServiceNowCaseMapper {

    private static final String FIELDS = "sys_id,number,state,correlation_id,assignment_group,assigned_to,priority";

    private final ServiceNowReferences references;
    private final String communityUiUrl;

    public ServiceNowCaseMapper(ServiceNowReferences references, String communityUiUrl) {
        this.references = references;
        this.communityUiUrl = communityUiUrl;
    }

    /** The query of: GET the record already made for this thread, if any. */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        return "sysparm_query=" + URLEncoder.encode("correlation_id=" + ThreadReferences.correlationId(threadId) + "^ORDERBYsys_created_on",
                StandardCharsets.UTF_8) + "&sysparm_limit=1&sysparm_exclude_reference_link=true&sysparm_fields=" + FIELDS;
    }

    /** The record the look-up found, or null. */
    public TargetRecord existing(@Body JsonNode answer) {
        JsonNode result = answer.path("result");
        return result.isArray() && !result.isEmpty() ? record(result.get(0), true) : null;
    }

    /** The query of the insert: only the fields the bridge reads back. */
    public String insertQuery() {
        return "sysparm_exclude_reference_link=true&sysparm_fields=" + FIELDS;
    }

    /** The body of the insert. */
    public Map<String, Object> record(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread,
            @ExchangeProperty(ExchangeKeys.DECISION) Decision decision) {
        Target target = decision.target();
        String threadId = thread.path("id").asText();
        String table = target.type();
        Map<String, Object> record = new LinkedHashMap<>();
        String partner = thread.path("partner").path("companyName").asText("Partner");
        record.put("short_description", PlainText.of(partner + ": " + thread.path("title").asText(), 160));
        record.put("description", description(thread, decision));
        record.put("correlation_id", ThreadReferences.correlationId(threadId));
        record.put("correlation_display", "Active Community " + threadId);
        record.put("assignment_group", references.groupId(target.team()));
        String analyst = target.analyst(thread.path("partner").path("id").asText(null),
                thread.path("references").path("ediDocumentType").asText(null));
        if (analyst != null) {
            record.put("assigned_to", references.userId(analyst));
        }
        RoutingTable.Entry entry = target.entry();
        putIfSet(record, "impact", entry.impact);
        putIfSet(record, "urgency", entry.urgency);
        if (!"incident".equals(table)) {
            // incidents derive priority from impact and urgency; CSM cases and tasks take it as given
            putIfSet(record, "priority", entry.priority);
        }
        putIfSet(record, "category", entry.category);
        putIfSet(record, "subcategory", entry.subcategory);
        if ("incident".equals(table)) {
            record.put("contact_type", "web");
        }
        // the table cannot name a field of the bridge (RoutingTable refuses it at load); the guard keeps it so
        entry.fields.forEach((field, template) -> {
            if (!RoutingTable.BRIDGE_RECORD_FIELDS.contains(field) && !field.startsWith("sys_")) {
                record.put(field, ThreadReferences.resolve(template, thread));
            }
        });
        record.put("work_notes", "Opened by Trading Grid Bridge from community thread " + threadId + ", classified "
                + decision.classification().key() + " by rule " + decision.classification().ruleId() + ".");
        return record;
    }

    /** The record the insert made. */
    public TargetRecord created(@Body JsonNode answer) {
        return record(answer.path("result"), false);
    }

    private static TargetRecord record(JsonNode record, boolean existed) {
        String sysId = record.path("sys_id").asText(null);
        return new TargetRecord(sysId, record.path("number").asText(sysId), existed);
    }

    private static void putIfSet(Map<String, Object> record, String field, Object value) {
        if (value != null) {
            record.put(field, String.valueOf(value));
        }
    }

    private String description(JsonNode thread, Decision decision) {
        StringBuilder d = new StringBuilder();
        JsonNode partner = thread.path("partner");
        d.append("Trading partner: ").append(partner.path("companyName").asText("?"));
        if (partner.hasNonNull("duns")) {
            d.append(" (DUNS ").append(partner.path("duns").asText()).append(')');
        }
        d.append("\nCommunity thread: ").append(thread.path("id").asText()).append(" in ").append(thread.path("communityId").asText());
        if (communityUiUrl != null && !communityUiUrl.isBlank()) {
            d.append(" - ").append(communityUiUrl).append("/threads/").append(thread.path("id").asText());
        }
        d.append("\nPartner category: ").append(thread.path("category").asText())
                .append("; classified as ").append(decision.classification().key());
        if (!decision.classification().likely().isEmpty()) {
            // triage: what the thread's words spoke for most, so the first reader knows where to look
            d.append(" (most likely: ").append(String.join(", ", decision.classification().likely())).append(')');
        }
        JsonNode refs = thread.path("references");
        if (refs.isObject() && !refs.isEmpty()) {
            d.append("\nBusiness references:");
            refs.fields().forEachRemaining(e -> d.append("\n  ").append(e.getKey()).append(": ").append(PlainText.of(e.getValue().asText(), 200)));
        }
        d.append("\n\n").append(PlainText.of(thread.path("body").asText(), 20_000));
        return d.toString();
    }
}
