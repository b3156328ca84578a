package io.tradinggrid.bridge.testing;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Talks to the sandbox's emulators over HTTP with the credentials from endpoints.json, as an operator or a user's
 * script would: ServiceNow as the operator "admin", Workflow Service as "operator", the community as the integration.
 */
public final class EmulatorClients {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonNode endpoints;
    private String workflowToken;
    private String communityToken;

    public EmulatorClients(Path endpointsFile) {
        try {
            this.endpoints = Json.MAPPER.readTree(Files.readString(endpointsFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + endpointsFile, e);
        }
    }

    public JsonNode endpoints() {
        return endpoints;
    }

    // ---- ServiceNow ----

    public JsonNode serviceNow(String pathAndQuery) {
        JsonNode sn = endpoints.path("servicenow");
        String basic = serviceNowOperator();
        return send(HttpRequest.newBuilder(URI.create(sn.path("baseUrl").asText() + pathAndQuery))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json").GET().build());
    }

    /** Records of a table matching an encoded query, references as plain sys_ids. */
    public JsonNode serviceNowRecords(String table, String query) {
        return serviceNow("/api/now/table/" + table + "?sysparm_exclude_reference_link=true&sysparm_query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("result");
    }

    /** Creates a record as the operator would in the ServiceNow UI. */
    public JsonNode serviceNowInsert(String table, String json) {
        JsonNode sn = endpoints.path("servicenow");
        String basic = serviceNowOperator();
        return send(HttpRequest.newBuilder(URI.create(sn.path("baseUrl").asText() + "/api/now/table/" + table + "?sysparm_exclude_reference_link=true"))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()).path("result");
    }

    /** Attaches a file to a record as the operator would (Attachment API raw upload). */
    public JsonNode serviceNowAttach(String table, String sysId, String fileName, String contentType, byte[] content) {
        JsonNode sn = endpoints.path("servicenow");
        String basic = serviceNowOperator();
        return send(HttpRequest.newBuilder(URI.create(sn.path("baseUrl").asText() + "/api/now/attachment/file?table_name=" + table
                        + "&table_sys_id=" + sysId + "&file_name=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build()).path("result");
    }

    /** PATCH a record as the operator would in the ServiceNow UI. */
    public JsonNode serviceNowPatch(String table, String sysId, String json) {
        JsonNode sn = endpoints.path("servicenow");
        String basic = serviceNowOperator();
        return send(HttpRequest.newBuilder(URI.create(sn.path("baseUrl").asText() + "/api/now/table/" + table + "/" + sysId))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Deletes a record as an operator would in the ServiceNow UI (204). */
    public void serviceNowDelete(String table, String sysId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.path("servicenow").path("baseUrl").asText()
                    + "/api/now/table/" + table + "/" + sysId)).header("Authorization", "Basic " + serviceNowOperator()).header("Accept", "application/json").DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("DELETE " + table + "/" + sysId + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String serviceNowOperator() {
        JsonNode operator = endpoints.path("servicenow").path("operator");
        return Base64.getEncoder().encodeToString((operator.path("username").asText() + ":" + operator.path("password").asText())
                .getBytes(StandardCharsets.UTF_8));
    }

    public String serviceNowSysId(String table, String query) {
        JsonNode result = serviceNowRecords(table, query);
        return result.isEmpty() ? null : result.get(0).path("sys_id").asText();
    }

    // ---- Workflow Service ----

    public JsonNode workflow(String pathAndQuery) {
        JsonNode wf = endpoints.path("workflow");
        if (workflowToken == null) {
            workflowToken = token(wf.path("tokenUrl").asText(), "{\"grant_type\":\"password\",\"client_id\":\"" + wf.path("clientId").asText()
                    + "\",\"client_secret\":\"" + wf.path("clientSecret").asText() + "\",\"username\":\""
                    + wf.path("operator").path("username").asText() + "\",\"password\":\"" + wf.path("operator").path("password").asText() + "\"}");
        }
        return send(HttpRequest.newBuilder(URI.create(wf.path("baseUrl").asText() + pathAndQuery))
                .header("Authorization", "Bearer " + workflowToken).GET().build());
    }

    /** The running process of a business key, or once it has ended its history (as in Flowable, only history has it). */
    public JsonNode processByBusinessKey(String businessKey) {
        String query = "?includeProcessVariables=true&businessKey=" + URLEncoder.encode(businessKey, StandardCharsets.UTF_8);
        JsonNode instances = workflow("/process-instances" + query).path("_embedded").path("process-instances");
        if (instances.isEmpty()) {
            instances = workflow("/history/process-instances" + query).path("_embedded").path("process-instances");
        }
        return instances.isEmpty() ? null : instances.get(0);
    }

    /** The operator terminates a process ({@code /process-instances/{id}}) or deletes its history ({@code /history/...}). */
    public void workflowDelete(String path) {
        workflow("/runtime/models?count=1"); // ensures a token
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.path("workflow").path("baseUrl").asText() + path))
                    .header("Authorization", "Bearer " + workflowToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("DELETE " + path + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The operator completes a task in the Workflow Service, with an outcome (or null) and optional variables JSON array. */
    public void completeTask(String taskId, String outcome, String variablesJson) {
        workflow("/runtime/models?count=1"); // ensures a token
        JsonNode wf = endpoints.path("workflow");
        String body = "{\"action\":\"complete\"" + (outcome == null ? "" : ",\"outcome\":\"" + outcome + "\"")
                + (variablesJson == null ? "" : ",\"variables\":" + variablesJson) + "}";
        HttpResponse<String> response = post(wf.path("baseUrl").asText() + "/tasks/" + taskId, body,
                "Authorization", "Bearer " + workflowToken, "Content-Type", "application/json");
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("complete " + taskId + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The operator adds a comment to a process. */
    /** The operator re-routes a process: sets (or adds) a string variable of the instance. */
    public void setProcessVariable(String processInstanceId, String name, String value) {
        workflow("/runtime/models?count=1"); // ensures a token
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.path("workflow").path("baseUrl").asText()
                    + "/process-instances/" + processInstanceId + "/variables")).header("Authorization", "Bearer " + workflowToken)
                    .header("Content-Type", "application/json").method("PUT", HttpRequest.BodyPublishers.ofString("[{\"name\":\"" + name
                            + "\",\"type\":\"string\",\"value\":\"" + value + "\"}]")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("variables: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void commentOnProcess(String processInstanceId, String message) {
        workflow("/runtime/models?count=1"); // ensures a token
        JsonNode wf = endpoints.path("workflow");
        HttpResponse<String> response = post(wf.path("baseUrl").asText() + "/process-instances/" + processInstanceId + "/comments",
                "{\"message\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + "}",
                "Authorization", "Bearer " + workflowToken, "Content-Type", "application/json");
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("comment: " + response.statusCode() + " " + response.body());
        }
    }

    /** The operator attaches a file to a task (JSON with base64 content). */
    public void attachToTask(String taskId, String name, String type, byte[] content) {
        workflow("/tasks/" + taskId);
        JsonNode wf = endpoints.path("workflow");
        String body = "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"content\":\"" + Base64.getEncoder().encodeToString(content) + "\"}";
        HttpResponse<String> response = post(wf.path("baseUrl").asText() + "/tasks/" + taskId + "/attachments", body,
                "Authorization", "Bearer " + workflowToken, "Content-Type", "application/json");
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("attach: " + response.statusCode() + " " + response.body());
        }
    }

    /** The one open task of a process with the given task definition key. */
    public String openTask(String processInstanceId, String taskDefinitionKey) {
        for (JsonNode task : tasksOf(processInstanceId)) {
            if (taskDefinitionKey.equals(task.path("taskDefinitionKey").asText())) {
                return task.path("id").asText();
            }
        }
        throw new IllegalStateException("no open task " + taskDefinitionKey + " in " + processInstanceId + ": " + tasksOf(processInstanceId));
    }

    public JsonNode tasksOf(String processInstanceId) {
        return workflow("/tasks?processInstanceId=" + processInstanceId).path("_embedded").path("tasks");
    }

    // ---- Active Community ----

    public JsonNode community(String pathAndQuery) {
        JsonNode c = endpoints.path("community");
        if (communityToken == null) {
            communityToken = token(c.path("tokenUrl").asText(), "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + c.path("clientId").asText()
                    + "\",\"client_secret\":\"" + c.path("clientSecret").asText() + "\"}");
        }
        return send(HttpRequest.newBuilder(URI.create(c.path("baseUrl").asText() + pathAndQuery))
                .header("Authorization", "Bearer " + communityToken).GET().build());
    }

    public JsonNode thread(String threadId) {
        return community("/threads/" + threadId);
    }

    /** Another integration (origin {@code origin}) patches a thread, e.g. an ERP connector adding its reference. */
    public JsonNode patchThread(String threadId, String json) {
        community("/threads/" + threadId); // ensures a token
        return send(HttpRequest.newBuilder(URI.create(endpoints.path("community").path("baseUrl").asText() + "/threads/" + threadId))
                .header("Authorization", "Bearer " + communityToken).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public JsonNode partnersByDuns(String duns) {
        return community("/partners?duns=" + duns).path("_embedded").path("partners");
    }

    public JsonNode knowledgeArticles(String communityId) {
        return community("/communities/" + communityId + "/knowledge-articles?count=200").path("_embedded").path("knowledgeArticles");
    }

    /** Bodies of the posts the bridge wrote in a thread (origin tradinggrid-bridge). */
    public List<String> bridgePosts(String threadId) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode post : posts(threadId)) {
            if ("tradinggrid-bridge".equals(post.path("origin").path("system").asText())) {
                bodies.add(post.path("body").asText());
            }
        }
        return bodies;
    }

    public JsonNode posts(String threadId) {
        return community("/threads/" + threadId + "/posts?count=200").path("_embedded").path("posts");
    }

    public HttpResponse<String> post(String url, String body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> put(String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token(String url, String json) {
        HttpResponse<String> response = post(url, json, "Content-Type", "application/json");
        try {
            return Json.MAPPER.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
