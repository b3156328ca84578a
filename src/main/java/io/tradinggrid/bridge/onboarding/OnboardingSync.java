package io.tradinggrid.bridge.onboarding;

import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Partner onboarding both ways (W3): a request submitted in the community starts the onboarding process once
 * (business key per request), and the process's checklist - compliance check, account setup, master data validation,
 * trading relationship approval - is published back to the request as it progresses, then its outcome.
 * Progress is read from the process's activity history (an emulator-documented assumption about OpenText's API).
 */
public class OnboardingSync {

    static final String PROCESS = "partnerOnboarding";
    static final String KEY_PREFIX = "activecommunity:onboarding:";
    /** Task of the shipped process -> checklist item as partners read it. */
    static final Map<String, String> CHECKLIST = new LinkedHashMap<>();

    static {
        CHECKLIST.put("complianceCheck", "compliance check");
        CHECKLIST.put("accountSetup", "account setup");
        CHECKLIST.put("masterDataValidation", "master data validation");
        CHECKLIST.put("approveTradingRelationship", "trading relationship approval");
    }

    private static final Set<String> FAILED_OUTCOMES = Set.of("failed", "correctionsNeeded", "rejected");
    private static final Set<String> OPEN = Set.of("SUBMITTED", "IN_REVIEW");

    private final WatermarkStore watermarks;
    private final AuditTrail audit;

    public OnboardingSync(WatermarkStore watermarks, AuditTrail audit) {
        this.watermarks = watermarks;
        this.audit = audit;
    }

    // ---- requests submitted in the community ----

    public void startRequests(Exchange exchange) {
        String community = exchange.getMessage().getBody(String.class).trim();
        exchange.setProperty("communityId", community);
        exchange.setProperty("requestsSince", watermarks.read(pollerId(community)).orElse(null));
        exchange.setProperty("requestsNewest", exchange.getProperty("requestsSince"));
        exchange.setProperty("requestsOffset", 0);
        exchange.setProperty("requestsMore", true);
    }

    public void requestsPage(Exchange exchange) {
        String since = exchange.getProperty("requestsSince", String.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/communities/" + exchange.getProperty("communityId") + "/onboarding-requests");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "count=100&offset=" + exchange.getProperty("requestsOffset")
                + (since == null ? "" : "&updatedSince=" + URLEncoder.encode(since, StandardCharsets.UTF_8)));
    }

