package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The base class's fault injection against this emulator, and the /_emulator admin API. */
class WorkflowFaultsAndAdminTest extends WorkflowEmulatorTestSupport {

    private void faults(ObjectNode plan) throws Exception {
        Response r = call("PUT", emulator.adminUrl() + "/faults", plan, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private ObjectNode startBody(String businessKey) {
        return Json.object().put("processDefinitionKey", "claim").put("businessKey", businessKey);
    }

    private int countByBusinessKey(String businessKey) throws Exception {
        return get("/process-instances?businessKey=" + businessKey).json().path("page").path("totalElements").asInt();
    }

    @Test
    void should_answer_injected_5xx_with_message_and_exception_and_not_start_the_instance() throws Exception {
        faults(Json.object().put("pathPattern", "/process-instances$").put("methods", "POST").put("errorCount", 1).put("errorStatus", 500));
        Response failed = post("/process-instances", startBody("CLAIM-5XX"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("message").asText()).isEqualTo("Internal server error");
        assertThat(failed.json().get("exception").asText()).contains("Injected failure");
        assertThat(countByBusinessKey("CLAIM-5XX")).isZero();
        assertThat(post("/process-instances", startBody("CLAIM-5XX")).status()).as("count used up").isEqualTo(201);
        assertThat(emulator.journal().snapshot()).anySatisfy(e -> {
            assertThat(e.path()).endsWith("/process-instances");
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.fault()).isEqualTo("ERROR");
        });
    }

    @Test
    void should_answer_injected_429_with_retry_after_and_apigee_quota_fault() throws Exception {
        faults(Json.object().put("pathPattern", "/tasks").put("rateLimitCount", 2).put("retryAfterSeconds", 7));
        Response limited = get("/tasks");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.json().path("fault").path("detail").path("errorcode").asText()).isEqualTo("policies.ratelimit.QuotaViolation");
        assertThat(get("/tasks").status()).isEqualTo(429);
        assertThat(get("/tasks").status()).isEqualTo(200);
    }

    @Test
    void should_add_injected_latency() throws Exception {
        faults(Json.object().put("pathPattern", "/process-instances").put("latencyMs", 400));
        long t0 = System.nanoTime();
        assertThat(get("/process-instances").status()).isEqualTo(200);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
        call("DELETE", emulator.adminUrl() + "/faults", null, null);
        long t1 = System.nanoTime();
        get("/process-instances");
        assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(400);
    }

    @Test
    void should_reset_the_connection_when_asked() throws Exception {
        faults(Json.object().put("pathPattern", "/tasks").put("resetCount", 1));
        assertThatThrownBy(() -> get("/tasks")).isInstanceOf(IOException.class);
        assertThat(get("/tasks").status()).isEqualTo(200);
    }

    @Test
    void should_start_the_instance_even_when_error_after_commit_is_answered() throws Exception {
        faults(Json.object().put("pathPattern", "/process-instances$").put("methods", "POST").put("errorAfterCommitCount", 1).put("errorStatus", 503));
        Response failed = post("/process-instances", startBody("CLAIM-AFTER-COMMIT"));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.json().get("message").asText()).isEqualTo("Service unavailable");
        assertThat(countByBusinessKey("CLAIM-AFTER-COMMIT")).as("the write was committed").isEqualTo(1);
    }

    @Test
    void should_complete_the_task_even_when_error_after_commit_is_answered() throws Exception {
        String id = start("claim", "CLAIM-AC-TASK").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        faults(Json.object().put("pathPattern", "/tasks/").put("methods", "POST").put("errorAfterCommitCount", 1));
        Response failed = post("/tasks/" + taskId, Json.object().put("action", "complete"));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(instance(id).get("activityId").asText()).isEqualTo("validation");
        Response retried = post("/tasks/" + taskId, Json.object().put("action", "complete"));
        assertThat(retried.status()).as("a retry sees the task gone").isEqualTo(404);
    }

    @Test
    void should_fault_the_token_endpoint_too() throws Exception {
        faults(Json.object().put("pathPattern", "/oauth2/token").put("errorCount", 1));
        ObjectNode body = Json.object().put("grant_type", "client_credentials")
                .put("client_id", credentials.clientId()).put("client_secret", credentials.clientSecret());
        assertThat(call("POST", emulator.tokenUrl(), body, null).status()).isEqualTo(503);
        assertThat(call("POST", emulator.tokenUrl(), body, null).status()).isEqualTo(200);
    }

    // ---- admin -------------------------------------------------------------------------------------

    @Test
    void should_show_all_instances_tasks_and_models_in_state() throws Exception {
        String id = start("partnerOnboarding", "PARTNER-STATE").get("id").asText();
        Response state = call("GET", emulator.adminUrl() + "/state", null, null);
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().get("models")).hasSize(WorkflowEmulator.SHIPPED_PROCESS_KEYS.size());
        assertThat(state.json().get("processInstances")).extracting(p -> p.get("id").asText()).containsExactly(id);
        assertThat(state.json().get("processInstances").get(0).get("activityInstances")).isNotEmpty();
        assertThat(state.json().get("tasks")).hasSize(3);
    }

    @Test
    void should_complete_task_without_token_through_admin_endpoint() throws Exception {
        String id = start("documentReview", "DOC-ADMIN").get("id").asText();
        String taskId = singleTask(id, "reviewDocument").get("id").asText();
        ObjectNode body = Json.object().put("outcome", "approved").put("user", "sandbox.reviewer");
        Response r = call("POST", emulator.adminUrl() + "/tasks/" + taskId + "/complete", body, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("ended").asBoolean()).isTrue();
        assertThat(r.json().get("activityId").asText()).isEqualTo("documentApproved");
        Response alreadyCompleted = call("POST", emulator.adminUrl() + "/tasks/" + taskId + "/complete", null, null);
        assertThat(alreadyCompleted.status()).isEqualTo(404);
        assertThat(alreadyCompleted.json().get("message").asText()).isEqualTo("Not found");
    }

    @Test
    void should_keep_shipped_models_and_drop_instances_and_deployed_models_on_reset() throws Exception {
        start("claim", "CLAIM-RESET");
        String xml = WorkflowEmulator.readModel("claim");
        Response redeployed = post("/runtime/models", Json.object().put("modelType", "xml").put("modelContent", xml));
        assertThat(redeployed.json().get("version").asInt()).isEqualTo(2);
        assertThat(call("POST", emulator.adminUrl() + "/reset", null, null).status()).isEqualTo(204);
        token = clientToken();
        assertThat(get("/process-instances").json().path("page").path("totalElements").asInt()).isZero();
        JsonNode models = get("/runtime/models?count=100").json().path("_embedded").path("models");
        assertThat(models).extracting(m -> m.get("key").asText()).containsExactlyInAnyOrderElementsOf(WorkflowEmulator.SHIPPED_PROCESS_KEYS);
        assertThat(models).extracting(m -> m.get("version").asInt()).containsOnly(1);
    }

    @Test
    void should_add_operator_account_through_admin_endpoint() throws Exception {
        ObjectNode account = Json.object().put("username", "carla.claims").put("password", "claims-pass-3");
        account.putArray("groups").add("claims");
        assertThat(call("POST", emulator.adminUrl() + "/accounts", account, null).status()).isEqualTo(204);
        String carla = userToken("carla.claims", "claims-pass-3");
        start("claim", "CLAIM-CARLA");
        Response mine = as(carla, "GET", "/tasks?candidateUser=carla.claims", null);
        assertThat(mine.json().path("_embedded").path("tasks")).extracting(t -> t.get("taskDefinitionKey").asText()).containsExactly("intake");
    }
}
