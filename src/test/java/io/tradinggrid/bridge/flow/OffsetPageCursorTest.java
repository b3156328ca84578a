package io.tradinggrid.bridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetPageCursorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A page of {@code items} (id@updatedTime@status) under {@code _embedded.requests}. */
    private static JsonNode page(long offset, long total, String... items) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putObject("_embedded").putArray("requests");
        for (String item : items) {
            String[] parts = item.split("@");
            list.addObject().put("id", parts[0]).put("updatedTime", parts[1]).put("status", parts[2]);
        }
        page.putObject("page").put("offset", offset).put("count", items.length).put("totalElements", total);
        return page;
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("id").asText()).toList();
    }

    @Test
    void should_ask_for_the_filter_and_count_on_by_the_items_read() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "status=OPEN", 2, item -> true, false);
        assertThat(cursor.query()).isEqualTo("status=OPEN&count=2&offset=0");
        cursor.accept(page(0, 5, "A@2026-11-21T09:00:00.000Z@OPEN", "B@2026-11-21T09:01:00.000Z@OPEN"), null);
        assertThat(cursor.query()).isEqualTo("status=OPEN&count=2&offset=2");
    }

    @Test
    void should_ask_without_a_filter_when_there_is_none() {
        assertThat(new OffsetPageCursor("requests", "", 50, item -> true, false).query()).isEqualTo("count=50&offset=0");
    }

    @Test
    void should_keep_paging_after_a_short_page_until_total_elements_says_the_end() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 2, item -> true, false);
        cursor.accept(page(0, 3, "A@2026-11-21T09:00:00.000Z@OPEN"), null);
        assertThat(cursor.hasNext()).as("a short page is not the end").isTrue();
        cursor.accept(page(1, 3, "B@2026-11-21T09:00:00.000Z@OPEN", "C@2026-11-21T09:00:00.000Z@OPEN"), null);
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void should_end_the_walk_at_an_empty_page() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 2, item -> true, false);
        assertThat(cursor.accept(page(0, 7), null)).isEmpty();
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void should_hand_on_only_the_items_kept_and_take_the_watermark_from_all() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 2, item -> "OPEN".equals(item.path("status").asText()), false);
        List<JsonNode> kept = cursor.accept(page(0, 2, "A@2026-11-21T09:00:00.000Z@OPEN", "B@2026-11-21T09:05:00.000Z@DONE"), null);
        assertThat(ids(kept)).containsExactly("A");
        assertThat(cursor.watermark()).isEqualTo("2026-11-21T09:05:00.000Z");
        assertThat(cursor.drain()).isEmpty();
    }

    @Test
    void should_hold_the_items_back_until_every_page_is_read_when_handling_changes_the_list() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 1, item -> true, true);
        assertThat(cursor.accept(page(0, 2, "A@2026-11-21T09:00:00.000Z@OPEN"), null)).isEmpty();
        assertThat(cursor.accept(page(1, 2, "B@2026-11-21T09:01:00.000Z@OPEN"), null)).isEmpty();
        assertThat(cursor.hasNext()).isFalse();
        assertThat(ids(cursor.drain())).containsExactly("A", "B");
        assertThat(cursor.drain()).as("handed on once").isEmpty();
    }

    @Test
    void should_have_no_watermark_when_no_item_was_read() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 2, item -> true, false);
        cursor.accept(page(0, 0), null);
        assertThat(cursor.watermark()).isNull();
    }
}
