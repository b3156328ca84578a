package io.tradinggrid.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartnerPostsCursorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BRIDGE = "tradinggrid-bridge";

    private static ObjectNode post(String id, String authorKind, String body) {
        ObjectNode post = MAPPER.createObjectNode().put("id", id).put("body", body);
        post.putObject("author").put("kind", authorKind);
        return post;
    }

    private static JsonNode page(long total, JsonNode... posts) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode items = page.putObject("_embedded").putArray("posts");
        for (JsonNode p : posts) {
            items.add(p);
        }
        page.putObject("page").put("totalElements", total);
        return page;
    }

    private static List<String> ids(List<JsonNode> posts) {
        return posts.stream().map(p -> p.path("id").asText()).toList();
    }

    @Test
    void should_page_by_offset_until_the_total_is_read() {
        PartnerPostsCursor cursor = new PartnerPostsCursor(BRIDGE, "opening", 2);
        assertThat(cursor.query()).isEqualTo("count=2&offset=0");

        cursor.accept(page(3, post("P1", "PARTNER", "opening"), post("P2", "PARTNER", "more")), null);
        assertThat(cursor.hasNext()).isTrue();
        assertThat(cursor.query()).isEqualTo("count=2&offset=2");

        cursor.accept(page(3, post("P3", "PARTNER", "last")), null);
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void should_end_the_walk_at_an_empty_page_whatever_the_total_says() {
        PartnerPostsCursor cursor = new PartnerPostsCursor(BRIDGE, "opening", 2);
        cursor.accept(page(5), null);
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void should_hand_on_partner_posts_but_not_the_opening_message_the_bridges_own_or_staff_posts() {
        PartnerPostsCursor cursor = new PartnerPostsCursor(BRIDGE, "opening", 10);
        ObjectNode own = post("P3", "PARTNER", "status note");
        own.putObject("origin").put("system", BRIDGE);

        List<JsonNode> handed = cursor.accept(page(5, post("P1", "PARTNER", "opening"), post("P2", "PARTNER", "reply"), own,
                post("P4", "STAFF", "staff reply"), post("P5", "PARTNER", "opening")), null);

        assertThat(ids(handed)).as("a later post repeating the opening text is still the partner's").containsExactly("P2", "P5");
    }

    @Test
    void should_hand_on_a_first_post_that_differs_from_the_thread_body() {
        PartnerPostsCursor cursor = new PartnerPostsCursor(BRIDGE, "opening", 10);
        assertThat(ids(cursor.accept(page(1, post("P1", "PARTNER", "edited")), null))).containsExactly("P1");
    }
}
