package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.emulator.Json;
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
        cursor.accept(page(0, 3, "A@2026-11-21T09:00:00.000Z"));
        assertThat(cursor.hasNext()).as("a short page is not the end").isTrue();
    }

    @Test
    void should_ask_from_the_newest_time_seen_and_skip_the_threads_already_read_at_that_time() {
        ThreadPageCursor cursor = new ThreadPageCursor("2026-11-21T08:00:00.000Z", 2);
        assertThat(cursor.query()).isEqualTo("count=2&offset=0&updatedSince=2026-11-21T08%3A00%3A00.000Z");

        cursor.accept(page(0, 5, "A@2026-11-21T09:00:00.000Z", "B@2026-11-21T09:00:00.000Z"));

        assertThat(cursor.query()).isEqualTo("count=2&offset=2&updatedSince=2026-11-21T09%3A00%3A00.000Z");
        cursor.accept(page(2, 3, "C@2026-11-21T09:00:01.000Z"));
        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.watermark()).isEqualTo("2026-11-21T09:00:01.000Z");
        assertThat(cursor.threads()).isEqualTo(3);
    }

    @Test
    void should_keep_the_old_watermark_when_nothing_changed() {
        ThreadPageCursor cursor = new ThreadPageCursor("2026-11-21T08:00:00.000Z", 50);
        cursor.accept(page(0, 0));
        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.watermark()).isEqualTo("2026-11-21T08:00:00.000Z");
    }
}
