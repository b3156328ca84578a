package io.tradinggrid.bridge.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceNowChangesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BASE = "https://example.service-now.com/api/now/table/incident?";

    private static JsonNode page(String... records) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode result = page.putArray("result");
        for (String r : records) {
            String[] parts = r.split("@");
            result.addObject().put("sys_id", parts[0]).put("sys_updated_on", parts[1]);
        }
        return page;
    }

    private static String link(String rel, int offset) {
        return "<" + BASE + "sysparm_query=x&sysparm_offset=" + offset + "&sysparm_limit=2>;rel=\"" + rel + "\"";
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.path("sys_id").asText()).toList();
    }

    @Test
    void should_ask_for_records_changed_since_the_watermark_in_update_order_with_the_filter() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "correlation_idSTARTSWITHactivecommunity:", "sys_id,state",
                "2026-11-21 08:00:00", 50);

        assertThat(changes.table()).isEqualTo("incident");
        assertThat(changes.hasNext()).isTrue();
        assertThat(URLDecoder.decode(changes.query(), StandardCharsets.UTF_8)).isEqualTo("sysparm_query=correlation_idSTARTSWITHactivecommunity:"
                + "^sys_updated_on>=2026-11-21 08:00:00^ORDERBYsys_updated_on^ORDERBYsys_id&sysparm_fields=sys_id,state"
                + "&sysparm_exclude_reference_link=true&sysparm_limit=50&sysparm_offset=0");
    }

    @Test
    void should_start_at_the_beginning_without_a_watermark_or_a_filter() {
        ServiceNowChanges changes = new ServiceNowChanges("kb_knowledge", null, "sys_id", null, 100);

        assertThat(URLDecoder.decode(changes.query(), StandardCharsets.UTF_8))
                .startsWith("sysparm_query=sys_updated_on>=1970-01-01 00:00:00^ORDERBY");
        assertThat(changes.watermark()).isEqualTo(ServiceNowChanges.BEGINNING);
    }

    @Test
    void should_follow_the_next_link_among_the_others_and_stop_when_there_is_none() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        List<JsonNode> first = changes.accept(page("A@2026-11-21 08:30:00", "B@2026-11-21 09:00:00"),
                link("first", 0) + "," + link("next", 2) + "," + link("last", 2));
        assertThat(ids(first)).containsExactly("A", "B");
        assertThat(changes.hasNext()).isTrue();
        assertThat(changes.query()).isEqualTo("sysparm_query=x&sysparm_offset=2&sysparm_limit=2");

        List<JsonNode> last = changes.accept(page("C@2026-11-21 09:15:00"), link("first", 0) + "," + link("prev", 0) + "," + link("last", 2));
        assertThat(ids(last)).containsExactly("C");
        assertThat(changes.hasNext()).isFalse();
    }

    @Test
    void should_stop_on_an_empty_page_even_when_a_next_link_is_given() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        assertThat(changes.accept(page(), link("next", 2))).isEmpty();
        assertThat(changes.hasNext()).isFalse();
    }

    @Test
    void should_stop_without_a_link_header() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", null, 2);

        changes.accept(page("A@2026-11-21 08:30:00"), null);
        assertThat(changes.hasNext()).isFalse();
    }

    @Test
    void should_move_the_watermark_to_the_newest_change_seen_whatever_the_order() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        changes.accept(page("A@2026-11-21 09:00:00", "B@2026-11-21 08:30:00"), link("next", 2));
        changes.accept(page("C@2026-11-21 08:45:00"), null);

        assertThat(changes.watermark()).isEqualTo("2026-11-21 09:00:00");
    }

    @Test
    void should_keep_the_watermark_when_nothing_changed() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        changes.accept(page(), null);

        assertThat(changes.watermark()).isEqualTo("2026-11-21 08:00:00");
        assertThat(changes.drain()).isEmpty();
    }
}
