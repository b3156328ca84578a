package io.tradinggrid.emulator.servicenow;

import java.net.URI;
import java.net.http.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RateLimitTest extends SnTestSupport {

    @Test
    void should_send_rate_limit_headers_without_remaining_and_429_when_exceeded() {
        HttpResponse<String> on = adminPut("/ratelimit", obj("limit", "3"));
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(json(on).get("enabled").asBoolean()).isTrue();

        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get("/api/now/table/incident");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
            long reset = Long.parseLong(r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
            assertThat(reset).isGreaterThan(now).isLessThanOrEqualTo(now + 3600).matches(v -> v % 3600 == 0);
            assertThat(r.headers().firstValue("X-RateLimit-Rule").orElseThrow()).matches("[0-9a-f]{32}");
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
        }
        HttpResponse<String> denied = get("/api/now/table/incident");
        assertError(denied, 429, "Rate limit exceeded");
        assertThat(json(denied).get("error").get("detail").asText()).isEqualTo("Rate limit of 3 requests per hour for Table API exceeded");
        long retryAfter = Long.parseLong(denied.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(denied.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(denied.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    }

    @Test
    void should_count_per_user() {
        emulator.setRateLimit(1);
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(200);
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(429);
        assertThat(send(request("/api/now/table/incident").setHeader("Authorization", basic("admin", ADMIN_PASSWORD)).GET().build())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void should_not_apply_a_denied_write() {
        emulator.setRateLimit(1);
        create("incident", obj("short_description", "allowed"));
        HttpResponse<String> denied = post("/api/now/table/incident", obj("short_description", "denied"));
        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(emulator.records("incident")).hasSize(1);
    }

    @Test
    void should_name_the_attachment_api_in_its_limit() {
        emulator.setRateLimit(1);
        get("/api/now/attachment");
        HttpResponse<String> denied = get("/api/now/attachment");
        JsonNode body = json(denied);
        assertThat(denied.statusCode()).isEqualTo(429);
        assertThat(body.get("error").get("detail").asText()).isEqualTo("Rate limit of 1 requests per hour for Attachment API exceeded");
    }

    @Test
    void should_be_off_by_default_and_switchable_off_at_runtime() {
        HttpResponse<String> r = get("/api/now/table/incident");
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        assertThat(json(adminGet("/ratelimit")).get("enabled").asBoolean()).isFalse();

        adminPut("/ratelimit", obj("limit", "1"));
        get("/api/now/table/incident");
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(429);
        assertThat(send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/ratelimit")).DELETE().build())
                .statusCode()).isEqualTo(204);
        HttpResponse<String> after = get("/api/now/table/incident");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }
}
