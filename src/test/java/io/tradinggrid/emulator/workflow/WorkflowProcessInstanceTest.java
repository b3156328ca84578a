package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, listing, reading, suspending and terminating process instances; their variables and comments; error shapes. */
class WorkflowProcessInstanceTest extends WorkflowEmulatorTestSupport {

    private static List<String> ids(Response r, String key) {
        List<String> ids = new ArrayList<>();
        r.json().path("_embedded").path(key).forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    @Test
    void should_return_process_instance_fields_in_opentext_shape() throws Exception {
        JsonNode pi = start("claim", "CLAIM-SHAPE", "claimType", "shortage");
        assertThat(pi.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(pi.get("processDefinitionId").asText()).matches("claim:1:[0-9a-f-]{36}");
        assertThat(pi.get("processDefinitionName").asText()).isEqualTo("Partner claim");
        assertThat(pi.get("startTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
        assertThat(pi.get("tenantId").asText()).isEqualTo(credentials.tenantId());
        assertThat(pi.get("ended").asBoolean()).isFalse();
        assertThat(pi.get("completed").asBoolean()).isFalse();
        assertThat(pi.get("suspended").asBoolean()).isFalse();
        assertThat(variablesByName(pi).get("claimType").asText()).isEqualTo("shortage");
        assertThat(pi.path("links").path("self").path("href").asText()).endsWith("/workflow/v1/process-instances/" + pi.get("id").asText());
    }

    @Test
    void should_start_by_process_definition_id() throws Exception {
        String definitionId = emulator.latestProcessDefinitionId("documentReview");
        Response r = post("/process-instances", Json.object().put("processDefinitionId", definitionId).put("businessKey", "DOC-BY-ID"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("processDefinitionId").asText()).isEqualTo(definitionId);
        assertThat(r.json().get("activityId").asText()).isEqualTo("reviewDocument");
        assertThat(r.json().get("variables")).isEmpty();
    }

    @Test
    void should_start_by_message_start_event_name() throws Exception {
        ObjectNode body = Json.object().put("message", "partnerClaimFiled").put("businessKey", "CLAIM-MSG").put("name", "Shortage claim ACME");
        body.set("variables", vars("claimType", "shortage"));
        Response r = post("/process-instances", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("processDefinitionKey").asText()).isEqualTo("claim");
        assertThat(r.json().get("name").asText()).isEqualTo("Shortage claim ACME");
        String id = r.json().get("id").asText();
        assertThat(activityIds(id, "startEvent")).containsExactly("claimFiled");
        assertThat(get("/history/process-instances/" + id).json().get("startActivityId").asText()).isEqualTo("claimFiled");
    }

    @Test
    void should_answer_400_for_unknown_process_definition() throws Exception {
        Response byKey = post("/process-instances", Json.object().put("processDefinitionKey", "noSuchProcess"));
        assertThat(byKey.status()).isEqualTo(400);
        assertThat(byKey.json().get("message").asText()).isEqualTo("Bad request");
        assertThat(byKey.json().get("exception").asText()).contains("noSuchProcess");
        assertThat(post("/process-instances", Json.object().put("processDefinitionId", "x:1:y")).status()).isEqualTo(400);
        assertThat(post("/process-instances", Json.object().put("message", "noSuchMessage")).status()).isEqualTo(400);
        assertThat(post("/process-instances", Json.object()).json().get("exception").asText()).contains("Exactly one of");
        assertThat(get("/process-instances?count=100").json().path("page").path("totalElements").asInt()).isZero();
    }

    @Test
    void should_answer_400_with_message_and_exception_for_bad_json() throws Exception {
        Response r = post("/process-instances", "{\"processDefinitionKey\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Bad request");
        assertThat(r.json().get("exception").asText()).startsWith("Request body is not valid JSON");
        assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception:");
    }

    @Test
    void should_answer_400_for_badly_typed_variable() throws Exception {
        ObjectNode body = Json.object().put("processDefinitionKey", "claim");
        body.putArray("variables").addObject().put("name", "claimAmount").put("type", "integer").put("value", "lots");
        Response r = post("/process-instances", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("exception").asText()).contains("claimAmount").contains("integer");
    }

    @Test
    void should_answer_404_not_found_shape_for_unknown_ids_and_paths() throws Exception {
        Response instance = get("/process-instances/00000000-0000-0000-0000-000000000000");
        assertThat(instance.status()).isEqualTo(404);
        assertThat(instance.json().get("message").asText()).isEqualTo("Not found");
        assertThat(instance.json().get("exception").asText()).contains("Could not find a process instance");
        Response task = get("/tasks/nope");
        assertThat(task.status()).isEqualTo(404);
        assertThat(task.json().get("exception").asText()).isEqualTo("Could not find a task with id 'nope'.");
        Response path = get("/no-such-resource");
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.json().get("message").asText()).isEqualTo("Not found");
    }

    @Test
    void should_page_process_instances_with_offset_and_count() throws Exception {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(start("partnerRequest", "REQ-PAGE-" + i).get("id").asText());
        }
        Response page = get("/process-instances?processDefinitionKey=partnerRequest&offset=2&count=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(ids(page, "process-instances")).containsExactly(started.get(2), started.get(3));
        JsonNode meta = page.json().get("page");
        assertThat(meta.get("size").asInt()).isEqualTo(2);
        assertThat(meta.get("totalElements").asInt()).isEqualTo(5);
        assertThat(meta.get("totalPages").asInt()).isEqualTo(3);
        assertThat(meta.get("number").asInt()).isEqualTo(1);
        assertThat(page.json().path("_links").path("next").path("href").asText()).contains("offset=4").contains("count=2");
        assertThat(page.json().path("_links").path("prev").path("href").asText()).contains("offset=0");

        Response desc = get("/process-instances?processDefinitionKey=partnerRequest&sort=startTime&order=desc&count=1");
        assertThat(ids(desc, "process-instances")).containsExactly(started.get(4));
        assertThat(get("/process-instances?count=0").status()).isEqualTo(400);
        assertThat(get("/process-instances?sort=bogus").status()).isEqualTo(400);
    }

    @Test
    void should_filter_process_instances_by_key_business_key_starter_and_involvement() throws Exception {
        String claim = start("claim", "CLAIM-F1").get("id").asText();
        start("claim", "CLAIM-F2");
        start("documentReview", "DOC-F1");
        String operatorToken = userToken(OPERATOR, OPERATOR_PASSWORD);
        String byOperator = as(operatorToken, "POST", "/process-instances", Json.object().put("processDefinitionKey", "partnerRequest")
                .put("businessKey", "REQ-F1")).json().get("id").asText();

        assertThat(ids(get("/process-instances?processDefinitionKey=claim"), "process-instances")).hasSize(2);
        assertThat(ids(get("/process-instances?businessKey=CLAIM-F1"), "process-instances")).containsExactly(claim);
        assertThat(ids(get("/process-instances?startedBy=" + OPERATOR), "process-instances")).containsExactly(byOperator);

        JsonNode intake = singleTask(claim, "intake");
        as(userToken(MANAGER, MANAGER_PASSWORD), "POST", "/tasks/" + intake.get("id").asText(), Json.object().put("action", "claim"));
        assertThat(ids(get("/process-instances?involvedUser=" + MANAGER), "process-instances")).containsExactly(claim);
    }

    @Test
    void should_include_variables_and_comments_only_when_asked() throws Exception {
        ObjectNode body = Json.object().put("processDefinitionKey", "claim").put("businessKey", "CLAIM-INC");
        body.set("variables", vars("claimType", "damage"));
        body.putObject("comment").put("message", "Opened from community thread 42").put("type", "comment");
        Response started = post("/process-instances", body);
        assertThat(started.json().get("comments").get(0).get("message").asText()).isEqualTo("Opened from community thread 42");
        String id = started.json().get("id").asText();

        JsonNode plain = get("/process-instances?businessKey=CLAIM-INC").json().path("_embedded").path("process-instances").get(0);
        assertThat(plain.get("variables")).isEmpty();
        assertThat(plain.get("comments")).isEmpty();
        JsonNode full = get("/process-instances?businessKey=CLAIM-INC&includeProcessVariables=true&includeProcessComments=true")
                .json().path("_embedded").path("process-instances").get(0);
        assertThat(variablesByName(full).get("claimType").asText()).isEqualTo("damage");
        assertThat(full.get("comments").get(0).get("author").asText()).isEqualTo(credentials.clientId());
        assertThat(get("/process-instances/" + id + "?includeProcessComments=true").json().get("comments")).hasSize(1);
    }

    @Test
    void should_create_update_read_and_delete_process_variables() throws Exception {
        String id = start("partnerExceptionCase", "AC-VARS", "caseType", "dispute").get("id").asText();
        ObjectNode json = Json.object().put("name", "partner").put("type", "json");
        json.putObject("value").put("id", "P-1").put("name", "ACME");
        Response created = post("/process-instances/" + id + "/variables", Json.array().add(json).add(vars("severity", 3).get(0)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get(1).get("type").asText()).isEqualTo("integer");

        Response again = post("/process-instances/" + id + "/variables", vars("severity", 4));
        assertThat(again.status()).isEqualTo(409);

        Response updated = put("/process-instances/" + id + "/variables/severity", Json.object().put("value", 5).put("type", "long"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(get("/process-instances/" + id + "/variables/severity").json().get("value").asInt()).isEqualTo(5);
        assertThat(put("/process-instances/" + id + "/variables/nope", Json.object().put("value", 1)).status()).isEqualTo(404);

        JsonNode all = get("/process-instances/" + id + "/variables").json();
        assertThat(all).extracting(v -> v.get("name").asText()).containsExactly("caseType", "partner", "severity");
        assertThat(all.get(1).get("value").get("name").asText()).isEqualTo("ACME");

        assertThat(delete("/process-instances/" + id + "/variables/severity").status()).isEqualTo(204);
        assertThat(get("/process-instances/" + id + "/variables/severity").status()).isEqualTo(404);
    }

    @Test
    void should_route_on_variables_updated_during_the_process() throws Exception {
        String id = start("partnerExceptionCase", "AC-REROUTE").get("id").asText();
        put("/process-instances/" + id + "/variables", vars("ownerGroup", "customer-service"));
        complete(id, "triage", null);
        JsonNode investigate = singleTask(id, "investigate");
        assertThat(investigate.get("assignments")).extracting(a -> a.path("group").asText()).containsExactly("customer-service");
    }

    @Test
    void should_create_list_and_delete_process_comments() throws Exception {
        String id = start("claim", "CLAIM-COMMENTS").get("id").asText();
        Response c1 = post("/process-instances/" + id + "/comments", Json.object().put("message", "Evidence received").put("type", "comment"));
        assertThat(c1.status()).isEqualTo(201);
        assertThat(c1.json().get("author").asText()).isEqualTo(credentials.clientId());
        assertThat(c1.json().get("processInstanceId").asText()).isEqualTo(id);
        post("/process-instances/" + id + "/comments", Json.object().put("message", "Carrier notified"));
        Response list = get("/process-instances/" + id + "/comments");
        assertThat(list.json().path("_embedded").path("comments")).extracting(c -> c.get("message").asText())
                .containsExactly("Evidence received", "Carrier notified");
        assertThat(list.json().path("page").path("totalElements").asInt()).isEqualTo(2);
        assertThat(post("/process-instances/" + id + "/comments", Json.object().put("message", " ")).status()).isEqualTo(400);

        String commentId = c1.json().get("id").asText();
        assertThat(delete("/process-instances/" + id + "/comments/" + commentId).status()).isEqualTo(204);
        assertThat(get("/process-instances/" + id + "/comments/" + commentId).status()).isEqualTo(404);
    }

    @Test
    void should_answer_409_when_suspending_an_already_suspended_instance() throws Exception {
        String id = start("claim", "CLAIM-SUSP").get("id").asText();
        Response suspended = put("/process-instances/" + id, Json.object().put("action", "suspend"));
        assertThat(suspended.status()).isEqualTo(200);
        assertThat(suspended.json().get("suspended").asBoolean()).isTrue();
        Response again = put("/process-instances/" + id, Json.object().put("action", "suspend"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("Conflict");

        JsonNode intake = singleTask(id, "intake");
        assertThat(intake.get("suspended").asBoolean()).isTrue();
        assertThat(post("/tasks/" + intake.get("id").asText(), Json.object().put("action", "complete")).status()).isEqualTo(409);
        assertThat(get("/process-instances?suspended=true").json().path("page").path("totalElements").asInt()).isEqualTo(1);
        assertThat(get("/tasks?active=true").json().path("page").path("totalElements").asInt()).isZero();

        assertThat(put("/process-instances/" + id, Json.object().put("action", "activate")).json().get("suspended").asBoolean()).isFalse();
        assertThat(put("/process-instances/" + id, Json.object().put("action", "activate")).status()).isEqualTo(409);
        assertThat(put("/process-instances/" + id, Json.object().put("action", "pause")).status()).isEqualTo(400);
        complete(id, "intake", null);
    }

    @Test
    void should_terminate_instance_with_delete_and_remove_its_tasks() throws Exception {
        String id = start("partnerOnboarding", "PARTNER-DEL").get("id").asText();
        assertThat(tasks(id)).hasSize(3);
        assertThat(delete("/history/process-instances/" + id).status()).as("history of a running instance stays").isEqualTo(409);
        assertThat(delete("/process-instances/" + id + "?deleteReason=partner%20withdrew").status()).isEqualTo(204);
        assertThat(get("/process-instances/" + id).status()).isEqualTo(404);
        assertThat(get("/process-instances").json().path("page").path("totalElements").asInt()).isZero();
        assertThat(tasks(id)).isEmpty();
        JsonNode history = get("/history/process-instances/" + id).json();
        assertThat(history.get("ended").asBoolean()).isTrue();
        assertThat(history.get("completed").asBoolean()).isFalse();
        assertThat(history.get("deleteReason").asText()).isEqualTo("partner withdrew");
        Response activities = get("/history/activity-instances?processInstanceId=" + id + "&activityType=userTask");
        activities.json().path("_embedded").path("activity-instances").forEach(a -> {
            assertThat(a.get("endTime").isNull()).isFalse();
            assertThat(a.get("deleteReason").asText()).isEqualTo("partner withdrew");
        });
        assertThat(delete("/process-instances/" + id).status()).isEqualTo(404);
        assertThat(delete("/history/process-instances/" + id).status()).isEqualTo(204);
        assertThat(get("/history/process-instances/" + id).status()).isEqualTo(404);
    }

    @Test
    void should_list_history_activity_instances_with_times_and_assignees() throws Exception {
        String id = start("claim", "CLAIM-HIST").get("id").asText();
        JsonNode intake = singleTask(id, "intake");
        String operatorToken = userToken(OPERATOR, OPERATOR_PASSWORD);
        as(operatorToken, "POST", "/tasks/" + intake.get("id").asText(), Json.object().put("action", "claim"));
        as(operatorToken, "POST", "/tasks/" + intake.get("id").asText(), Json.object().put("action", "complete"));

        Response r = get("/history/activity-instances?processInstanceId=" + id);
        JsonNode items = r.json().path("_embedded").path("activity-instances");
        assertThat(items).extracting(a -> a.get("activityType").asText()).containsExactly("startEvent", "userTask", "userTask");
        JsonNode done = items.get(1);
        assertThat(done.get("activityId").asText()).isEqualTo("intake");
        assertThat(done.get("activityName").asText()).isEqualTo("Register claim");
        assertThat(done.get("taskId").asText()).isEqualTo(intake.get("id").asText());
        assertThat(done.get("assignee").asText()).isEqualTo(OPERATOR);
        assertThat(done.get("endTime").asText()).isNotBlank();
        JsonNode open = items.get(2);
        assertThat(open.get("activityId").asText()).isEqualTo("validation");
        assertThat(open.get("endTime").isNull()).isTrue();

        JsonNode historic = get("/history/process-instances/" + id).json();
        assertThat(historic.get("currentActivityId").asText()).isEqualTo("validation");
        assertThat(historic.get("endTime").isNull()).isTrue();
        assertThat(get("/history/process-instances?businessKey=CLAIM-HIST&finished=false").json().path("page").path("totalElements").asInt()).isEqualTo(1);
        assertThat(get("/history/process-instances?businessKey=CLAIM-HIST&finished=true").json().path("page").path("totalElements").asInt()).isZero();
        assertThat(get("/history/process-instances/unknown").status()).isEqualTo(404);
    }
}
