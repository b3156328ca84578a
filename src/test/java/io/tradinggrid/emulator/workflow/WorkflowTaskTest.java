package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task queries, claim/unclaim/complete, updates, comments, attachments and task variables. */
class WorkflowTaskTest extends WorkflowEmulatorTestSupport {

    private List<String> taskKeys(String query) throws Exception {
        Response r = get("/tasks?" + query + (query.isEmpty() ? "" : "&") + "count=100");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().path("_embedded").path("tasks").forEach(t -> keys.add(t.get("processInstanceId").asText() + "/" + t.get("taskDefinitionKey").asText()));
        return keys;
    }

    @Test
    void should_return_task_fields_in_opentext_shape() throws Exception {
        String id = start("claim", "CLAIM-TASK", "claimType", "damage").get("id").asText();
        complete(id, "intake", null);
        JsonNode t = singleTask(id, "validation");
        assertThat(t.get("name").asText()).isEqualTo("Validate claim and evidence");
        assertThat(t.get("processInstanceId").asText()).isEqualTo(id);
        assertThat(t.get("processDefinitionId").asText()).startsWith("claim:1:");
        assertThat(t.get("createTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
        assertThat(t.get("dueDate").asText()).endsWith("+0000");
        assertThat(t.get("priority").asInt()).isEqualTo(50);
        assertThat(t.get("assignee").isNull()).isTrue();
        assertThat(t.get("taskType").asText()).isEqualTo("approval");
        assertThat(t.get("outcomeVariable").asText()).isEqualTo("validationOutcome");
        assertThat(t.get("possibleOutcomes")).extracting(o -> o.get("value").asText()).containsExactly("valid", "invalid");
        assertThat(t.get("assignments").get(0).get("group").asText()).isEqualTo("claims");
        assertThat(t.get("category").asText()).isEqualTo("claim");
        assertThat(get("/tasks/" + t.get("id").asText()).json().get("id").asText()).isEqualTo(t.get("id").asText());
    }

    @Test
    void should_filter_tasks_by_candidate_group_definition_keys_and_business_key() throws Exception {
        String claim = start("claim", "CLAIM-Q1").get("id").asText();
        String request = start("partnerRequest", "REQ-Q1", "ownerGroup", "finance").get("id").asText();
        String onboarding = start("partnerOnboarding", "PARTNER-Q1").get("id").asText();

        assertThat(taskKeys("candidateGroup=claims")).containsExactly(claim + "/intake");
        assertThat(taskKeys("candidateGroup=finance")).containsExactly(request + "/fulfilRequest", onboarding + "/accountSetup");
        assertThat(taskKeys("candidateGroups=claims,master-data")).containsExactly(claim + "/intake", onboarding + "/masterDataValidation");
        assertThat(taskKeys("processDefinitionKey=partnerOnboarding")).hasSize(3);
        assertThat(taskKeys("taskDefinitionKey=complianceCheck")).containsExactly(onboarding + "/complianceCheck");
        assertThat(taskKeys("processInstanceBusinessKey=REQ-Q1")).containsExactly(request + "/fulfilRequest");
        assertThat(taskKeys("processInstanceId=" + claim)).containsExactly(claim + "/intake");
        assertThat(taskKeys("name=" + q("Set up partner account"))).containsExactly(onboarding + "/accountSetup");
        assertThat(taskKeys("nameLike=" + q("%partner%"))).containsExactly(request + "/fulfilRequest", onboarding + "/complianceCheck",
                onboarding + "/accountSetup", onboarding + "/masterDataValidation");
        assertThat(taskKeys("candidateGroup=nobody")).isEmpty();
    }

    @Test
    void should_filter_tasks_by_assignee_unassigned_candidate_user_and_candidate_or_assigned() throws Exception {
        String exception = start("partnerExceptionCase", "AC-Q2").get("id").asText();     // triage for ops-exceptions
        String claim = start("claim", "CLAIM-Q2").get("id").asText();                      // intake for claims
        String operatorToken = userToken(OPERATOR, OPERATOR_PASSWORD);

        assertThat(taskKeys("candidateUser=" + OPERATOR)).as("operator is in ops-exceptions").containsExactly(exception + "/triage");
        JsonNode intake = singleTask(claim, "intake");
        Response claimed = as(operatorToken, "POST", "/tasks/" + intake.get("id").asText(), Json.object().put("action", "claim"));
        assertThat(claimed.status()).isEqualTo(200);

        assertThat(taskKeys("assignee=" + OPERATOR)).containsExactly(claim + "/intake");
        assertThat(taskKeys("unassigned=true")).containsExactly(exception + "/triage");
        assertThat(taskKeys("candidateOrAssigned=" + OPERATOR)).containsExactly(exception + "/triage", claim + "/intake");
        assertThat(taskKeys("candidateGroup=claims")).as("candidate queries skip assigned tasks").isEmpty();
        assertThat(taskKeys("candidateOrAssigned=" + MANAGER)).isEmpty();
    }

    @Test
    void should_filter_tasks_by_created_and_due_dates_and_sort_them() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String a = start("partnerExceptionCase", "AC-D1", "dueDate", "2030-01-01T00:00:00.000+0000").get("id").asText();
        complete(a, "triage", null);
        String b = start("partnerExceptionCase", "AC-D2", "dueDate", "2030-06-01T00:00:00.000+0000").get("id").asText();
        complete(b, "triage", null);
        String after = Times.format(Instant.now().plusSeconds(60));

        assertThat(taskKeys("createdAfter=" + q(Times.format(before)))).hasSize(2);
        assertThat(taskKeys("createdBefore=" + q(Times.format(before)))).isEmpty();
        assertThat(taskKeys("createdBefore=" + q(after))).hasSize(2);
        assertThat(taskKeys("dueBefore=" + q("2030-03-01T00:00:00.000+0000"))).containsExactly(a + "/investigate");
        assertThat(taskKeys("dueAfter=" + q("2030-03-01T00:00:00Z"))).containsExactly(b + "/investigate");
        assertThat(taskKeys("sort=dueDate&order=desc")).containsExactly(b + "/investigate", a + "/investigate");
        assertThat(get("/tasks?dueBefore=yesterday").status()).isEqualTo(400);
    }

    @Test
    void should_page_tasks_with_envelope() throws Exception {
        for (int i = 0; i < 3; i++) {
            start("claim", "CLAIM-P" + i);
        }
        Response r = get("/tasks?candidateGroup=claims&offset=1&count=1");
        assertThat(r.json().path("_embedded").path("tasks")).hasSize(1);
        assertThat(r.json().path("page").path("totalElements").asInt()).isEqualTo(3);
        assertThat(r.json().path("page").path("totalPages").asInt()).isEqualTo(3);
        assertThat(r.json().path("page").path("number").asInt()).isEqualTo(1);
        Response beyond = get("/tasks?candidateGroup=claims&offset=10");
        assertThat(beyond.json().path("_embedded").path("tasks")).isEmpty();
        assertThat(beyond.json().path("page").path("size").asInt()).isEqualTo(10);
    }

    @Test
    void should_answer_409_when_claiming_a_task_claimed_by_someone_else() throws Exception {
        String id = start("claim", "CLAIM-409").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        String operatorToken = userToken(OPERATOR, OPERATOR_PASSWORD);
        String managerToken = userToken(MANAGER, MANAGER_PASSWORD);
        assertThat(as(operatorToken, "POST", "/tasks/" + taskId, Json.object().put("action", "claim").put("assignee", OPERATOR)).status()).isEqualTo(200);
        assertThat(as(operatorToken, "POST", "/tasks/" + taskId, Json.object().put("action", "claim")).status()).as("same user again").isEqualTo(200);

        Response conflict = as(managerToken, "POST", "/tasks/" + taskId, Json.object().put("action", "claim").put("assignee", MANAGER));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("message").asText()).isEqualTo("Conflict");
        assertThat(conflict.json().get("exception").asText()).contains("already claimed");
        assertThat(get("/tasks/" + taskId).json().get("assignee").asText()).isEqualTo(OPERATOR);
        assertThat(get("/tasks/" + taskId).json().get("claimTime").asText()).isNotBlank();

        assertThat(as(operatorToken, "POST", "/tasks/" + taskId, Json.object().put("action", "unclaim")).status()).isEqualTo(200);
        assertThat(get("/tasks/" + taskId).json().get("assignee").isNull()).isTrue();
        assertThat(as(managerToken, "POST", "/tasks/" + taskId, Json.object().put("action", "claim")).status()).isEqualTo(200);
        assertThat(get("/tasks/" + taskId).json().get("assignee").asText()).isEqualTo(MANAGER);
        assertThat(post("/tasks/" + taskId, Json.object().put("action", "delegateToMars")).status()).isEqualTo(400);
    }

