package io.tradinggrid.bridge.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.routing.ThreadReferences;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PlainText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Builds the Workflow Service start request of a classified thread, and reads the process instance back after the
 * look-up or the start. The business key ties the instance to its thread, so a retry finds the first instance.
 * Variable names follow the shipped process definitions (see src/main/resources/emulator/workflow/README.md).
 */
public class WorkflowProcessMapper {

    private final Clock clock;

    public WorkflowProcessMapper() {
        this(Clock.systemUTC());
    }

    public WorkflowProcessMapper(Clock clock) {
        this.clock = clock;
    }

    /** Sets CamelHttpPath/Query for: GET the instance already started for this thread, if any. */
    public void lookupExisting(Exchange exchange) {
        String businessKey = ThreadReferences.correlationId(exchange.getProperty("threadId", String.class));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "businessKey=" + URLEncoder.encode(businessKey, StandardCharsets.UTF_8)
                + "&processDefinitionKey=" + URLEncoder.encode(exchange.getProperty("targetType", String.class), StandardCharsets.UTF_8)
                + "&offset=0&count=1");
    }

    public boolean found(Exchange exchange) {
        JsonNode instances = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("process-instances");
        if (instances.isArray() && !instances.isEmpty()) {
            remember(exchange, instances.get(0));
            exchange.setProperty("recordExisted", true);
            return true;
        }
        return false;
    }

    public Map<String, Object> startRequest(Exchange exchange) {
        JsonNode thread = exchange.getProperty("thread", JsonNode.class);
        Target target = exchange.getProperty("target", Target.class);
        String threadId = exchange.getProperty("threadId", String.class);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("processDefinitionKey", target.type());
        request.put("businessKey", ThreadReferences.correlationId(threadId));
        String partner = thread.path("partner").path("companyName").asText("Partner");
        request.put("name", PlainText.of(partner + ": " + thread.path("title").asText(), 200));
        List<Map<String, Object>> variables = new ArrayList<>();
        String summary = PlainText.of(thread.path("title").asText() + "\n\n" + thread.path("body").asText(), 4000);
        add(variables, "ownerGroup", target.team(), "string");
        add(variables, "reviewGroup", target.team(), "string");
        add(variables, "ownerTeam", target.teamLabel(), "string");
        add(variables, "threadId", threadId, "string");
        add(variables, "communityId", exchange.getProperty("communityId", String.class), "string");
        add(variables, "partnerId", thread.path("partner").path("id").asText(""), "string");
        add(variables, "partnerName", partner, "string");
        add(variables, "caseType", exchange.getProperty("exceptionKey", String.class), "string");
        add(variables, "exceptionType", exchange.getProperty("exceptionType", String.class), "string");
        String subtype = exchange.getProperty("exceptionSubtype", String.class);
        if (subtype != null) {
            add(variables, "exceptionSubtype", subtype, "string");
            if ("claim".equals(target.type())) {
                add(variables, "claimType", camel(subtype), "string");
            }
            if ("partnerRequest".equals(target.type())) {
                add(variables, "requestType", subtype, "string");
            }
        }
        add(variables, "summary", summary, "string");
        add(variables, "partnerPriority", thread.path("priority").asText("NORMAL"), "string");
        if (target.entry().priority != null) {
            add(variables, "priority", target.entry().priority, "integer");
        }
        Duration dueIn = target.dueIn();
        if (dueIn != null) {
            add(variables, "dueDate", clock.instant().plus(dueIn).toString(), "date");
        }
        JsonNode refs = thread.path("references");
        refs.fields().forEachRemaining(e -> add(variables, e.getKey(), e.getValue().asText(), "string"));
        if (refs.hasNonNull("amount") && !target.entry().fields.containsKey("claimAmount")) {
            add(variables, "claimAmount", refs.path("amount").asDouble(), "double");
        }
        if (refs.hasNonNull("currency")) {
            add(variables, "currency", refs.path("currency").asText(), "string");
        }
        target.entry().fields.forEach((name, template) -> add(variables, name, ThreadReferences.resolve(template, thread), "string"));
        request.put("variables", variables);
        request.put("returnVariables", false);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        return request;
    }

    public void started(Exchange exchange) {
        remember(exchange, exchange.getMessage().getBody(JsonNode.class));
        exchange.setProperty("recordExisted", false);
    }

    private static void remember(Exchange exchange, JsonNode instance) {
        String id = instance.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("Workflow Service answered without a process instance id: " + instance);
        }
        exchange.setProperty("recordId", id);
        // partners need a short reference they can quote; the instance id is a UUID
        exchange.setProperty("recordNumber", "WF-" + id.replace("-", "").substring(0, Math.min(8, id.replace("-", "").length())).toUpperCase());
    }

    private static void add(List<Map<String, Object>> variables, String name, Object value, String type) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", name);
        variable.put("value", value);
        variable.put("type", type);
        variables.removeIf(v -> name.equals(v.get("name")));
        variables.add(variable);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
