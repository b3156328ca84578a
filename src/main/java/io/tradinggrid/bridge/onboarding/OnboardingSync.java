package io.tradinggrid.bridge.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.flow.OffsetPageCursor;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import io.tradinggrid.bridge.text.PartnerInput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

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

    private static final int PAGE_SIZE = 100;
    private static final Set<String> FAILED_OUTCOMES = Set.of("failed", "correctionsNeeded", "rejected");
    private static final Set<String> OPEN = Set.of("SUBMITTED", "IN_REVIEW");

    /**
     * What the partner is shown on an onboarding request: the PATCH of {@code /onboarding-requests/{requestId}}, the
     * status it stands for (also when the PATCH leaves the status as it is), and the key it is published once under.
     */
    public record RequestUpdate(String requestId, String status, String publishKey, Map<String, Object> patch) {
    }

    private final WatermarkStore watermarks;
    private final AuditTrail audit;

    public OnboardingSync(WatermarkStore watermarks, AuditTrail audit) {
        this.watermarks = watermarks;
        this.audit = audit;
    }

    // ---- requests submitted in the community ----

    /**
     * The walk over a community's requests changed since its watermark, handing on the open ones (SUBMITTED or
     * IN_REVIEW; the rest are history). Starting a request's onboarding updates it, which moves it to the end of
     * the list, so the requests are handed on once all pages are read.
     */
    public OffsetPageCursor requestsWalk(@ExchangeProperty(ExchangeKeys.COMMUNITY_ID) String communityId) {
        String since = watermarks.read(pollerId(communityId)).orElse(null);
        return new OffsetPageCursor("onboardingRequests", since == null ? "" : "updatedSince=" + enc(since), PAGE_SIZE,
                request -> OPEN.contains(request.path("status").asText()), true);
    }

    /** Stores the newest updatedTime the walk saw, once its requests are handled. */
    public void requestsWalked(@ExchangeProperty(ExchangeKeys.COMMUNITY_ID) String communityId,
            @ExchangeProperty(ExchangeKeys.CURSOR) OffsetPageCursor cursor) {
        if (cursor.watermark() != null) {
            watermarks.advance(pollerId(communityId), cursor.watermark(), null);
        }
    }

    /** The query of: GET the onboarding process of the request, if it was started. */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.ONBOARDING_REQUEST) JsonNode request) {
        return "businessKey=" + enc(KEY_PREFIX + request.path("id").asText()) + "&processDefinitionKey=" + PROCESS + "&count=1";
    }

    /** True when the look-up found no process for the request. */
    public boolean notStarted(@Body JsonNode answer) {
        JsonNode instances = answer.path("_embedded").path("process-instances");
        return !instances.isArray() || instances.isEmpty();
    }

    /** The body of POST /process-instances. */
    public Map<String, Object> startProcess(@ExchangeProperty(ExchangeKeys.ONBOARDING_REQUEST) JsonNode submitted) {
        // where a prospect's text enters a process
        JsonNode request = PartnerInput.onboardingRequest(submitted);
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
        return start;
    }

    public void processStarted(@ExchangeProperty(ExchangeKeys.ONBOARDING_REQUEST) JsonNode request) {
        audit.record("bridge", "onboarding.started", null, "onboarding-request:" + request.path("id").asText(), request.path("companyName").asText());
    }

    /** Tells the partner the onboarding has started, with the checklist all pending. */
    public RequestUpdate received(@ExchangeProperty(ExchangeKeys.ONBOARDING_REQUEST) JsonNode request) {
        List<Map<String, Object>> checklist = new ArrayList<>();
        CHECKLIST.values().forEach(item -> checklist.add(item(item, "PENDING", null)));
        String requestId = request.path("id").asText();
        // onboarding requests only move forward: IN_REVIEW is set only on a request that is still SUBMITTED
        return new RequestUpdate(requestId, "IN_REVIEW", null, patch(requestId, "SUBMITTED".equals(request.path("status").asText()) ? "IN_REVIEW" : null,
                checklist, "Received: your onboarding is under way. This checklist shows what is pending and what is done."));
    }

    // ---- progress of the processes ----

    /** The walk over the onboarding processes, handing on those the bridge started for community requests. */
    public OffsetPageCursor processesWalk() {
        return new OffsetPageCursor("process-instances", "processDefinitionKey=" + PROCESS, PAGE_SIZE,
                instance -> instance.path("businessKey").asText().startsWith(KEY_PREFIX), false);
    }

    /** The query of: GET the activity history of the process. */
    public String historyQuery(@ExchangeProperty(ExchangeKeys.ONBOARDING_PROCESS) JsonNode instance) {
        return "processInstanceId=" + enc(instance.path("id").asText()) + "&count=1000";
    }

    /** The request's checklist and status as the history shows them; the publish key changes only when they change. */
    public RequestUpdate progress(@ExchangeProperty(ExchangeKeys.ONBOARDING_PROCESS) JsonNode instance, @Body JsonNode history) {
        String requestId = instance.path("businessKey").asText().substring(KEY_PREFIX.length());
        Map<String, String[]> state = new LinkedHashMap<>();
        String end = null;
        for (JsonNode activity : history.path("_embedded").path("activity-instances")) {
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
        return new RequestUpdate(requestId, status, "onboarding:" + requestId + ":" + status + ":" + checklist.hashCode(),
                patch(requestId, "IN_REVIEW".equals(status) ? null : status, checklist, note));
    }

    private static Map<String, Object> patch(String requestId, String status, List<Map<String, Object>> checklist, String note) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (status != null) {
            patch.put("status", status);
        }
        patch.put("checklist", checklist);
        patch.put("statusNote", note);
        patch.put("origin", Origin.of("onboarding-request:" + requestId));
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String pollerId(String communityId) {
        return "community:" + communityId + ":onboarding";
    }
}