    @Test
    void should_update_task_assignee_due_date_and_priority_with_put() throws Exception {
        String id = start("partnerRequest", "REQ-PUT").get("id").asText();
        String taskId = singleTask(id, "fulfilRequest").get("id").asText();
        Response r = put("/tasks/" + taskId, Json.object().put("assignee", MANAGER).put("dueDate", "2030-02-03T04:05:06.789+0000")
                .put("priority", 90).put("owner", OPERATOR));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("assignee").asText()).isEqualTo(MANAGER);
        assertThat(r.json().get("dueDate").asText()).isEqualTo("2030-02-03T04:05:06.789+0000");
        assertThat(r.json().get("priority").asInt()).isEqualTo(90);
        assertThat(r.json().get("owner").asText()).isEqualTo(OPERATOR);
        assertThat(taskKeys("minimumPriority=80")).hasSize(1);

        ObjectNode clear = Json.object();
        clear.putNull("dueDate");
        assertThat(put("/tasks/" + taskId, clear).json().get("dueDate").isNull()).isTrue();
        assertThat(put("/tasks/" + taskId, Json.object().put("dueDate", "soon")).status()).isEqualTo(400);
    }

    @Test
    void should_put_outcome_and_completion_variables_on_the_process_and_complete_as_caller() throws Exception {
        String id = start("documentReview", "DOC-OUT").get("id").asText();
        String taskId = singleTask(id, "reviewDocument").get("id").asText();
        String managerToken = userToken(MANAGER, MANAGER_PASSWORD);
        ObjectNode body = Json.object().put("action", "complete").put("outcome", "rejected");
        body.set("variables", vars("rejectionReason", "Unsigned"));
        body.withArray("variables").addObject().put("name", "reviewNote").put("value", "local only").put("scope", "local");
        body.putObject("comment").put("message", "Signature page missing");
        assertThat(as(managerToken, "POST", "/tasks/" + taskId, body).status()).isEqualTo(200);

        assertThat(get("/tasks/" + taskId).status()).as("completed tasks leave the runtime").isEqualTo(404);
        JsonNode pi = historic(id);
        assertThat(variablesByName(pi).get("reviewOutcome").asText()).isEqualTo("rejected");
        assertThat(variablesByName(pi).get("rejectionReason").asText()).isEqualTo("Unsigned");
        assertThat(variablesByName(pi)).doesNotContainKey("reviewNote");
        JsonNode activity = get("/history/activity-instances?processInstanceId=" + id + "&taskId=" + taskId).json()
                .path("_embedded").path("activity-instances").get(0);
        assertThat(activity.get("assignee").asText()).isEqualTo(MANAGER);
        assertThat(activity.get("outcome").asText()).isEqualTo("rejected");
        assertThat(get("/process-instances/" + id + "/comments").json().path("_embedded").path("comments").get(0).get("taskId").asText())
                .isEqualTo(taskId);
    }

    @Test
    void should_add_and_list_task_comments_with_author() throws Exception {
        String id = start("claim", "CLAIM-TC").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        String operatorToken = userToken(OPERATOR, OPERATOR_PASSWORD);
        Response c = as(operatorToken, "POST", "/tasks/" + taskId + "/comments", Json.object().put("message", "Asked carrier for POD"));
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.json().get("author").asText()).isEqualTo(OPERATOR);
        assertThat(c.json().get("taskId").asText()).isEqualTo(taskId);
        Response list = get("/tasks/" + taskId + "/comments");
        assertThat(list.json().path("_embedded").path("comments")).extracting(x -> x.get("message").asText()).containsExactly("Asked carrier for POD");
        JsonNode withComments = get("/tasks?processInstanceId=" + id + "&includeTaskComments=true").json().path("_embedded").path("tasks").get(0);
        assertThat(withComments.get("comments")).hasSize(1);
        assertThat(get("/tasks/" + taskId + "/comments/" + c.json().get("id").asText()).status()).isEqualTo(200);
        assertThat(delete("/tasks/" + taskId + "/comments/" + c.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(get("/tasks/" + taskId + "/comments").json().path("page").path("totalElements").asInt()).isZero();
    }

    @Test
    void should_keep_serving_the_attachments_of_a_completed_task_as_flowable_does() throws Exception {
        String id = start("claim", "CLAIM-ATT-DONE").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        String attachmentId = post("/tasks/" + taskId + "/attachments", Json.object().put("name", "pod.pdf").put("type", "application/pdf")
                .put("content", Base64.getEncoder().encodeToString("%PDF".getBytes(StandardCharsets.UTF_8)))).json().get("id").asText();
        complete(id, "intake", null);

        assertThat(get("/tasks/" + taskId).status()).isEqualTo(404);
        assertThat(get("/tasks/" + taskId + "/attachments").json().path("_embedded").path("attachments")).hasSize(1);
        assertThat(get("/tasks/" + taskId + "/attachments/" + attachmentId + "/content").body()).isEqualTo("%PDF");
        assertThat(post("/tasks/" + taskId + "/attachments", Json.object().put("name", "late.pdf").put("content", "AA==")).status())
                .as("a completed task takes no new files").isEqualTo(404);
    }

    @Test
    void should_store_task_attachments_as_json_base64_multipart_or_link_and_serve_content() throws Exception {
        String id = start("claim", "CLAIM-ATT").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        byte[] pdf = "%PDF-1.4 proof of delivery".getBytes(StandardCharsets.UTF_8);

        ObjectNode json = Json.object().put("name", "pod.pdf").put("type", "application/pdf").put("description", "Proof of delivery")
                .put("content", Base64.getEncoder().encodeToString(pdf));
        Response a1 = post("/tasks/" + taskId + "/attachments", json);
        assertThat(a1.status()).as(a1.body()).isEqualTo(201);
        assertThat(a1.json().get("size").asInt()).isEqualTo(pdf.length);
        assertThat(a1.json().get("userId").asText()).isEqualTo(credentials.clientId());

        Response link = post("/tasks/" + taskId + "/attachments", Json.object().put("name", "Community thread")
                .put("externalUrl", "https://community.example/threads/42"));
        assertThat(link.status()).isEqualTo(201);
        assertThat(link.json().get("contentUrl").isNull()).isTrue();

        String boundary = "----tgb" + System.nanoTime();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ndamage.jpg\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                + "JPEGDATA\r\n--" + boundary + "--\r\n";
        HttpRequest upload = HttpRequest.newBuilder(URI.create(emulator.apiUrl() + "/tasks/" + taskId + "/attachments"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build();
        HttpResponse<String> uploaded = http.send(upload, HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode a3 = Json.MAPPER.readTree(uploaded.body());
        assertThat(a3.get("name").asText()).isEqualTo("damage.jpg");
        assertThat(a3.get("type").asText()).isEqualTo("image/jpeg");

        Response list = get("/tasks/" + taskId + "/attachments");
        assertThat(list.json().path("_embedded").path("attachments")).extracting(x -> x.get("name").asText())
                .containsExactly("pod.pdf", "Community thread", "damage.jpg");

        HttpResponse<byte[]> content = http.send(HttpRequest.newBuilder(URI.create(a1.json().get("contentUrl").asText()))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(content.body()).isEqualTo(pdf);
        assertThat(get("/tasks/" + taskId + "/attachments/" + link.json().get("id").asText() + "/content").status()).isEqualTo(404);
        assertThat(post("/tasks/" + taskId + "/attachments", Json.object().put("name", "empty")).status()).isEqualTo(400);

        assertThat(delete("/tasks/" + taskId + "/attachments/" + a1.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(get("/tasks/" + taskId + "/attachments").json().path("page").path("totalElements").asInt()).isEqualTo(2);
    }

    @Test
    void should_manage_task_local_and_process_variables() throws Exception {
        String id = start("claim", "CLAIM-TV", "claimType", "shortage").get("id").asText();
        String taskId = singleTask(id, "intake").get("id").asText();
        ObjectNode global = Json.object().put("name", "evidenceCount").put("value", 3).put("scope", "global");
        Response created = post("/tasks/" + taskId + "/variables", Json.array().add(vars("checkedBy", "olivia").get(0)).add(global));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get(0).get("scope").asText()).isEqualTo("local");

        JsonNode all = get("/tasks/" + taskId + "/variables").json();
        assertThat(all).extracting(v -> v.get("name").asText() + ":" + v.get("scope").asText())
                .containsExactly("checkedBy:local", "claimType:global", "evidenceCount:global");
        assertThat(get("/tasks/" + taskId + "/variables?scope=local").json()).hasSize(1);
        assertThat(variablesByName(instance(id)).get("evidenceCount").asInt()).isEqualTo(3);
        assertThat(post("/tasks/" + taskId + "/variables", vars("checkedBy", "x")).status()).isEqualTo(409);

        Response updated = put("/tasks/" + taskId + "/variables/checkedBy", Json.object().put("value", "max"));
        assertThat(updated.json().get("value").asText()).isEqualTo("max");
        assertThat(updated.json().get("scope").asText()).isEqualTo("local");

        JsonNode task = get("/tasks/" + taskId + "?includeTaskLocalVariables=true&includeProcessVariables=true").json();
        assertThat(task.get("variables")).extracting(v -> v.get("name").asText()).contains("checkedBy", "claimType", "evidenceCount");
        JsonNode onlyLocal = get("/tasks?processInstanceId=" + id + "&includeTaskLocalVariables=true").json().path("_embedded").path("tasks").get(0);
        assertThat(onlyLocal.get("variables")).extracting(v -> v.get("name").asText()).containsExactly("checkedBy");

        assertThat(delete("/tasks/" + taskId + "/variables/checkedBy").status()).isEqualTo(204);
        assertThat(get("/tasks/" + taskId + "/variables/checkedBy").status()).isEqualTo(404);
    }
}
