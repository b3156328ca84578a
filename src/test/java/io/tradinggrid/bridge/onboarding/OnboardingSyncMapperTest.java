package io.tradinggrid.bridge.onboarding;

import java.util.LinkedHashMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.flow.OffsetPageCursor;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What OnboardingSync asks and writes, without Camel: values in, results out. */
class OnboardingSyncMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Watermarks in a map instead of the store. */
    private static final class Watermarks extends WatermarkStore {
        final Map<String, String> values = new HashMap<>();

        Watermarks() {
            super(null);
        }

        @Override
        public Optional<String> read(String pollerId) {
            return Optional.ofNullable(values.get(pollerId));
        }

        @Override
        public void advance(String pollerId, String watermark, String lastItemId) {
            values.put(pollerId, watermark);
        }
    }

    private final Watermarks watermarks = new Watermarks();
    private final OnboardingSync sync = new OnboardingSync(watermarks, null);

    private static ObjectNode request(String id, String status) {
        ObjectNode r = JSON.createObjectNode().put("id", id).put("status", status).put("communityId", "COM-1")
                .put("companyName", "Cedar Valley Foods").put("duns", "123456789").put("updatedTime", "2026-11-21T09:00:00.000Z");
        r.putArray("contacts").addObject().put("email", "ops@cedar.example");
        return r;
    }

    private static JsonNode history(String... activities) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putObject("_embedded").putArray("activity-instances");
        for (String a : activities) {
            String[] parts = a.split(":", -1);
            ObjectNode activity = list.addObject().put("activityId", parts[0]).put("activityType", parts[1]);
            if (!parts[2].isEmpty()) {
                activity.put("endTime", "2026-11-21T10:00:00.000Z");
            }
            if (parts.length > 3) {
                activity.put("outcome", parts[3]);
            }
        }
        return page;
    }

    private static JsonNode process(String requestId) {
        return JSON.createObjectNode().put("id", "p-1").put("businessKey", OnboardingSync.KEY_PREFIX + requestId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> checklist(OnboardingSync.RequestUpdate update) {
        Map<String, String> items = new LinkedHashMap<>();
        ((List<Map<String, Object>>) update.patch().get("checklist")).forEach(i -> items.put((String) i.get("item"), (String) i.get("status")));
        return items;
    }

    @Test
    void should_walk_the_requests_changed_since_the_watermark_and_hand_on_the_open_ones_after_the_last_page() {
        watermarks.values.put("community:COM-1:onboarding", "2026-11-21T08:00:00.000Z");
        OffsetPageCursor cursor = sync.requestsWalk("COM-1");
        assertThat(cursor.query()).isEqualTo("updatedSince=2026-11-21T08%3A00%3A00.000Z&count=100&offset=0");

        ObjectNode page = JSON.createObjectNode();
        page.putObject("_embedded").putArray("onboardingRequests").add(request("R1", "SUBMITTED")).add(request("R2", "APPROVED"))
                .add(request("R3", "IN_REVIEW"));
        page.putObject("page").put("offset", 0).put("count", 3).put("totalElements", 3);
        assertThat(cursor.accept(page, null)).isEmpty();
        assertThat(cursor.drain()).extracting(r -> r.path("id").asText()).containsExactly("R1", "R3");

        sync.requestsWalked("COM-1", cursor);
        assertThat(watermarks.values).containsEntry("community:COM-1:onboarding", "2026-11-21T09:00:00.000Z");
    }

    @Test
    void should_walk_the_first_time_without_updated_since_and_store_no_watermark_when_nothing_was_read() {
        OffsetPageCursor cursor = sync.requestsWalk("COM-1");
        assertThat(cursor.query()).isEqualTo("count=100&offset=0");
        sync.requestsWalked("COM-1", cursor);
        assertThat(watermarks.values).isEmpty();
    }

    @Test
    void should_look_up_the_process_by_the_business_key_of_the_request() {
        assertThat(sync.lookupQuery(request("R 1", "SUBMITTED")))
                .isEqualTo("businessKey=activecommunity%3Aonboarding%3AR+1&processDefinitionKey=partnerOnboarding&count=1");
    }

    @Test
    void should_start_only_when_the_look_up_found_no_process() {
        ObjectNode none = JSON.createObjectNode();
        none.putObject("_embedded").putArray("process-instances");
        ObjectNode one = JSON.createObjectNode();
        one.putObject("_embedded").putArray("process-instances").addObject().put("id", "p-1");
        assertThat(sync.notStarted(none)).isTrue();
        assertThat(sync.notStarted(one)).isFalse();
    }

    @Test
    void should_start_the_onboarding_process_with_the_request_as_variables() {
        Map<String, Object> start = sync.startProcess(request("R1", "SUBMITTED"));
        assertThat(start).containsEntry("processDefinitionKey", "partnerOnboarding").containsEntry("businessKey", "activecommunity:onboarding:R1")
                .containsEntry("name", "Onboarding: Cedar Valley Foods");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variables = (List<Map<String, Object>>) start.get("variables");
        assertThat(variables).anySatisfy(v -> assertThat(v).containsEntry("name", "onboardingRequestId").containsEntry("value", "R1"))
                .anySatisfy(v -> assertThat(v).containsEntry("name", "contacts").containsEntry("type", "json"));
    }

    @Test
    void should_move_a_submitted_request_to_in_review_with_the_checklist_all_pending() {
        OnboardingSync.RequestUpdate update = sync.received(request("R1", "SUBMITTED"));
        assertThat(update.requestId()).isEqualTo("R1");
        assertThat(update.patch()).containsEntry("status", "IN_REVIEW");
        assertThat(checklist(update).values()).hasSize(4).containsOnly("PENDING");
        assertThat((String) update.patch().get("statusNote")).startsWith("Received: your onboarding is under way");
    }

    @Test
    void should_leave_the_status_of_a_request_already_in_review() {
        assertThat(sync.received(request("R1", "IN_REVIEW")).patch()).doesNotContainKey("status");
    }

    @Test
    void should_walk_only_the_onboardings_the_bridge_started() {
        OffsetPageCursor cursor = sync.processesWalk();
        assertThat(cursor.query()).isEqualTo("processDefinitionKey=partnerOnboarding&count=100&offset=0");
        ObjectNode page = JSON.createObjectNode();
        page.putObject("_embedded").putArray("process-instances").add(process("R1")).addObject().put("id", "p-2").put("businessKey", "manual-42");
        page.putObject("page").put("offset", 0).put("count", 2).put("totalElements", 2);
        assertThat(cursor.accept(page, null)).extracting(p -> p.path("businessKey").asText()).containsExactly("activecommunity:onboarding:R1");
    }

    @Test
    void should_read_the_history_of_the_process() {
        assertThat(sync.historyQuery(process("R1"))).isEqualTo("processInstanceId=p-1&count=1000");
    }

    @Test
    void should_show_running_tasks_in_progress_and_finished_ones_done_or_failed() {
        OnboardingSync.RequestUpdate update = sync.progress(process("R1"),
                history("complianceCheck:userTask:x:passed", "accountSetup:userTask:x:failed", "masterDataValidation:userTask:"));
        assertThat(update.requestId()).isEqualTo("R1");
        assertThat(update.status()).isEqualTo("IN_REVIEW");
        assertThat(update.patch()).doesNotContainKey("status");
        assertThat(checklist(update)).containsEntry("compliance check", "DONE").containsEntry("account setup", "FAILED")
                .containsEntry("master data validation", "IN_PROGRESS").containsEntry("trading relationship approval", "PENDING");
    }

    @Test
    void should_approve_the_request_when_the_process_ended_with_the_partner_activated() {
        OnboardingSync.RequestUpdate update = sync.progress(process("R1"), history("approveTradingRelationship:userTask:x:approved",
                "partnerActivated:endEvent:x"));
        assertThat(update.status()).isEqualTo("APPROVED");
        assertThat(update.patch()).containsEntry("status", "APPROVED");
        assertThat((String) update.patch().get("statusNote")).startsWith("Onboarding complete");
    }

    @Test
    void should_reject_the_request_when_the_process_ended_rejected() {
        assertThat(sync.progress(process("R1"), history("onboardingRejected:endEvent:x")).patch()).containsEntry("status", "REJECTED");
    }

    @Test
    void should_publish_again_only_when_the_checklist_or_status_changed() {
        JsonNode running = history("complianceCheck:userTask:");
        String key = sync.progress(process("R1"), running).publishKey();
        assertThat(sync.progress(process("R1"), running).publishKey()).isEqualTo(key).startsWith("onboarding:R1:IN_REVIEW:");
        assertThat(sync.progress(process("R1"), history("complianceCheck:userTask:x:passed")).publishKey()).isNotEqualTo(key);
    }
}
