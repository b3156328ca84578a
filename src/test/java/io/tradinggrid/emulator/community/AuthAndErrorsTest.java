package io.tradinggrid.emulator.community;

import java.util.HashMap;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthAndErrorsTest extends CommunityEmulatorTestSupport {

    @BeforeAll
    static void createCommunity() {
        emulator.createCommunity("COM-AUTH", "Auth", null);
    }

    private Map<String, String> creds(String grant) {
        var c = emulator.credentials();
        if (grant.equals("password")) {
            return Map.of("grant_type", "password", "client_id", c.clientId(), "client_secret", c.clientSecret(),
                    "username", c.username(), "password", c.password());
        }
        return Map.of("grant_type", "client_credentials", "client_id", c.clientId(), "client_secret", c.clientSecret());
    }

    private HttpResponse<String> getWithToken(String token) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + "/communities/COM-AUTH/threads"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_issue_tokens_for_both_grants_as_json_and_form() throws Exception {
        for (String grant : new String[] {"client_credentials", "password"}) {
            CommunityClient.Response json = client.tokenRequest("application/json", Json.write(creds(grant)));
            CommunityClient.Response form = client.tokenRequest("application/x-www-form-urlencoded", CommunityClient.form(creds(grant)));
            for (CommunityClient.Response r : new CommunityClient.Response[] {json, form}) {
                assertThat(r.status()).as(grant + " " + r.text()).isEqualTo(200);
                assertThat(r.json().path("token_type").asText()).isEqualTo("Bearer");
                assertThat(r.json().path("expires_in").asInt()).isBetween(3590, 3600);
                assertThat(getWithToken(r.json().path("access_token").asText()).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void should_refuse_bad_client_credentials_with_401_fault() {
        Map<String, String> wrong = new HashMap<>(creds("client_credentials"));
        wrong.put("client_secret", "not-the-secret");
        CommunityClient.Response r = client.tokenRequest("application/json", Json.write(wrong));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("fault").path("faultstring").asText()).isNotBlank();
        assertThat(r.json().path("fault").path("detail").path("errorcode").asText()).startsWith("oauth.v2.");

        Map<String, String> wrongPassword = new HashMap<>(creds("password"));
        wrongPassword.put("password", "guess");
        assertThat(client.tokenRequest("application/x-www-form-urlencoded", CommunityClient.form(wrongPassword)).status()).isEqualTo(401);
    }

    @Test
    void should_refuse_a_token_request_for_another_tenant() throws Exception {
        HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/tenants/someone-else/oauth2/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(creds("client_credentials")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Json.parse(r.body()).has("fault")).isTrue();
    }

    @Test
    void should_refuse_api_calls_without_a_valid_bearer_token_with_401_fault() throws Exception {
        HttpResponse<String> none = client.http.send(HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + "/partners")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> invalid = getWithToken("forged");

        for (HttpResponse<String> r : List.of(none, invalid)) {
            assertThat(r.statusCode()).isEqualTo(401);
            JsonNode body = Json.parse(r.body());
            assertThat(body.path("fault").path("detail").path("errorcode").asText()).isEqualTo("oauth.v2.InvalidAccessToken");
        }
    }

    @Test
    void should_refuse_expired_tokens() throws Exception {
        String token = client.tokenRequest("application/json", Json.write(creds("client_credentials"))).json().path("access_token").asText();
        assertThat(getWithToken(token).statusCode()).isEqualTo(200);
        client.admin("POST", "/tokens/expire", null);
        assertThat(getWithToken(token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_refuse_a_token_request_without_grant_type_with_400() {
        CommunityClient.Response r = client.tokenRequest("application/json", "{\"client_id\":\"x\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("grant_type");
    }

    @Test
    void should_answer_unknown_paths_with_404_error_body() {
        CommunityClient.Response r = client.get("/no-such-resource");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("message").asText()).isNotBlank();
    }
}
