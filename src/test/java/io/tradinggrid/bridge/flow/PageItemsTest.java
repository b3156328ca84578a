package io.tradinggrid.bridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the walk hands on per page: the items the cursor releases, and with the last page the ones it held back. */
class PageItemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PageItems pageItems = new PageItems();

    private static JsonNode page(long offset, long total, String... ids) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putObject("_embedded").putArray("requests");
        for (String id : ids) {
            list.addObject().put("id", id);
        }
        page.putObject("page").put("offset", offset).put("count", ids.length).put("totalElements", total);
        return page;
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("id").asText()).toList();
    }

    @Test
    void should_hand_on_each_page_as_the_cursor_releases_it() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 2, item -> true, false);
        assertThat(ids(pageItems.accept(cursor, page(0, 3, "A", "B"), null))).containsExactly("A", "B");
        assertThat(ids(pageItems.accept(cursor, page(2, 3, "C"), null))).containsExactly("C");
    }

    @Test
    void should_hand_on_the_held_items_with_the_last_page_once() {
        OffsetPageCursor cursor = new OffsetPageCursor("requests", "", 1, item -> true, true);
        assertThat(pageItems.accept(cursor, page(0, 2, "A"), null)).isEmpty();
        assertThat(ids(pageItems.accept(cursor, page(1, 2, "B"), null))).containsExactly("A", "B");
        assertThat(cursor.drain()).isEmpty();
    }
}
