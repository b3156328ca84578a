package io.tradinggrid.emulator.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadWritesTest extends PartnerCommunityTestSupport {

    String threadId;

    @BeforeEach
    void fresh() {
        freshCommunity("COM-WRITES");
        emulator.clock().fix(Instant.parse("2026-11-21T09:00:00.000Z"));
        threadId = openThread("Invoice 90017734 short-paid", "INVOICE_MISMATCH");
        emulator.clock().advance(Duration.ofSeconds(1));
    }

    private static ObjectNode status(String status) {
        ObjectNode patch = Json.object().put("status", status);
        patch.putObject("origin").put("system", "bridge").put("ref", "servicenow:incident:46d44a");
        return patch;
    }

    @Test
    void should_follow_the_thread_status_lifecycle() {
        for (String s : List.of("IN_PROGRESS", "AWAITING_PARTNER", "IN_PROGRESS", "RESOLVED", "IN_PROGRESS", "RESOLVED", "CLOSED")) {
            CommunityClient.Response r = client.patch("/threads/" + threadId, status(s));
            assertThat(r.status()).as(s + ": " + r.text()).isEqualTo(200);
            assertThat(r.json().path("status").asText()).isEqualTo(s);
        }
    }

    @Test
    void should_refuse_illegal_status_transition_with_409() {
        CommunityClient.Response openToResolved = client.patch("/threads/" + threadId, status("AWAITING_PARTNER"));
        assertThat(openToResolved.status()).isEqualTo(409);
        assertThat(openToResolved.json().path("message").asText()).contains("OPEN -> AWAITING_PARTNER");

        client.patch("/threads/" + threadId, status("IN_PROGRESS"));
        client.patch("/threads/" + threadId, status("RESOLVED"));
        client.patch("/threads/" + threadId, status("CLOSED"));
        CommunityClient.Response reopenClosed = client.patch("/threads/" + threadId, status("IN_PROGRESS"));

        assertThat(reopenClosed.status()).isEqualTo(409);
        assertThat(reopenClosed.json().path("exception").asText()).isEqualTo("CLOSED->IN_PROGRESS");
        assertThat(client.get("/threads/" + threadId).json().path("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void should_refuse_stale_if_match_with_412_and_accept_the_current_version() {
        CommunityClient.Response first = client.get("/threads/" + threadId);
        String etag = first.header("ETag");
        assertThat(etag).isEqualTo("\"" + first.json().path("version").asLong() + "\"");
        emulator.replyAsPartner(threadId, partnerId, "MESSAGE", "any update?", List.of()); // moves the version on

        CommunityClient.Response stale = client.patch("/threads/" + threadId, status("IN_PROGRESS"), Map.of("If-Match", etag));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("message").asText()).contains("version");
        assertThat(client.get("/threads/" + threadId).json().path("status").asText()).isEqualTo("OPEN");

        String current = client.get("/threads/" + threadId).header("ETag");
        CommunityClient.Response fresh = client.patch("/threads/" + threadId, status("IN_PROGRESS"), Map.of("If-Match", current));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isNotEqualTo(current);
    }

    @Test
    void should_store_and_return_the_origin_of_integration_writes() {
        ObjectNode post = Json.object().put("body", "Finance is reviewing the short payment.");
        post.putObject("origin").put("system", "bridge").put("ref", "servicenow:incident:46d44a");
        JsonNode created = client.post("/threads/" + threadId + "/posts", post).json();

        assertThat(created.path("origin").path("system").asText()).isEqualTo("bridge");
        JsonNode listed = client.get("/threads/" + threadId + "/posts").json().path("_embedded").path("posts").path(1);
        assertThat(listed.path("origin").path("ref").asText()).isEqualTo("servicenow:incident:46d44a");
        JsonNode thread = client.get("/threads/" + threadId).json();
        assertThat(thread.path("origin").path("system").asText()).as("the last change was the integration's").isEqualTo("bridge");

        emulator.replyAsPartner(threadId, partnerId, "MESSAGE", "Thanks, waiting.", List.of());
        assertThat(client.get("/threads/" + threadId).json().has("origin")).as("the last change was the partner's").isFalse();
    }

    @Test
    void should_author_integration_writes_as_a_machine_user_and_partner_writes_as_partner() {
        JsonNode mine = client.post("/threads/" + threadId + "/posts", Json.object().put("body", "from the bridge")).json();
        JsonNode theirs = emulator.replyAsPartner(threadId, partnerId, "CLARIFICATION", "from the supplier", List.of());

        assertThat(mine.path("author").path("kind").asText()).isEqualTo("MACHINE");
        assertThat(mine.path("author").path("userId").asText()).isEqualTo(emulator.credentials().clientId());
        assertThat(theirs.path("author").path("kind").asText()).isEqualTo("PARTNER");
        assertThat(theirs.path("author").path("companyId").asText()).isEqualTo(partnerId);
        assertThat(theirs.path("kind").asText()).isEqualTo("CLARIFICATION");
    }

    @Test
    void should_bump_updated_time_version_post_count_and_last_post_time_on_every_change() {
        JsonNode before = client.get("/threads/" + threadId).json();
        emulator.clock().fix(Instant.parse("2026-11-21T09:15:00.000Z"));
        client.post("/threads/" + threadId + "/posts", Json.object().put("body", "noted"));
        JsonNode afterPost = client.get("/threads/" + threadId).json();

        assertThat(afterPost.path("version").asLong()).isEqualTo(before.path("version").asLong() + 1);
        assertThat(afterPost.path("postCount").asInt()).isEqualTo(2);
        assertThat(afterPost.path("updatedTime").asText()).isEqualTo("2026-11-21T09:15:00.000Z");
        assertThat(afterPost.path("lastPostTime").asText()).isEqualTo("2026-11-21T09:15:00.000Z");

        emulator.clock().advance(Duration.ofMillis(7));
        JsonNode patched = client.patch("/threads/" + threadId, Json.object().put("statusNote", "Finance is on it")).json();
        assertThat(patched.path("updatedTime").asText()).isEqualTo("2026-11-21T09:15:00.007Z");
        assertThat(patched.path("version").asLong()).isEqualTo(afterPost.path("version").asLong() + 1);
        assertThat(patched.path("statusNote").asText()).isEqualTo("Finance is on it");

        // a PATCH that changes nothing is not a change
        JsonNode same = client.patch("/threads/" + threadId, Json.object().put("statusNote", "Finance is on it")).json();
        assertThat(same.path("version").asLong()).isEqualTo(patched.path("version").asLong());
    }

    @Test
    void should_replace_the_external_references_with_the_list_a_patch_carries() {
        ObjectNode first = Json.object();
        first.putArray("externalReferences")
                .add(Json.object().put("system", "erp").put("id", "ERP-4711"))
                .add(Json.object().put("system", "servicenow").put("id", "INC0010023").put("status", "New"));
        client.patch("/threads/" + threadId, first);
        ObjectNode second = Json.object();
        second.putArray("externalReferences")
                .add(Json.object().put("system", "servicenow").put("id", "INC0010023").put("status", "In Progress"))
                .add(Json.object().put("system", "workflow").put("id", "case-88").put("url", "https://wf.example/case-88"));
        JsonNode thread = client.patch("/threads/" + threadId, second).json();

        JsonNode refs = thread.path("externalReferences");
        assertThat(refs).hasSize(2);
        assertThat(refs.path(0).path("status").asText()).isEqualTo("In Progress");
        assertThat(refs.path(1).path("system").asText()).isEqualTo("workflow");
        assertThat(refs.toString()).as("JSON merge patch: the list is replaced, not merged").doesNotContain("ERP-4711");
    }

    @Test
    void should_refuse_posts_to_a_closed_thread_with_409() {
        client.patch("/threads/" + threadId, status("IN_PROGRESS"));
        client.patch("/threads/" + threadId, status("RESOLVED"));
        client.patch("/threads/" + threadId, status("CLOSED"));

        CommunityClient.Response r = client.post("/threads/" + threadId + "/posts", Json.object().put("body", "one more thing"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("message").asText()).contains("CLOSED");
        assertThat(client.get("/threads/" + threadId).json().path("postCount").asInt()).isEqualTo(1);
    }

    @Test
    void should_open_a_thread_for_a_named_partner_with_location_header() {
        ObjectNode create = CommunityClient.threadCreate("DC 14 closed on Thanksgiving", "GENERAL").put("partnerId", partnerId);
        create.putObject("origin").put("system", "bridge");
        CommunityClient.Response r = client.post("/communities/" + communityId + "/threads", create);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/activecommunity/v1/threads/" + r.json().path("id").asText());
        assertThat(r.json().path("createdBy").path("kind").asText()).isEqualTo("MACHINE");
        assertThat(r.json().path("partner").path("id").asText()).isEqualTo(partnerId);
        assertThat(r.json().path("postCount").asInt()).isEqualTo(1);

        CommunityClient.Response noPartner = client.post("/communities/" + communityId + "/threads", CommunityClient.threadCreate("x", "GENERAL"));
        assertThat(noPartner.status()).isEqualTo(400);
        assertThat(noPartner.json().path("message").asText()).contains("partnerId");
    }

    @Test
    void should_answer_bad_requests_with_message_and_no_stack_trace() {
        CommunityClient.Response badJson = client.patch("/threads/" + threadId, "{\"status\": ");
        CommunityClient.Response badEnum = client.patch("/threads/" + threadId, Json.object().put("status", "DONE"));
        CommunityClient.Response badOrigin = client.post("/threads/" + threadId + "/posts", Json.object().put("body", "x").put("origin", "bridge"));
        CommunityClient.Response tooLong = client.patch("/threads/" + threadId, Json.object().put("statusNote", "x".repeat(2001)));

        for (CommunityClient.Response r : List.of(badJson, badEnum, badOrigin, tooLong)) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("message").asText()).isNotBlank();
            assertThat(r.text()).doesNotContain("at io.").doesNotContain("Exception:");
        }
    }
}
