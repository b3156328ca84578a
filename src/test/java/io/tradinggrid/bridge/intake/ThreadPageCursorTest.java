package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadPageCursorTest {

    private static JsonNode page(long offset, long total, String... threads) {
        ObjectNode page = Json.object();
        ArrayNode items = page.putObject("_embedded").putArray("threads");
        for (String t : threads) {
            String[] parts = t.split("@");
            items.addObject().put("id", parts[0]).put("updatedTime", parts[1]);
        }
        page.putObject("page").put("offset", offset).put("count", 2).put("totalElements", total);
        return page;
    }

    @Test
    void should_keep_paging_after_a_short_page_until_total_elements_says_the_end() {
        ThreadPageCursor cursor = new ThreadPageCursor(null, 2);
        cursor.accept(page(0, 3, "A@2026-11-21T09:00:00.000Z"), null);
        assertThat(cursor.hasNext()).as("a short page is not the end").isTrue();
    }

    private static List<String> ids(List<JsonNode> threads) {
        return threads.stream().map(t -> t.path("id").asText()).toList();
    }

    @Test
    void should_release_older_threads_and_hold_the_newest_time_until_the_walk_moves_past_it() {
        ThreadPageCursor cursor = new ThreadPageCursor("2026-11-21T08:00:00.000Z", 2);
        assertThat(cursor.query()).isEqualTo("count=2&offset=0&updatedSince=2026-11-21T08%3A00%3A00.000Z");

        assertThat(ids(cursor.accept(page(0, 5, "A@2026-11-21T08:30:00.000Z", "B@2026-11-21T09:00:00.000Z"), null))).containsExactly("A");

        // asks again from B's time: B is re-read, nothing after it can have been shifted past the offset
        assertThat(cursor.query()).isEqualTo("count=2&offset=0&updatedSince=2026-11-21T09%3A00%3A00.000Z");
        assertThat(ids(cursor.accept(page(0, 2, "B@2026-11-21T09:00:00.000Z", "C@2026-11-21T09:00:01.000Z"), null))).containsExactly("B");
        assertThat(cursor.hasNext()).isFalse();
        assertThat(ids(cursor.drain())).containsExactly("C");
        assertThat(cursor.watermark()).isEqualTo("2026-11-21T09:00:01.000Z");
        assertThat(cursor.threads()).isEqualTo(3);
        assertThat(cursor.advanced()).isTrue();
    }

    @Test
    void should_count_on_within_one_millisecond_when_a_whole_page_shares_it_and_release_the_group_once() {
        ThreadPageCursor cursor = new ThreadPageCursor("2026-11-21T09:00:00.000Z", 2);
        assertThat(cursor.accept(page(0, 5, "A@2026-11-21T09:00:00.000Z", "B@2026-11-21T09:00:00.000Z"), null)).isEmpty();
        assertThat(cursor.query()).isEqualTo("count=2&offset=2&updatedSince=2026-11-21T09%3A00%3A00.000Z");
        assertThat(ids(cursor.accept(page(2, 5, "C@2026-11-21T09:00:00.000Z", "D@2026-11-21T09:00:05.000Z"), null))).containsExactly("A", "B", "C");
        assertThat(ids(cursor.accept(page(0, 1, "D@2026-11-21T09:00:05.000Z"), null))).isEmpty();
        assertThat(ids(cursor.drain())).containsExactly("D");
    }

    @Test
    void should_keep_the_old_watermark_when_nothing_changed() {
        ThreadPageCursor cursor = new ThreadPageCursor("2026-11-21T08:00:00.000Z", 50);
        cursor.accept(page(0, 0), null);
        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.watermark()).isEqualTo("2026-11-21T08:00:00.000Z");
        assertThat(cursor.advanced()).isFalse();
    }
}
