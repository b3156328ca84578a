package io.tradinggrid.emulator.workflow;

import java.util.HashMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.EmulatorPerTestClass;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** One emulator on an ephemeral port per test class, reset before each test; talks to it over real loopback HTTP. */
abstract class WorkflowEmulatorTestSupport extends EmulatorPerTestClass<WorkflowEmulator> {

    static final String OPERATOR = "olivia.ops";
    static final String OPERATOR_PASSWORD = "operator-pass-1";
    static final String MANAGER = "max.manager";
    static final String MANAGER_PASSWORD = "manager-pass-2";

    record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    final EmulatorCredentials credentials = EmulatorCredentials.random("wf-test");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String token;

    @Override
    protected WorkflowEmulator newEmulator() {
        WorkflowEmulator wf = new WorkflowEmulator("127.0.0.1", 0, null, credentials);
        wf.addAccount(OPERATOR, OPERATOR_PASSWORD, List.of("ops-exceptions", "logistics"));
        wf.addAccount(MANAGER, MANAGER_PASSWORD, List.of("exception-managers"));
        return wf;
    }

    @BeforeEach
    void resetEmulator() throws Exception {
        Response reset = call("POST", emulator.adminUrl() + "/reset", null, null);
        assertThat(reset.status()).isEqualTo(204);
        token = clientToken();
    }

    // ---- tokens ---------------------------------------------------------------------------------

    String clientToken() throws Exception {
        ObjectNode body = Json.object().put("grant_type", "client_credentials")
                .put("client_id", credentials.clientId()).put("client_secret", credentials.clientSecret());
        Response r = call("POST", emulator.tokenUrl(), body, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    String userToken(String username, String password) throws Exception {
        ObjectNode body = Json.object().put("grant_type", "password")
                .put("client_id", credentials.clientId()).put("client_secret", credentials.clientSecret())
                .put("username", username).put("password", password);
        Response r = call("POST", emulator.tokenUrl(), body, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    Response call(String method, String url, Object body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body instanceof String) {
            publisher = HttpRequest.BodyPublishers.ofString((String) body);
            b.header("Content-Type", "application/json");
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofString(Json.write(body));
            b.header("Content-Type", "application/json");
        }
        b.method(method, publisher);
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String text = response.body();
        if (text != null && !text.isBlank() && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            json = Json.MAPPER.readTree(text);
        }
        return new Response(response.statusCode(), json, text, response);
    }

    Response get(String path) throws Exception {
        return call("GET", emulator.apiUrl() + path, null, token);
    }

    Response post(String path, Object body) throws Exception {
        return call("POST", emulator.apiUrl() + path, body, token);
    }

    Response put(String path, Object body) throws Exception {
        return call("PUT", emulator.apiUrl() + path, body, token);
    }

    Response delete(String path) throws Exception {
        return call("DELETE", emulator.apiUrl() + path, null, token);
    }

    Response as(String bearer, String method, String path, Object body) throws Exception {
        return call(method, emulator.apiUrl() + path, body, bearer);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- domain helpers -------------------------------------------------------------------------

    static ArrayNode vars(Object... nameValuePairs) {
        ArrayNode array = Json.array();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            ObjectNode v = array.addObject();
            v.put("name", (String) nameValuePairs[i]);
            v.set("value", Json.MAPPER.valueToTree(nameValuePairs[i + 1]));
        }
        return array;
    }

    JsonNode start(String key, String businessKey, Object... variables) throws Exception {
        ObjectNode body = Json.object().put("processDefinitionKey", key).put("businessKey", businessKey);
        body.set("variables", vars(variables));
        body.put("returnVariables", true);
        Response r = post("/process-instances", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** An instance as history shows it: the only view of an ended instance, as in Flowable. */
    JsonNode historic(String id) throws Exception {
        Response r = get("/history/process-instances/" + id + "?includeProcessVariables=true");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode instance(String id) throws Exception {
        Response r = get("/process-instances/" + id + "?includeProcessVariables=true");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The active tasks of an instance, oldest first. */
    List<JsonNode> tasks(String processInstanceId) throws Exception {
        Response r = get("/tasks?processInstanceId=" + processInstanceId + "&count=100");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        r.json().path("_embedded").path("tasks").forEach(list::add);
        return list;
    }

    JsonNode singleTask(String processInstanceId, String taskDefinitionKey) throws Exception {
        List<JsonNode> all = tasks(processInstanceId);
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode t : all) {
            if (taskDefinitionKey.equals(t.get("taskDefinitionKey").asText())) {
                matching.add(t);
            }
        }
        assertThat(matching).as("active %s tasks among %s", taskDefinitionKey, all).hasSize(1);
        return matching.get(0);
    }

    /** Completes the only active task with that key, with an outcome (or null) and variables; asserts 200. */
    void complete(String processInstanceId, String taskDefinitionKey, String outcome, Object... variables) throws Exception {
        JsonNode task = singleTask(processInstanceId, taskDefinitionKey);
        ObjectNode body = Json.object().put("action", "complete");
        if (outcome != null) {
            body.put("outcome", outcome);
        }
        body.set("variables", vars(variables));
        Response r = post("/tasks/" + task.get("id").asText(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    List<String> activityIds(String processInstanceId, String activityType) throws Exception {
        Response r = get("/history/activity-instances?processInstanceId=" + processInstanceId
                + (activityType == null ? "" : "&activityType=" + activityType) + "&count=1000");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().path("_embedded").path("activity-instances").forEach(a -> ids.add(a.get("activityId").asText()));
        return ids;
    }

    static Map<String, JsonNode> variablesByName(JsonNode instanceOrTask) {
        Map<String, JsonNode> map = new HashMap<>();
        instanceOrTask.path("variables").forEach(v -> map.put(v.get("name").asText(), v.get("value")));
        return map;
    }
}