    /** The open requests of a page (SUBMITTED or IN_REVIEW); the rest are history. */
    public List<JsonNode> openRequests(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        List<JsonNode> all = new ArrayList<>();
        page.path("_embedded").path("onboardingRequests").forEach(all::add);
        int offset = exchange.getProperty("requestsOffset", Integer.class);
        exchange.setProperty("requestsOffset", offset + all.size());
        exchange.setProperty("requestsMore", !all.isEmpty() && offset + all.size() < page.path("page").path("totalElements").asLong());
        String newest = exchange.getProperty("requestsNewest", String.class);
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode request : all) {
            String updated = request.path("updatedTime").asText();
            if (newest == null || updated.compareTo(newest) > 0) {
                newest = updated;
            }
            if (OPEN.contains(request.path("status").asText())) {
                open.add(request);
            }
        }
        exchange.setProperty("requestsNewest", newest);
        return open;
    }

    public void finishRequests(Exchange exchange) {
        String newest = exchange.getProperty("requestsNewest", String.class);
        if (newest != null) {
            watermarks.advance(pollerId(exchange.getProperty("communityId", String.class)), newest, null);
        }
    }

    /** Names the request and asks for its onboarding process. */
    public void describe(Exchange exchange) {
        JsonNode request = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, request.toString());
        exchange.setProperty("onboardingRequest", request);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "businessKey=" + URLEncoder.encode(KEY_PREFIX + request.path("id").asText(),
                StandardCharsets.UTF_8) + "&processDefinitionKey=" + PROCESS + "&count=1");
    }

    /** True when the request's onboarding process exists (a bean called from a simple expression keeps no body change). */
    public boolean started(Exchange exchange) {
        JsonNode instances = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("process-instances");
        return instances.isArray() && !instances.isEmpty();
    }

    public Map<String, Object> startProcess(Exchange exchange) {
        JsonNode request = exchange.getProperty("onboardingRequest", JsonNode.class);
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("processDefinitionKey", PROCESS);
        start.put("businessKey", KEY_PREFIX + request.path("id").asText());
        start.put("name", "Onboarding: " + request.path("companyName").asText());
        List<Map<String, Object>> variables = new ArrayList<>();
        variables.add(variable("onboardingRequestId", request.path("id").asText()));
        variables.add(variable("communityId", request.path("communityId").asText()));
        variables.add(variable("companyName", request.path("companyName").asText()));
        variables.add(variable("duns", request.path("duns").asText("")));
        variables.add(variable("country", request.path("country").asText("")));
        variables.add(variable("partnerId", request.path("partnerId").asText("")));
        variables.add(Map.of("name", "contacts", "type", "json", "value", request.path("contacts")));
        variables.add(Map.of("name", "ediAddresses", "type", "json", "value", request.path("ediAddresses")));
        start.put("variables", variables);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        return start;
    }

    /** Tells the partner the onboarding has started, with the checklist all pending. */
    public Map<String, Object> received(Exchange exchange) {
        JsonNode request = exchange.getProperty("onboardingRequest", JsonNode.class);
        List<Map<String, Object>> checklist = new ArrayList<>();
        CHECKLIST.values().forEach(item -> checklist.add(item(item, "PENDING", null)));
        audit.record("bridge", "onboarding.started", null, "onboarding-request:" + request.path("id").asText(), request.path("companyName").asText());
        // onboarding requests only move forward: IN_REVIEW is set only on a request that is still SUBMITTED
        return patch(exchange, request.path("id").asText(), "SUBMITTED".equals(request.path("status").asText()) ? "IN_REVIEW" : null,
                checklist, "Received: your onboarding is under way. This checklist shows what is pending and what is done.");
    }

    // ---- progress of the processes ----

    public void startProcesses(Exchange exchange) {
        exchange.setProperty("processesOffset", 0);
        exchange.setProperty("processesMore", true);
    }

    public void processesPage(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "processDefinitionKey=" + PROCESS + "&count=100&offset="
                + exchange.getProperty("processesOffset"));
    }

    /** The onboarding processes the bridge started for community requests. */
    public List<JsonNode> bridgeProcesses(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        List<JsonNode> ours = new ArrayList<>();
        int count = 0;
        for (JsonNode instance : page.path("_embedded").path("process-instances")) {
            count++;
            if (instance.path("businessKey").asText().startsWith(KEY_PREFIX)) {
                ours.add(instance);
            }
        }
        int offset = exchange.getProperty("processesOffset", Integer.class);
        exchange.setProperty("processesOffset", offset + count);
        exchange.setProperty("processesMore", count > 0 && offset + count < page.path("page").path("totalElements").asLong());
        return ours;
    }

    public void historyRequest(Exchange exchange) {
        JsonNode instance = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, instance.toString());
        exchange.setProperty("onboardingProcess", instance);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/history/activity-instances");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "processInstanceId=" + instance.path("id").asText() + "&count=1000");
    }

    /** The request's checklist and status as the history shows them; publishKey changes only when they change. */
    public Map<String, Object> progress(Exchange exchange) {
        JsonNode instance = exchange.getProperty("onboardingProcess", JsonNode.class);
        String requestId = instance.path("businessKey").asText().substring(KEY_PREFIX.length());
        Map<String, String[]> state = new LinkedHashMap<>();
        String end = null;
        for (JsonNode activity : exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("activity-instances")) {
            String id = activity.path("activityId").asText();
            if ("endEvent".equals(activity.path("activityType").asText())) {
                end = id;
            }
            if (CHECKLIST.containsKey(id)) {
                boolean finished = !activity.path("endTime").asText("").isBlank();
                String outcome = activity.path("outcome").asText("");
                String status = !finished ? "IN_PROGRESS" : FAILED_OUTCOMES.contains(outcome) ? "FAILED" : "DONE";
                state.put(id, new String[] {status, outcome});
            }
        }
        List<Map<String, Object>> checklist = new ArrayList<>();
        CHECKLIST.forEach((task, item) -> {
            String[] s = state.get(task);
            checklist.add(item(item, s == null ? "PENDING" : s[0], s == null || s[1].isBlank() ? null : s[1]));
        });
        String status = "partnerActivated".equals(end) ? "APPROVED" : "onboardingRejected".equals(end) ? "REJECTED" : "IN_REVIEW";
        String note = switch (status) {
            case "APPROVED" -> "Onboarding complete: your trading relationship is approved.";
            case "REJECTED" -> "Onboarding not approved. Our partner team will contact you about the reasons.";
            default -> "Your onboarding is under way. This checklist shows what is pending and what is done.";
        };
        exchange.setProperty("publishKey", "onboarding:" + requestId + ":" + status + ":" + checklist.hashCode());
        exchange.setProperty("onboardingStatus", status);
        return patch(exchange, requestId, "IN_REVIEW".equals(status) ? null : status, checklist, note);
    }

    private Map<String, Object> patch(Exchange exchange, String requestId, String status, List<Map<String, Object>> checklist, String note) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (status != null) {
            patch.put("status", status);
        }
        patch.put("checklist", checklist);
        patch.put("statusNote", note);
        patch.put("origin", Origin.of("onboarding-request:" + requestId));
        exchange.setProperty("onboardingRequestId", requestId);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/onboarding-requests/" + requestId);
        return patch;
    }

    private static Map<String, Object> item(String item, String status, String note) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("item", item);
        entry.put("status", status);
        if (note != null) {
            entry.put("note", note);
        }
        return entry;
    }

    private static Map<String, Object> variable(String name, Object value) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("value", value);
        return v;
    }

    static String pollerId(String communityId) {
        return "community:" + communityId + ":onboarding";
    }
}
