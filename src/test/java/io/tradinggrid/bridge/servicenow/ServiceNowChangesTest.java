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
    private static final String NEXT = "<https://example.service-now.com/api/now/table/incident?sysparm_offset=2&sysparm_limit=2>;rel=\"next\"";

    private static JsonNode page(String... records) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode result = page.putArray("result");
        for (String r : records) {
            String[] parts = r.split("@");
            result.addObject().put("sys_id", parts[0]).put("sys_updated_on", parts[1]);
        }
        return page;
    }

    private static String decoded(ServiceNowChanges changes) {
        return URLDecoder.decode(changes.query(), StandardCharsets.UTF_8);
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.path("sys_id").asText()).toList();
    }

    @Test
    void should_ask_for_records_changed_since_the_watermark_in_update_then_sys_id_order_with_the_filter() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "correlation_idSTARTSWITHactivecommunity:", "sys_id,state",
                "2026-11-21 08:00:00", 50);

        assertThat(changes.table()).isEqualTo("incident");
        assertThat(changes.hasNext()).isTrue();
        assertThat(decoded(changes)).isEqualTo("sysparm_query=correlation_idSTARTSWITHactivecommunity:"
                + "^sys_updated_on>=2026-11-21 08:00:00^ORDERBYsys_updated_on^ORDERBYsys_id&sysparm_fields=sys_updated_on,sys_id,state"
                + "&sysparm_exclude_reference_link=true&sysparm_limit=50");
    }

    @Test
    void should_start_at_the_beginning_without_a_watermark_or_a_filter() {
        ServiceNowChanges changes = new ServiceNowChanges("kb_knowledge", null, "sys_id", null, 100);

        assertThat(decoded(changes)).startsWith("sysparm_query=sys_updated_on>=1970-01-01 00:00:00^ORDERBY");
        assertThat(changes.watermark()).isEqualTo(ServiceNowChanges.BEGINNING);
        assertThat(changes.lastId()).isNull();
    }

    @Test
    void should_ask_each_next_page_for_the_records_after_the_last_one_read_and_never_for_an_offset() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        assertThat(ids(changes.accept(page("a1@2026-11-21 08:30:00", "b7@2026-11-21 09:00:00"), NEXT))).containsExactly("a1", "b7");

        assertThat(changes.hasNext()).isTrue();
        assertThat(decoded(changes)).isEqualTo("sysparm_query=active=true^sys_updated_on>=2026-11-21 09:00:00"
                + "^sys_updated_on>2026-11-21 09:00:00^ORsys_id>b7^ORDERBYsys_updated_on^ORDERBYsys_id&sysparm_fields=sys_updated_on,sys_id"
                + "&sysparm_exclude_reference_link=true&sysparm_limit=2")
                .doesNotContain("sysparm_offset");
    }

    @Test
    void should_stop_when_no_next_page_is_announced_or_a_page_is_empty() {
        ServiceNowChanges last = new ServiceNowChanges("incident", "active=true", "sys_id", null, 2);
        last.accept(page("a1@2026-11-21 08:30:00"), null);
        assertThat(last.hasNext()).isFalse();

        ServiceNowChanges empty = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);
        assertThat(empty.accept(page(), NEXT)).isEmpty();
        assertThat(empty.hasNext()).isFalse();
    }

    @Test
    void should_go_on_after_a_short_page_while_a_next_page_is_announced() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", null, 2);

        changes.accept(page("a1@2026-11-21 08:30:00"), NEXT);

        assertThat(changes.hasNext()).isTrue();
    }

    @Test
    void should_move_the_watermark_and_its_sys_id_to_the_last_record_read() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        changes.accept(page("a1@2026-11-21 08:30:00", "a2@2026-11-21 08:45:00"), NEXT);
        changes.accept(page("b2@2026-11-21 08:45:00"), null);

        assertThat(changes.watermark()).isEqualTo("2026-11-21 08:45:00");
        assertThat(changes.lastId()).isEqualTo("b2");
    }

    @Test
    void should_keep_the_watermark_when_nothing_changed() {
        ServiceNowChanges changes = new ServiceNowChanges("incident", "active=true", "sys_id", "2026-11-21 08:00:00", 2);

        changes.accept(page(), null);

        assertThat(changes.watermark()).isEqualTo("2026-11-21 08:00:00");
        assertThat(changes.lastId()).isNull();
        assertThat(changes.drain()).isEmpty();
    }
}
