package io.tradinggrid.bridge.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.routing.ThreadReferences;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PlainText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Builds the ServiceNow record (incident, CSM case or catalog task) for a classified thread, and reads the record
 * back after the lookup or the insert. The correlation_id ties the record to its thread so that a retry after a
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

    /** Sets CamelHttpPath/Query for: GET the record already made for this thread, if any. */
    public void lookupExisting(Exchange exchange) {
        String table = exchange.getProperty("targetType", String.class);
        String correlation = ThreadReferences.correlationId(exchange.getProperty("threadId", String.class));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + table);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_query="
                + URLEncoder.encode("correlation_id=" + correlation + "^ORDERBYsys_created_on", StandardCharsets.UTF_8)
                + "&sysparm_limit=1&sysparm_exclude_reference_link=true&sysparm_fields=" + FIELDS);
    }

    /** True, with recordId/recordNumber set, when the lookup found a record. */
    public boolean found(Exchange exchange) {
        JsonNode result = exchange.getMessage().getBody(JsonNode.class).path("result");
        if (result.isArray() && !result.isEmpty()) {
            remember(exchange, result.get(0));
            exchange.setProperty("recordExisted", true);
            return true;
        }
        return false;
    }

    /** The body of the insert, and CamelHttpPath/Query for it. */
    public Map<String, Object> record(Exchange exchange) {
        JsonNode thread = exchange.getProperty("thread", JsonNode.class);
        Target target = exchange.getProperty("target", Target.class);
        String threadId = exchange.getProperty("threadId", String.class);
        String table = target.type();
        Map<String, Object> record = new LinkedHashMap<>();
        String partner = thread.path("partner").path("companyName").asText("Partner");
        record.put("short_description", PlainText.of(partner + ": " + thread.path("title").asText(), 160));
        record.put("description", description(exchange, thread));
        record.put("correlation_id", ThreadReferences.correlationId(threadId));
        record.put("correlation_display", "Active Community " + threadId);
        record.put("assignment_group", references.groupId(target.team()));
        String analyst = target.analyst(thread.path("partner").path("id").asText(null),
                thread.path("references").path("ediDocumentType").asText(null));
        if (analyst != null) {
            record.put("assigned_to", references.userId(analyst));
        }
        if (target.entry().impact != null) {
            record.put("impact", String.valueOf(target.entry().impact));
        }
        if (target.entry().urgency != null) {
            record.put("urgency", String.valueOf(target.entry().urgency));
        }
        if (target.entry().priority != null && !"incident".equals(table)) {
            // incidents derive priority from impact and urgency; CSM cases and tasks take it as given
            record.put("priority", String.valueOf(target.entry().priority));
        }
        if (target.entry().category != null) {
            record.put("category", target.entry().category);
        }
        if (target.entry().subcategory != null) {
            record.put("subcategory", target.entry().subcategory);
        }
        if ("incident".equals(table)) {
            record.put("contact_type", "web");
        }
        target.entry().fields.forEach((field, template) -> record.put(field, ThreadReferences.resolve(template, thread)));
        record.put("work_notes", "Opened by Trading Grid Bridge from community thread " + threadId + ", classified "
                + exchange.getProperty("exceptionKey") + " by rule " + exchange.getProperty("classificationRule") + ".");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + table);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_exclude_reference_link=true&sysparm_fields=" + FIELDS);
        return record;
    }

    /** Reads sys_id and number from the insert's answer. */
    public void created(Exchange exchange) {
        remember(exchange, exchange.getMessage().getBody(JsonNode.class).path("result"));
        exchange.setProperty("recordExisted", false);
    }

    private static void remember(Exchange exchange, JsonNode record) {
        String sysId = record.path("sys_id").asText(null);
        if (sysId == null || sysId.isBlank()) {
            throw new IllegalStateException("ServiceNow answered without a sys_id: " + record);
        }
        exchange.setProperty("recordId", sysId);
        exchange.setProperty("recordNumber", record.path("number").asText(sysId));
    }

    private String description(Exchange exchange, JsonNode thread) {
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
                .append("; classified as ").append(exchange.getProperty("exceptionKey"));
        JsonNode refs = thread.path("references");
        if (refs.isObject() && !refs.isEmpty()) {
            d.append("\nBusiness references:");
            refs.fields().forEachRemaining(e -> d.append("\n  ").append(e.getKey()).append(": ").append(PlainText.of(e.getValue().asText(), 200)));
        }
        d.append("\n\n").append(PlainText.of(thread.path("body").asText(), 20_000));
        return d.toString();
    }
}
