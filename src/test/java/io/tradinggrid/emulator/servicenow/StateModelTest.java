package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StateModelTest extends SnTestSupport {

    private String newIncident() {
        return create("incident", obj("short_description", "state model")).get("sys_id").asText();
    }

    private JsonNode patchIncident(String id, Object body) {
        HttpResponse<String> r = patch("/api/now/table/incident/" + id, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("result");
    }

    @Test
    void should_keep_state_and_incident_state_in_step() {
        String id = newIncident();
        assertThat(patchIncident(id, obj("state", "2")).get("incident_state").asText()).isEqualTo("2");
        JsonNode r = patchIncident(id, obj("incident_state", "1"));
        assertThat(r.get("state").asText()).isEqualTo("1");
        assertThat(r.get("incident_state").asText()).isEqualTo("1");
    }

    @Test
    void should_refuse_to_resolve_without_close_code_and_close_notes() {
        String id = newIncident();
        HttpResponse<String> r = patch("/api/now/table/incident/" + id, obj("state", "6"));
        assertError(r, 403, "Operation Failed");
        assertThat(json(r).get("error").get("detail").asText()).contains("Resolution code").contains("Resolution notes");
        assertError(patch("/api/now/table/incident/" + id, obj("state", "6", "close_code", "Solution provided")), 403, "Operation Failed");
        JsonNode unchanged = json(get("/api/now/table/incident/" + id)).get("result");
        assertThat(unchanged.get("state").asText()).isEqualTo("1");
        assertThat(unchanged.get("sys_mod_count").asText()).isEqualTo("0");
    }

    @Test
    void should_resolve_with_close_code_and_notes_and_set_resolved_fields() {
        String id = newIncident();
        JsonNode r = patchIncident(id, obj("state", "6", "close_code", "Solution provided", "close_notes", "Corrected invoice accepted"));
        assertThat(r.get("state").asText()).isEqualTo("6");
        assertThat(r.get("incident_state").asText()).isEqualTo("6");
        assertThat(r.get("resolved_at").asText()).isNotEmpty();
        String me = emulator.sysIdOf("sys_user", "user_name", creds.username()).orElseThrow();
        assertThat(r.get("resolved_by").get("value").asText()).isEqualTo(me);
        assertThat(r.get("active").asText()).isEqualTo("true");
    }

    @Test
    void should_close_and_deactivate() {
        String id = newIncident();
        patchIncident(id, obj("state", "6", "close_code", "Solution provided", "close_notes", "done"));
        JsonNode closed = patchIncident(id, obj("state", "7"));
        assertThat(closed.get("closed_at").asText()).isNotEmpty();
        assertThat(closed.get("closed_by").get("value").asText()).isNotEmpty();
        assertThat(closed.get("active").asText()).isEqualTo("false");
    }

    @Test
    void should_cancel_and_deactivate() {
        String id = newIncident();
        JsonNode r = patchIncident(id, obj("state", "8"));
        assertThat(r.get("active").asText()).isEqualTo("false");
        assertThat(json(get("/api/now/table/incident/" + id + "?sysparm_display_value=true")).get("result").get("state").asText())
                .isEqualTo("Canceled");
    }

    @Test
    void should_require_a_hold_reason_and_clear_it_when_leaving_on_hold() {
        String id = newIncident();
        assertError(patch("/api/now/table/incident/" + id, obj("state", "3")), 403, "Operation Failed");
        JsonNode held = patchIncident(id, obj("state", "3", "hold_reason", "4"));
        assertThat(held.get("hold_reason").asText()).isEqualTo("4");
        JsonNode resumed = patchIncident(id, obj("state", "2"));
        assertThat(resumed.get("hold_reason").asText()).isEmpty();
    }

    @Test
    void should_count_a_reopen_and_clear_resolution_time() {
        String id = newIncident();
        patchIncident(id, obj("state", "6", "close_code", "Solution provided", "close_notes", "done"));
        JsonNode reopened = patchIncident(id, obj("state", "2"));
        assertThat(reopened.get("reopen_count").asText()).isEqualTo("1");
        assertThat(reopened.get("resolved_at").asText()).isEmpty();
    }

    @Test
    void should_refuse_to_create_an_incident_already_resolved_without_close_fields() {
        assertError(post("/api/now/table/incident", obj("short_description", "x", "state", "6")), 403, "Operation Failed");
        assertThat(emulator.records("incident")).isEmpty();
    }

    @Test
    void should_count_reassignments() {
        emulator.seedSandbox();
        String id = newIncident();
        String a = emulator.sysIdOf("sys_user_group", "name", "EDI Support").orElseThrow();
        String b = emulator.sysIdOf("sys_user_group", "name", "Logistics Operations").orElseThrow();
        patchIncident(id, obj("assignment_group", a));
        assertThat(patchIncident(id, obj("assignment_group", b)).get("reassignment_count").asText()).isEqualTo("2");
    }

    @Test
    void should_follow_the_csm_case_states() {
        JsonNode created = create("sn_customerservice_case", obj("short_description", "Partner dispute"));
        assertThat(created.get("state").asText()).isEqualTo("1");
        String id = created.get("sys_id").asText();
        String base = "/api/now/table/sn_customerservice_case/" + id + "?sysparm_display_value=all";

        JsonNode open = json(patch(base, obj("state", "10"))).get("result");
        assertThat(open.get("state").get("display_value").asText()).isEqualTo("Open");
        JsonNode awaiting = json(patch(base, obj("state", "18"))).get("result");
        assertThat(awaiting.get("state").get("display_value").asText()).isEqualTo("Awaiting Info");
        JsonNode resolved = json(patch(base, obj("state", "6", "close_notes", "Credit note issued"))).get("result");
        assertThat(resolved.get("state").get("display_value").asText()).isEqualTo("Resolved");
        assertThat(resolved.get("resolved_at").get("value").asText()).isNotEmpty();
        assertThat(resolved.get("active").get("value").asText()).isEqualTo("true");
        JsonNode closed = json(patch(base, obj("state", "3"))).get("result");
        assertThat(closed.get("state").get("display_value").asText()).isEqualTo("Closed");
        assertThat(closed.get("active").get("value").asText()).isEqualTo("false");
        assertThat(closed.get("closed_at").get("value").asText()).isNotEmpty();

        JsonNode other = create("sn_customerservice_case", obj("short_description", "cancel me", "state", "7"));
        assertThat(other.get("active").asText()).isEqualTo("false");
        assertThat(json(get("/api/now/table/sn_customerservice_case/" + other.get("sys_id").asText() + "?sysparm_display_value=true"))
                .get("result").get("state").asText()).isEqualTo("Cancelled");
    }

    @Test
    void should_not_compute_case_priority() {
        JsonNode c = create("sn_customerservice_case", obj("short_description", "p", "priority", "2"));
        assertThat(c.get("priority").asText()).isEqualTo("2");
    }

    @Test
    void should_close_catalog_tasks() {
        String id = create("sc_task", obj("short_description", "t")).get("sys_id").asText();
        JsonNode r = json(patch("/api/now/table/sc_task/" + id + "?sysparm_display_value=true", obj("state", "3"))).get("result");
        assertThat(r.get("state").asText()).isEqualTo("Closed Complete");
        assertThat(r.get("active").asText()).isEqualTo("false");
    }

    @Test
    void should_accept_state_labels_with_input_display_value() {
        String id = newIncident();
        JsonNode r = json(patch("/api/now/table/incident/" + id + "?sysparm_input_display_value=true",
                obj("state", "In Progress"))).get("result");
        assertThat(r.get("state").asText()).isEqualTo("2");
    }
}
