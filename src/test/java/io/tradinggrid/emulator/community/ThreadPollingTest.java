package io.tradinggrid.emulator.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadPollingTest extends PartnerCommunityTestSupport {

    @BeforeEach
    void fresh() {
        freshCommunity("COM-POLL");
    }

    private String open(String title) {
        return openThread(title, "DISPUTE");
    }

    @Test
    void should_return_threads_updated_at_the_watermark_inclusively() {
        Instant t0 = Instant.parse("2026-11-21T09:30:00.000Z");
        emulator.clock().fix(t0.minusMillis(1));
        String before = open("before the watermark");
        emulator.clock().fix(t0);
        String a = open("same millisecond A");
        String b = open("same millisecond B");
        String c = open("same millisecond C");
        emulator.clock().fix(t0.plusMillis(1));
        String after = open("after the watermark");

        JsonNode page = client.get("/communities/" + communityId + "/threads?updatedSince=" + CommunityClient.enc("2026-11-21T09:30:00.000Z")).json();

        assertThat(ids(page)).containsExactly(a, b, c, after).doesNotContain(before);
        assertThat(page.path("_embedded").path("threads").path(0).path("updatedTime").asText()).isEqualTo("2026-11-21T09:30:00.000Z");
        assertThat(page.path("page").path("totalElements").asInt()).isEqualTo(4);
        // the same watermark given with another offset is the same instant
        JsonNode offset = client.get("/communities/" + communityId + "/threads?updatedSince=" + CommunityClient.enc("2026-11-21T10:30:00+01:00")).json();
        assertThat(ids(offset)).containsExactly(a, b, c, after);
    }

    @Test
    void should_order_threads_by_updated_time_then_id() {
        emulator.clock().fix(Instant.parse("2026-11-21T08:00:00.000Z"));
        String first = open("first");
        String second = open("second");
        emulator.clock().advance(Duration.ofMinutes(1));
        String third = open("third");
        emulator.clock().advance(Duration.ofMinutes(1));
        // a reply moves the first thread to the end
        emulator.replyAsPartner(first, partnerId, "MESSAGE", "any news?", List.of());

        JsonNode page = client.get("/communities/" + communityId + "/threads").json();

        assertThat(ids(page)).containsExactly(second, third, first);
        assertThat(page.path("_embedded").path("threads").get(2).path("updatedTime").asText()).isEqualTo("2026-11-21T08:02:00.000Z");
    }

    @Test
    void should_page_with_offset_and_count_until_total_elements() {
        emulator.clock().fix(Instant.parse("2026-11-21T08:00:00.000Z"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(open("thread " + i));
        }
        List<String> seen = new ArrayList<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            JsonNode page = client.get("/communities/" + communityId + "/threads?offset=" + offset + "&count=3").json();
            List<String> items = ids(page);
            seen.addAll(items);
            pages++;
            assertThat(page.path("page").path("totalElements").asInt()).isEqualTo(7);
            assertThat(page.path("page").path("offset").asInt()).isEqualTo(offset);
            offset += items.size();
            if (offset >= page.path("page").path("totalElements").asInt()) {
                break;
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void should_serve_short_pages_that_are_not_the_end_when_switched_on() {
        for (int i = 0; i < 5; i++) {
            open("thread " + i);
        }
        client.admin("PUT", "/paging", Json.object().put("maxPageItems", 2));

        JsonNode first = client.get("/communities/" + communityId + "/threads?count=50").json();

        assertThat(ids(first)).hasSize(2);
        assertThat(first.path("page").path("count").asInt()).isEqualTo(50);
        assertThat(first.path("page").path("totalElements").asInt()).isEqualTo(5);
        // a client that follows the contract's end rule still reads everything
        List<String> all = new ArrayList<>();
        int offset = 0;
        int total;
        do {
            JsonNode page = client.get("/communities/" + communityId + "/threads?count=50&offset=" + offset).json();
            List<String> items = ids(page);
            all.addAll(items);
            offset += items.size();
            total = page.path("page").path("totalElements").asInt();
        } while (offset < total);
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void should_filter_threads_by_status_and_category() {
        String dispute = open("a dispute");
        String claim = openThread("a claim", "CLAIM");
        client.patch("/threads/" + claim, Json.object().put("status", "IN_PROGRESS"));

        assertThat(ids(client.get("/communities/" + communityId + "/threads?category=CLAIM").json())).containsExactly(claim);
        assertThat(ids(client.get("/communities/" + communityId + "/threads?status=OPEN").json())).containsExactly(dispute);
        assertThat(client.get("/communities/" + communityId + "/threads?status=DONE").status()).isEqualTo(400);
    }

    @Test
    void should_refuse_bad_paging_and_watermarks_with_400() {
        CommunityClient.Response tooMany = client.get("/communities/" + communityId + "/threads?count=201");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("message").asText()).contains("count");
        assertThat(client.get("/communities/" + communityId + "/threads?offset=-1").status()).isEqualTo(400);
        assertThat(client.get("/communities/" + communityId + "/threads?updatedSince=yesterday").status()).isEqualTo(400);
        assertThat(client.get("/communities/COM-NOPE/threads").status()).isEqualTo(404);
    }

    @Test
    void should_list_posts_oldest_first_with_inclusive_created_since() {
        emulator.clock().fix(Instant.parse("2026-11-21T08:00:00.000Z"));
        String thread = open("with posts");
        emulator.clock().fix(Instant.parse("2026-11-21T08:05:00.000Z"));
        String p1 = emulator.replyAsPartner(thread, partnerId, "MESSAGE", "one", List.of()).path("id").asText();
        String p2 = emulator.replyAsPartner(thread, partnerId, "CLARIFICATION", "two", List.of()).path("id").asText();

        JsonNode all = client.get("/threads/" + thread + "/posts").json();
        JsonNode since = client.get("/threads/" + thread + "/posts?createdSince=" + CommunityClient.enc("2026-11-21T08:05:00.000Z")).json();

        assertThat(all.path("page").path("totalElements").asInt()).isEqualTo(3);
        assertThat(all.path("_embedded").path("posts").path(0).path("body").asText()).isEqualTo("Body of with posts");
        List<String> sinceIds = new ArrayList<>();
        since.path("_embedded").path("posts").forEach(p -> sinceIds.add(p.path("id").asText()));
        assertThat(sinceIds).containsExactly(p1, p2);
        assertThat(since.path("_embedded").path("posts").path(1).path("kind").asText()).isEqualTo("CLARIFICATION");
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("_embedded").path("threads").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }
}
