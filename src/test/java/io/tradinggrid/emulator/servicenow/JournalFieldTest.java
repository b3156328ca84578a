package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class JournalFieldTest extends SnTestSupport {

    @Test
    void should_append_journal_rows_and_read_back_empty_strings() {
        JsonNode created = create("incident", obj("short_description", "j", "work_notes", "created with a note"));
        String id = created.get("sys_id").asText();
        assertThat(created.get("work_notes").asText()).isEmpty();

        JsonNode patched = json(patch("/api/now/table/incident/" + id, obj("comments", "Dear partner, we are on it",
                "work_notes", "internal: checked the ASN"))).get("result");
        assertThat(patched.get("comments").asText()).isEmpty();
        assertThat(patched.get("work_notes").asText()).isEmpty();
        assertThat(patched.get("sys_mod_count").asText()).isEqualTo("1");

        JsonNode rows = list("sys_journal_field", "sysparm_query=" + enc("element_id=" + id + "^ORDERBYsys_created_on"));
        assertThat(rows).hasSize(3);
        assertThat(values(rows, "element")).containsExactly("work_notes", "comments", "work_notes");
        assertThat(values(rows, "value")).containsExactly("created with a note", "Dear partner, we are on it", "internal: checked the ASN");
        JsonNode first = rows.get(0);
        assertThat(first.get("name").asText()).isEqualTo("incident");
        assertThat(first.get("element_id").asText()).isEqualTo(id);
        assertThat(first.get("sys_created_by").asText()).isEqualTo(creds.username());
        assertThat(first.get("sys_created_on").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(first.get("sys_id").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void should_filter_journal_by_element_like_the_documented_query() {
        String id = create("incident", obj("short_description", "j")).get("sys_id").asText();
        patch("/api/now/table/incident/" + id, obj("comments", "public"));
        patch("/api/now/table/incident/" + id, obj("work_notes", "private"));
        JsonNode comments = list("sys_journal_field", "sysparm_query=" + enc("element_id=" + id + "^element=comments"));
        assertThat(values(comments, "value")).containsExactly("public");
        JsonNode both = list("sys_journal_field", "sysparm_query="
                + enc("element_id=" + id + "^element=comments^ORelement=work_notes^ORDERBYsys_created_on"));
        assertThat(both).hasSize(2);
    }

    @Test
    void should_duplicate_a_note_when_a_patch_is_retried() {
        String id = create("incident", obj("short_description", "retry")).get("sys_id").asText();
        patch("/api/now/table/incident/" + id, obj("work_notes", "same note"));
        patch("/api/now/table/incident/" + id, obj("work_notes", "same note"));
        assertThat(list("sys_journal_field", "sysparm_query=" + enc("element_id=" + id))).hasSize(2);
    }

    @Test
    void should_render_journal_text_with_display_value_true() {
        emulator.seedSandbox();
        String id = create("incident", obj("short_description", "render")).get("sys_id").asText();
        patch("/api/now/table/incident/" + id, obj("work_notes", "first note"));
        send(request("/api/now/table/incident/" + id).setHeader("Authorization", basic("admin", ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"comments\":\"second, from the operator\"}")).build());

        JsonNode r = json(get("/api/now/table/incident/" + id + "?sysparm_display_value=true")).get("result");
        String text = r.get("comments_and_work_notes").asText();
        assertThat(text).matches("(?s)\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} - System Administrator \\(Additional comments\\)\n"
                + "second, from the operator\n\n\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} - " + creds.username()
                + " \\(Work notes\\)\nfirst note\n\n");
        assertThat(r.get("work_notes").asText()).contains("first note").doesNotContain("operator");
        assertThat(r.get("comments").asText()).contains("second, from the operator");

        JsonNode raw = json(get("/api/now/table/incident/" + id)).get("result");
        assertThat(raw.get("comments_and_work_notes").asText()).isEmpty();
        assertThat(raw.get("sys_updated_by").asText()).isEqualTo("admin");
    }

    @Test
    void should_dump_journal_in_the_admin_table_view() {
        String id = create("incident", obj("short_description", "dump", "work_notes", "dumped note")).get("sys_id").asText();
        JsonNode dump = json(adminGet("/tables/incident"));
        assertThat(dump.get("result")).hasSize(1);
        assertThat(dump.get("result").get(0).get("sys_id").asText()).isEqualTo(id);
        assertThat(dump.get("result").get(0).get("opened_by").isTextual()).isTrue();
        assertThat(dump.get("journal")).hasSize(1);
        assertThat(dump.get("journal").get(0).get("value").asText()).isEqualTo("dumped note");
    }

    @Test
    void should_journal_on_case_and_task_tables() {
        String caseId = create("sn_customerservice_case", obj("short_description", "c", "comments", "case comment")).get("sys_id").asText();
        String taskId = create("sc_task", obj("short_description", "t", "work_notes", "task note")).get("sys_id").asText();
        assertThat(values(list("sys_journal_field", "sysparm_query=" + enc("element_id=" + caseId)), "name"))
                .containsExactly("sn_customerservice_case");
        assertThat(values(list("sys_journal_field", "sysparm_query=" + enc("element_id=" + taskId)), "element"))
                .containsExactly("work_notes");
    }
}
