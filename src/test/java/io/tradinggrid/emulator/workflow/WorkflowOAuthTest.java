package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-tenant token endpoint and the Apigee faults in front of /workflow/v1. */
class WorkflowOAuthTest extends WorkflowEmulatorTestSupport {

    @AfterEach
    void restoreLifetime() {
        emulator.tokens().setLifetime(Duration.ofHours(1));
    }

    private ObjectNode clientBody() {
        return Json.object().put("grant_type", "client_credentials")
                .put("client_id", credentials.clientId()).put("client_secret", credentials.clientSecret());
    }

    private static void assertFault(Response r, int status, String errorcode) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("fault").path("detail").path("errorcode").asText()).isEqualTo(errorcode);
        assertThat(r.json().path("fault").path("faultstring").asText()).isNotBlank();
    }

    @Test
    void should_issue_bearer_token_for_client_credentials_json_body() throws Exception {
        Response r = call("POST", emulator.tokenUrl(), clientBody(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asLong()).isBetween(3590L, 3600L);
        assertThat(r.json().get("access_token").asText()).isNotBlank();
        assertThat(r.json().has("refresh_token")).as("no refresh token for client credentials").isFalse();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void should_issue_token_for_form_encoded_body_with_basic_client_authentication() throws Exception {
        String basic = Base64.getEncoder().encodeToString((credentials.clientId() + ":" + credentials.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).get("access_token").asText()).isNotBlank();
    }

    @Test
    void should_issue_refreshable_user_token_for_password_grant_and_act_as_that_user() throws Exception {
        ObjectNode body = clientBody().put("grant_type", "password").put("username", OPERATOR).put("password", OPERATOR_PASSWORD);
        Response r = call("POST", emulator.tokenUrl(), body, null);
        assertThat(r.status()).isEqualTo(200);
        String refresh = r.json().get("refresh_token").asText();
        String userToken = r.json().get("access_token").asText();

        Response started = as(userToken, "POST", "/process-instances", Json.object().put("processDefinitionKey", "claim"));
        assertThat(started.json().get("startUserId").asText()).isEqualTo(OPERATOR);

        Response refreshed = call("POST", emulator.tokenUrl(), clientBody().put("grant_type", "refresh_token").put("refresh_token", refresh), null);
        assertThat(refreshed.status()).isEqualTo(200);
        String newToken = refreshed.json().get("access_token").asText();
        assertThat(newToken).isNotEqualTo(userToken);
        assertThat(as(newToken, "GET", "/tasks", null).status()).isEqualTo(200);
    }

    @Test
    void should_use_client_id_as_acting_user_for_client_credentials() throws Exception {
        JsonNode pi = start("claim", "CLAIM-ACTOR");
        assertThat(pi.get("startUserId").asText()).isEqualTo(credentials.clientId());
    }

    @Test
    void should_answer_apigee_fault_for_wrong_client_secret() throws Exception {
        Response r = call("POST", emulator.tokenUrl(), clientBody().put("client_secret", "wrong"), null);
        assertFault(r, 401, "oauth.v2.InvalidApiKey");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void should_answer_apigee_fault_for_wrong_tenant() throws Exception {
        Response r = call("POST", emulator.baseUrl() + "/tenants/some-other-tenant/oauth2/token", clientBody(), null);
        assertFault(r, 401, "oauth.v2.InvalidApiKey");
    }

    @Test
    void should_answer_401_for_wrong_user_password() throws Exception {
        ObjectNode body = clientBody().put("grant_type", "password").put("username", OPERATOR).put("password", "nope");
        Response r = call("POST", emulator.tokenUrl(), body, null);
        assertFault(r, 401, "oauth.v2.InvalidUserCredentials");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void should_answer_400_for_unsupported_grant_type() throws Exception {
        Response r = call("POST", emulator.tokenUrl(), clientBody().put("grant_type", "authorization_code"), null);
        assertFault(r, 400, "oauth.v2.UnsupportedGrantType");
    }

    @Test
    void should_answer_apigee_fault_without_bearer_token() throws Exception {
        Response r = call("GET", emulator.apiUrl() + "/tasks", null, null);
        assertFault(r, 401, "oauth.v2.InvalidAccessToken");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void should_answer_apigee_fault_for_unknown_token() throws Exception {
        assertFault(call("GET", emulator.apiUrl() + "/process-instances", null, "not-a-token"), 401, "oauth.v2.InvalidAccessToken");
    }

    @Test
    void should_answer_apigee_fault_for_expired_token() throws Exception {
        emulator.tokens().setLifetime(Duration.ofMillis(1500));
        String shortLived = clientToken();
        assertThat(as(shortLived, "GET", "/tasks", null).status()).isEqualTo(200);
        Thread.sleep(1700);
        assertFault(as(shortLived, "GET", "/tasks", null), 401, "oauth.v2.InvalidAccessToken");
    }

    @Test
    void should_reject_every_token_after_admin_expiry() throws Exception {
        assertThat(get("/tasks").status()).isEqualTo(200);
        assertThat(call("POST", emulator.adminUrl() + "/tokens/expire", null, null).status()).isEqualTo(204);
        assertFault(get("/tasks"), 401, "oauth.v2.InvalidAccessToken");
    }
}
