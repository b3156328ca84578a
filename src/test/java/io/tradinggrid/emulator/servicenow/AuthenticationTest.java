package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends SnTestSupport {

    private HttpResponse<String> token(String form) {
        return send(HttpRequest.newBuilder(URI.create(emulator.oauthTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private String clientForm() {
        return "client_id=" + enc(creds.clientId()) + "&client_secret=" + enc(creds.clientSecret());
    }

    private HttpResponse<String> getWithBearer(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/now/table/incident"))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build());
    }

    private static void assertTokenFailure(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo("server_error");
        assertThat(body.get("error_description").asText()).isEqualTo("access_denied");
        assertThat(body.has("access_token")).isFalse();
    }

    @Test
    void should_issue_access_and_refresh_tokens_with_the_password_grant() {
        HttpResponse<String> r = token("grant_type=password&" + clientForm() + "&username=" + enc(creds.username())
                + "&password=" + enc(creds.password()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("useraccount");
        assertThat(body.get("expires_in").asLong()).isBetween(1795L, 1800L);
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> api = getWithBearer(body.get("access_token").asText());
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode created = json(send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/now/table/incident"))
                .header("Authorization", "Bearer " + body.get("access_token").asText()).header("Accept", "application/json")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"short_description\":\"b\"}"))
                .build())).get("result");
        assertThat(created.get("sys_created_by").asText()).isEqualTo(creds.username());
    }

    @Test
    void should_accept_client_credentials_as_http_basic_on_the_token_call() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.oauthTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(creds.clientId(), creds.clientSecret()))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + enc(creds.username())
                        + "&password=" + enc(creds.password()))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("access_token").asText()).isNotBlank();
    }

    @Test
    void should_refresh_an_access_token() {
        JsonNode first = json(token("grant_type=password&" + clientForm() + "&username=" + enc(creds.username())
                + "&password=" + enc(creds.password())));
        emulator.tokens().expireAll();
        assertError(getWithBearer(first.get("access_token").asText()), 401, "User Not Authenticated");

        HttpResponse<String> r = token("grant_type=refresh_token&" + clientForm() + "&refresh_token=" + enc(first.get("refresh_token").asText()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String access = json(r).get("access_token").asText();
        assertThat(access).isNotEqualTo(first.get("access_token").asText());
        assertThat(getWithBearer(access).statusCode()).isEqualTo(200);
        assertTokenFailure(token("grant_type=refresh_token&" + clientForm() + "&refresh_token=not-a-token"));
    }

    @Test
    void should_issue_a_token_with_the_client_credentials_grant() {
        HttpResponse<String> r = token("grant_type=client_credentials&" + clientForm());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(getWithBearer(body.get("access_token").asText()).statusCode()).isEqualTo(200);

        emulator.setClientCredentialsGrantEnabled(false);
        try {
            assertTokenFailure(token("grant_type=client_credentials&" + clientForm()));
        } finally {
            emulator.setClientCredentialsGrantEnabled(true);
        }
    }

    @Test
    void should_refuse_a_bad_client_secret_or_bad_user_password() {
        assertTokenFailure(token("grant_type=client_credentials&client_id=" + enc(creds.clientId()) + "&client_secret=wrong"));
        assertTokenFailure(token("grant_type=password&" + clientForm() + "&username=" + enc(creds.username()) + "&password=wrong"));
        assertTokenFailure(token("grant_type=magic&" + clientForm()));
    }

    @Test
    void should_reject_a_json_token_request() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.oauthTokenUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\""
                        + creds.clientId() + "\",\"client_secret\":\"" + creds.clientSecret() + "\"}")).build());
        assertTokenFailure(r);
    }

    @Test
    void should_expire_tokens_after_the_configured_lifetime() throws Exception {
        emulator.tokens().setLifetime(Duration.ofSeconds(1));
        try {
            JsonNode t = json(token("grant_type=client_credentials&" + clientForm()));
            assertThat(t.get("expires_in").asLong()).isLessThanOrEqualTo(1);
            Thread.sleep(1200);
            assertError(getWithBearer(t.get("access_token").asText()), 401, "User Not Authenticated");
        } finally {
            emulator.tokens().setLifetime(Duration.ofSeconds(1800));
        }
    }

    @Test
    void should_answer_401_without_or_with_bad_credentials() {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/now/table/incident"))
                .header("Accept", "application/json").GET().build());
        assertError(none, 401, "User Not Authenticated");
        assertThat(json(none).get("error").get("detail").asText()).isEqualTo("Required to provide Auth information");

        assertError(send(request("/api/now/table/incident").setHeader("Authorization", basic(creds.username(), "wrong")).GET().build()),
                401, "User Not Authenticated");
        assertError(getWithBearer("forged"), 401, "User Not Authenticated");
        assertError(send(request("/api/now/attachment").setHeader("Authorization", basic("nobody", "x")).GET().build()),
                401, "User Not Authenticated");
    }

    @Test
    void should_let_an_added_operator_account_log_in() {
        HttpResponse<String> r = send(request("/api/now/table/sys_user?sysparm_query=user_name=admin")
                .setHeader("Authorization", basic("admin", ADMIN_PASSWORD)).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").get(0).get("name").asText()).isEqualTo("System Administrator");
        assertThat(adminPost("/accounts", obj("username", "priya.raman", "password", "pw")).statusCode()).isEqualTo(204);
        assertThat(send(request("/api/now/table/incident").setHeader("Authorization", basic("priya.raman", "pw")).GET().build())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void should_require_the_accept_header() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/now/table/incident"))
                .header("Authorization", basic()).GET().build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("status").asText()).isEqualTo("failure");
        assertThat(send(request("/api/now/table/incident").setHeader("Accept", "*/*").GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(request("/api/now/table/incident").setHeader("Accept", "application/xml").GET().build()).statusCode())
                .isEqualTo(406);
    }

    @Test
    void should_require_a_json_content_type_on_writes() {
        HttpResponse<String> missing = send(request("/api/now/table/incident")
                .POST(HttpRequest.BodyPublishers.ofString("{\"short_description\":\"x\"}")).build());
        assertThat(missing.statusCode()).isEqualTo(400);
        HttpResponse<String> xml = send(request("/api/now/table/incident").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")).build());
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(emulator.records("incident")).isEmpty();
    }

    @Test
    void should_never_set_a_session_cookie_unless_asked_to() {
        HttpResponse<String> r = get("/api/now/table/incident");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();

        emulator.setSessionCookie(true);
        HttpResponse<String> withCookie = get("/api/now/table/incident");
        assertThat(withCookie.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("JSESSIONID=");
        // the cookie alone does not authenticate
        HttpResponse<String> cookieOnly = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/now/table/incident"))
                .header("Accept", "application/json")
                .header("Cookie", withCookie.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]).GET().build());
        assertError(cookieOnly, 401, "User Not Authenticated");
    }
}
