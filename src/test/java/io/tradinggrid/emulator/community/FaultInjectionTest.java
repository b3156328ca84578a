package io.tradinggrid.emulator.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradinggrid.emulator.FaultPlan;
import io.tradinggrid.emulator.Json;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The base class's faults, as a client of this emulator meets them. */
class FaultInjectionTest extends PartnerCommunityTestSupport {

    String threadId;

    @BeforeEach
    void fresh() {
        freshCommunity("COM-FAULTS");
        emulator.faults().apply(FaultPlan.none());
        threadId = openThread("Faults", "GENERAL");
        client.token(); // before any fault is planned
    }

    private int postCount() {
        return client.get("/threads/" + threadId).json().path("postCount").asInt();
    }

    @Test
    void should_answer_injected_5xx_without_doing_the_write() {
        FaultPlan plan = new FaultPlan();
        plan.errorCount = 1;
        plan.errorStatus = 502;
        plan.methods = "POST";
        emulator.faults().apply(plan);

        CommunityClient.Response r = client.post("/threads/" + threadId + "/posts", Json.object().put("body", "first try"));

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(postCount()).isEqualTo(1);
        assertThat(client.post("/threads/" + threadId + "/posts", Json.object().put("body", "second try")).status()).isEqualTo(201);
    }

    @Test
    void should_answer_429_with_retry_after() {
        FaultPlan plan = new FaultPlan();
        plan.rateLimitCount = 2;
        plan.retryAfterSeconds = 3;
        emulator.faults().apply(plan);

        CommunityClient.Response first = client.get("/communities/" + communityId + "/threads");
        CommunityClient.Response second = client.get("/communities/" + communityId + "/threads");
        CommunityClient.Response third = client.get("/communities/" + communityId + "/threads");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(first.json().path("message").asText()).isNotBlank();
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void should_add_latency() {
        FaultPlan plan = new FaultPlan();
        plan.latencyMs = 400;
        plan.pathPattern = "/threads/";
        emulator.faults().apply(plan);

        long start = System.nanoTime();
        CommunityClient.Response r = client.get("/threads/" + threadId);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void should_reset_the_connection() {
        FaultPlan plan = new FaultPlan();
        plan.resetCount = 1;
        emulator.faults().apply(plan);

        // a POST, because java.net.http retries an idempotent GET once by itself
        assertThatThrownBy(() -> client.post("/threads/" + threadId + "/posts", Json.object().put("body", "lost")))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(postCount()).as("a reset before handling does not write").isEqualTo(1);
    }

    @Test
    void should_fail_after_commit_and_leave_the_write_done() {
        FaultPlan plan = new FaultPlan();
        plan.errorAfterCommitCount = 1;
        plan.errorStatus = 500;
        emulator.faults().apply(plan);
        long versionBefore = client.get("/threads/" + threadId).json().path("version").asLong();

        CommunityClient.Response r = client.post("/threads/" + threadId + "/posts", Json.object().put("body", "committed but answered 500")
                .set("origin", Json.object().put("system", "bridge").put("ref", "servicenow:incident:9")));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("exception").asText()).contains("committed");
        assertThat(postCount()).isEqualTo(2);
        var lastPost = client.get("/threads/" + threadId + "/posts").json().path("_embedded").path("posts").path(1);
        assertThat(lastPost.path("origin").path("ref").asText()).as("the retry can find its own write").isEqualTo("servicenow:incident:9");
        assertThat(client.get("/threads/" + threadId).json().path("version").asLong()).isEqualTo(versionBefore + 1);
    }

    @Test
    void should_time_out_after_commit_and_leave_the_write_done() {
        FaultPlan plan = new FaultPlan();
        plan.errorAfterCommitCount = 1;
        plan.afterCommitMode = FaultPlan.AfterCommit.TIMEOUT;
        plan.afterCommitDelayMs = 100;
        emulator.faults().apply(plan);

        assertThatThrownBy(() -> client.patch("/threads/" + threadId, Json.object().put("status", "IN_PROGRESS")))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(client.get("/threads/" + threadId).json().path("status").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void should_take_fault_plans_through_the_admin_api_and_journal_requests() {
        FaultPlan plan = new FaultPlan();
        plan.errorCount = 1;
        plan.errorStatus = 503;
        plan.pathPattern = "/partners";
        client.admin("DELETE", "/requests", null);
        assertThat(client.admin("PUT", "/faults", plan).status()).isEqualTo(200);

        assertThat(client.get("/partners").status()).isEqualTo(503);
        assertThat(client.get("/partners").status()).isEqualTo(200);
        // (GET /_emulator/requests cannot serialise the journal's Instant with the shared mapper; read it in Java)
        assertThat(emulator.journal().snapshot()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("/activecommunity/v1/partners");
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.fault()).isEqualTo("ERROR");
        });
    }
}
