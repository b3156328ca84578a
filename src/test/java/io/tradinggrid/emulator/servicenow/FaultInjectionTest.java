package io.tradinggrid.emulator.servicenow;

import java.net.URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The base class's faults, through this emulator's API and error envelope. */
class FaultInjectionTest extends SnTestSupport {

    private void plan(Map<String, Object> plan) {
        ObjectNode body = Json.MAPPER.valueToTree(plan);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/faults"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_injected_5xx_in_the_servicenow_envelope_then_recover() {
        plan(Map.of("errorCount", 1, "errorStatus", 503));
        assertError(get("/api/now/table/incident"), 503, "Injected failure");
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(200);
    }

    @Test
    void should_inject_429_with_retry_after_and_rate_limit_headers() {
        plan(Map.of("rateLimitCount", 1, "retryAfterSeconds", 7));
        HttpResponse<String> r = get("/api/now/table/incident");
        assertError(r, 429, "Rate limit exceeded");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).isPresent();
        assertThat(r.headers().firstValue("X-RateLimit-Reset")).isPresent();
        assertThat(r.headers().firstValue("X-RateLimit-Rule")).isPresent();
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    }

    @Test
    void should_inject_a_headerless_429_when_no_retry_after_is_planned() {
        plan(Map.of("rateLimitCount", 1));
        HttpResponse<String> r = get("/api/now/table/incident");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void should_add_latency() {
        plan(Map.of("latencyMs", 400));
        long start = System.nanoTime();
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void should_reset_the_connection() {
        plan(Map.of("resetCount", 1));
        assertThatThrownBy(() -> http.send(request("/api/now/table/incident").GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(200);
    }

    @Test
    void should_leave_the_record_created_when_an_error_comes_after_commit() {
        plan(Map.of("errorAfterCommitCount", 1, "errorStatus", 502));
        HttpResponse<String> r = post("/api/now/table/incident", obj("short_description", "partner dispute D-1", "correlation_id", "D-1"));
        assertError(r, 502, "Injected failure after commit");
        assertThat(values(list("incident", "sysparm_query=correlation_id=D-1"), "correlation_id")).containsExactly("D-1");
    }

    @Test
    void should_leave_the_journal_entry_written_when_a_patch_times_out_after_commit() {
        String id = create("incident", obj("short_description", "t")).get("sys_id").asText();
        plan(Map.of("errorAfterCommitCount", 1, "afterCommitMode", "TIMEOUT", "afterCommitDelayMs", 100));
        assertThatThrownBy(() -> http.send(request("/api/now/table/incident/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"work_notes\":\"note\"}")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(list("sys_journal_field", "sysparm_query=" + enc("element_id=" + id))).hasSize(1);
    }

    @Test
    void should_leave_the_attachment_stored_when_an_error_comes_after_commit() {
        String id = create("incident", obj("short_description", "a")).get("sys_id").asText();
        plan(Map.of("errorAfterCommitCount", 1, "pathPattern", "/attachment"));
        HttpResponse<String> r = send(request("/api/now/attachment/file?table_name=incident&table_sys_id=" + id + "&file_name=a.txt")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("abc")).build());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(get("/api/now/attachment?sysparm_query=" + enc("table_sys_id=" + id))).get("result")).hasSize(1);
    }

    @Test
    void should_limit_faults_to_the_planned_path_and_methods() {
        plan(Map.of("errorCount", 5, "pathPattern", "/table/sn_customerservice_case", "methods", "POST"));
        assertThat(post("/api/now/table/incident", obj("short_description", "fine")).statusCode()).isEqualTo(201);
        assertThat(get("/api/now/table/sn_customerservice_case").statusCode()).isEqualTo(200);
        assertThat(post("/api/now/table/sn_customerservice_case", obj("short_description", "x")).statusCode()).isEqualTo(503);
        assertThat(emulator.records("sn_customerservice_case")).isEmpty();
    }

    @Test
    void should_inject_faults_on_the_token_endpoint_too() {
        plan(Map.of("errorCount", 1, "pathPattern", "/oauth_token.do"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.oauthTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + enc(creds.clientId())
                        + "&client_secret=" + enc(creds.clientSecret()))).build());
        assertThat(r.statusCode()).isEqualTo(503);
    }
}
