package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Link and X-Total-Count as documented, and as Camel's ServiceNowHelper parses them. */
class PaginationTest extends SnTestSupport {

    private static final Pattern ENTRY = Pattern.compile("^<([^<>;,\\s]+)>;rel=\"(first|prev|next|last)\"$");

    @BeforeEach
    void sevenIncidents() {
        for (int i = 1; i <= 7; i++) {
            create("incident", obj("short_description", "page test " + i, "category", "paging"));
        }
    }

    /** rel -> URL, checking each entry has exactly the documented form. */
    private static Map<String, String> links(HttpResponse<String> r) {
        String header = r.headers().firstValue("Link").orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : header.split(",")) {
            Matcher m = ENTRY.matcher(entry);
            assertThat(m.matches()).as("entry '%s' of Link: %s", entry, header).isTrue();
            // Camel splits each entry on ';' and expects exactly <uri> and rel="x"
            assertThat(entry.split(";")).hasSize(2);
            out.put(m.group(2), m.group(1));
        }
        return out;
    }

    private static String param(String url, String name) {
        for (String p : URI.create(url).getRawQuery().split("&")) {
            String[] kv = p.split("=", 2);
            if (kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    @Test
    void should_emit_link_header_with_first_next_and_last_on_the_first_page() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=3");
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
        assertThat(json(r).get("result").size()).isEqualTo(3);
        String base = emulator.baseUrl() + "/api/now/table/incident?";
        assertThat(r.headers().firstValue("Link")).hasValue(
                "<" + base + "sysparm_offset=0&sysparm_limit=3>;rel=\"first\","
                        + "<" + base + "sysparm_offset=3&sysparm_limit=3>;rel=\"next\","
                        + "<" + base + "sysparm_offset=6&sysparm_limit=3>;rel=\"last\"");
    }

    @Test
    void should_emit_prev_and_next_on_a_middle_page_and_keep_other_parameters() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_query=" + enc("category=paging^ORDERBYnumber")
                + "&sysparm_fields=number,sys_id&sysparm_limit=3&sysparm_offset=3");
        assertThat(values(json(r).get("result"), "number")).containsExactly("INC0010004", "INC0010005", "INC0010006");
        Map<String, String> links = links(r);
        assertThat(links.keySet()).containsExactly("first", "prev", "next", "last");
        assertThat(param(links.get("prev"), "sysparm_offset")).isEqualTo("0");
        assertThat(param(links.get("next"), "sysparm_offset")).isEqualTo("6");
        assertThat(param(links.get("last"), "sysparm_offset")).isEqualTo("6");
        assertThat(param(links.get("next"), "sysparm_limit")).isEqualTo("3");
        assertThat(URI.create(links.get("next")).getQuery()).contains("sysparm_query=category=paging^ORDERBYnumber")
                .contains("sysparm_fields=number,sys_id");
        assertThat(links.get("next")).startsWith(emulator.baseUrl() + "/api/now/table/incident?");
    }

    @Test
    void should_emit_first_prev_and_last_without_next_on_the_last_page() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=3&sysparm_offset=6");
        assertThat(json(r).get("result").size()).isEqualTo(1);
        assertThat(links(r).keySet()).containsExactly("first", "prev", "last");
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
    }

    @Test
    void should_omit_link_header_when_everything_fits_in_one_page() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=7");
        assertThat(r.headers().firstValue("Link")).isEmpty();
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
        assertThat(get("/api/now/table/incident").headers().firstValue("Link")).isEmpty();
    }

    @Test
    void should_count_all_matches_not_the_page_in_x_total_count() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=2&sysparm_query=" + enc("short_descriptionLIKEpage"));
        assertThat(json(r).get("result").size()).isEqualTo(2);
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
    }

    @Test
    void should_visit_every_record_once_by_following_next() {
        List<String> seen = new ArrayList<>();
        String url = "/api/now/table/incident?sysparm_limit=2&sysparm_fields=number";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> r = get(url);
            seen.addAll(values(json(r).get("result"), "number"));
            pages++;
            String next = r.headers().firstValue("Link").map(h -> links(r).get("next")).orElse(null);
            url = next == null ? null : next.substring(emulator.baseUrl().length());
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void should_remove_link_with_suppress_pagination_header() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=2&sysparm_suppress_pagination_header=true");
        assertThat(r.headers().firstValue("Link")).isEmpty();
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
    }

    @Test
    void should_skip_the_count_with_sysparm_no_count() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=3&sysparm_no_count=true");
        assertThat(r.headers().firstValue("X-Total-Count")).isEmpty();
        assertThat(links(r).keySet()).containsExactly("first", "next");
    }

    @Test
    void should_reject_a_negative_offset() {
        assertError(get("/api/now/table/incident?sysparm_offset=-1"), 400, "Invalid sysparm_offset");
    }

    @Test
    void should_return_an_empty_page_past_the_end_on_v2() {
        HttpResponse<String> r = get("/api/now/table/incident?sysparm_limit=3&sysparm_offset=30");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").size()).isZero();
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("7");
    }
}
