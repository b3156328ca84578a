package io.tradinggrid.bridge.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.TargetRecord;
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
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Builds the Workflow Service start request of a classified thread, and reads the process instance back after the
 * look-up or the start. The business key ties the instance to its thread, so a retry finds the first instance.
 * Variable names follow the shipped process definitions (see src/main/resources/emulator/workflow/README.md). The
 * variables come only from the bridge and the routing table's {@code fields}; the partner's references are one json
 * variable, {@value #PARTNER_REFERENCES}, so no reference can stand in for a variable such as ownerGroup or partnerId.
 */
public class WorkflowProcessMapper {

    /** The one variable that carries the thread's business references, as the partner gave them (made plain). */
    public static final String PARTNER_REFERENCES = "partnerReferences";

    private final Clock clock;

    public WorkflowProcessMapper() {
        this(Clock.systemUTC());
    }

    public WorkflowProcessMapper(Clock clock) {
        this.clock = clock;
    }

    /** The query of: GET the instance already started for this thread, if any. */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId,
            @ExchangeProperty(ExchangeKeys.DECISION) Decision decision) {
        return "businessKey=" + URLEncoder.encode(ThreadReferences.correlationId(threadId), StandardCharsets.UTF_8)
                + "&processDefinitionKey=" + URLEncoder.encode(decision.target().type(), StandardCharsets.UTF_8) + "&offset=0&count=1";
    }

    /** The instance the look-up found, or null. */
    public TargetRecord existing(@Body JsonNode answer) {
        JsonNode instances = answer.path("_embedded").path("process-instances");
        return instances.isArray() && !instances.isEmpty() ? record(instances.get(0), true) : null;
    }

    /** The body of POST /process-instances. */
    public Map<String, Object> startRequest(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread,
            @ExchangeProperty(ExchangeKeys.DECISION) Decision decision) {
        Target target = decision.target();
        Classification classification = decision.classification();
        String threadId = thread.path("id").asText();
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
        add(variables, "communityId", thread.path("communityId").asText(""), "string");
        add(variables, "partnerId", thread.path("partner").path("id").asText(""), "string");
        add(variables, "partnerName", partner, "string");
        add(variables, "caseType", classification.key(), "string");
        add(variables, "exceptionType", classification.type(), "string");
        String subtype = classification.subtype();
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
        // the partner's references travel as one variable: a partner names its references, never a variable
        JsonNode refs = thread.path("references");
        if (refs.isObject() && !refs.isEmpty()) {
            add(variables, PARTNER_REFERENCES, refs, "json");
        }
        if (refs.path("amount").isNumber() && !target.entry().fields.containsKey("claimAmount")) {
            add(variables, "claimAmount", refs.path("amount").asDouble(), "double");
        }
        if (refs.hasNonNull("currency") && !target.entry().fields.containsKey("currency")) {
            add(variables, "currency", PlainText.of(refs.path("currency").asText(), 10), "string");
        }
        // the table cannot name a variable of the bridge (RoutingTable refuses it at load); the guard keeps it so
        target.entry().fields.forEach((name, template) -> {
            if (!RoutingTable.BRIDGE_VARIABLES.contains(name)) {
                add(variables, name, ThreadReferences.resolve(template, thread), "string");
            }
        });
        request.put("variables", variables);
        request.put("returnVariables", false);
        return request;
    }

    /** The instance the start made. */
    public TargetRecord started(@Body JsonNode answer) {
        return record(answer, false);
    }

    private static TargetRecord record(JsonNode instance, boolean existed) {
        String id = instance.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("Workflow Service answered without a process instance id: " + instance);
        }
        // partners need a short reference they can quote; the instance id is a UUID
        String compact = id.replace("-", "");
        return new TargetRecord(id, "WF-" + compact.substring(0, Math.min(8, compact.length())).toUpperCase(Locale.ROOT), existed);
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
