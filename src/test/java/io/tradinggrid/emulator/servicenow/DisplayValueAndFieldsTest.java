package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisplayValueAndFieldsTest extends SnTestSupport {

    private String financeGroup;
    private String priya;
    private String incidentId;

    @BeforeEach
    void seededIncident() {
        emulator.seedSandbox();
        financeGroup = emulator.sysIdOf("sys_user_group", "name", "Finance Exceptions").orElseThrow();
        priya = emulator.sysIdOf("sys_user", "user_name", "priya.raman").orElseThrow();
        incidentId = create("incident", obj("short_description", "Invoice 4711 price mismatch", "impact", "1", "urgency", "2",
                "assignment_group", financeGroup, "assigned_to", priya, "opened_at", "2024-03-01 10:00:00")).get("sys_id").asText();
    }

    private JsonNode getIncident(String query) {
        return json(get("/api/now/table/incident/" + incidentId + "?" + query)).get("result");
    }

    @Test
    void should_render_choice_labels_and_reference_names_with_display_value_true() {
        JsonNode r = getIncident("sysparm_display_value=true");
        assertThat(r.get("priority").asText()).isEqualTo("2 - High");
        assertThat(r.get("impact").asText()).isEqualTo("1 - High");
        assertThat(r.get("urgency").asText()).isEqualTo("2 - Medium");
        assertThat(r.get("state").asText()).isEqualTo("New");
        assertThat(r.get("active").asText()).isEqualTo("true");
        JsonNode group = r.get("assignment_group");
        assertThat(keys(group)).containsExactlyInAnyOrder("display_value", "link");
        assertThat(group.get("display_value").asText()).isEqualTo("Finance Exceptions");
        assertThat(group.get("link").asText()).isEqualTo(emulator.baseUrl() + "/api/now/table/sys_user_group/" + financeGroup);
        assertThat(r.get("assigned_to").get("display_value").asText()).isEqualTo("Priya Raman");
    }

    @Test
    void should_render_display_value_and_value_pairs_with_display_value_all() {
        JsonNode r = getIncident("sysparm_display_value=all");
        assertThat(r.get("priority").get("value").asText()).isEqualTo("2");
        assertThat(r.get("priority").get("display_value").asText()).isEqualTo("2 - High");
        assertThat(r.get("short_description").get("value").asText()).isEqualTo(r.get("short_description").get("display_value").asText());
        JsonNode group = r.get("assignment_group");
        assertThat(keys(group)).containsExactlyInAnyOrder("display_value", "link", "value");
        assertThat(group.get("value").asText()).isEqualTo(financeGroup);
        assertThat(r.get("caller_id").get("value").asText()).isEmpty();
    }

    @Test
    void should_show_date_times_in_the_user_time_zone_only_as_display_values() {
        emulator.setUserTimeZone(ZoneId.of("Europe/Berlin"));
        JsonNode r = getIncident("sysparm_display_value=all");
        assertThat(r.get("opened_at").get("value").asText()).isEqualTo("2024-03-01 10:00:00");
        assertThat(r.get("opened_at").get("display_value").asText()).isEqualTo("2024-03-01 11:00:00");
    }

    @Test
    void should_drop_reference_links_with_exclude_reference_link() {
        assertThat(getIncident("sysparm_exclude_reference_link=true").get("assignment_group").asText()).isEqualTo(financeGroup);
        assertThat(getIncident("sysparm_exclude_reference_link=true&sysparm_display_value=true").get("assignment_group").asText())
                .isEqualTo("Finance Exceptions");
        JsonNode all = getIncident("sysparm_exclude_reference_link=true&sysparm_display_value=all").get("assignment_group");
        assertThat(keys(all)).containsExactlyInAnyOrder("display_value", "value");
    }

    @Test
    void should_return_only_requested_fields_and_ignore_invalid_ones() {
        JsonNode r = getIncident("sysparm_fields=number,short_description,u_bogus");
        assertThat(keys(r)).containsExactlyInAnyOrder("number", "short_description");
    }

    @Test
    void should_dot_walk_in_sysparm_fields() {
        JsonNode r = getIncident("sysparm_fields=number,assignment_group.name,assigned_to.email,assignment_group.manager");
        assertThat(r.get("assignment_group.name").asText()).isEqualTo("Finance Exceptions");
        assertThat(r.get("assigned_to.email").asText()).isEqualTo("priya.raman@example.com");
        assertThat(r.get("assignment_group.manager").get("value").asText()).isEqualTo(priya);
        JsonNode display = getIncident("sysparm_fields=assignment_group.manager&sysparm_display_value=true");
        assertThat(display.get("assignment_group.manager").get("display_value").asText()).isEqualTo("Priya Raman");
    }

    @Test
    void should_resolve_names_to_sys_ids_with_input_display_value() {
        JsonNode r = create("incident?sysparm_input_display_value=true", obj("short_description", "by name",
                "assignment_group", "Logistics Operations", "assigned_to", "Marcus Chen", "impact", "1 - High", "urgency", "1 - high"));
        String logistics = emulator.sysIdOf("sys_user_group", "name", "Logistics Operations").orElseThrow();
        String marcus = emulator.sysIdOf("sys_user", "user_name", "marcus.chen").orElseThrow();
        assertThat(r.get("assignment_group").get("value").asText()).isEqualTo(logistics);
        assertThat(r.get("assigned_to").get("value").asText()).isEqualTo(marcus);
        assertThat(r.get("impact").asText()).isEqualTo("1");
        assertThat(r.get("priority").asText()).isEqualTo("1");
    }

    @Test
    void should_read_input_date_times_in_the_user_time_zone_with_input_display_value() {
        emulator.setUserTimeZone(ZoneId.of("Asia/Kolkata"));
        JsonNode r = json(patch("/api/now/table/incident/" + incidentId + "?sysparm_input_display_value=true",
                obj("due_date", "2024-03-02 05:30:00"))).get("result");
        assertThat(r.get("due_date").asText()).isEqualTo("2024-03-02 00:00:00");
        JsonNode raw = json(patch("/api/now/table/incident/" + incidentId, obj("due_date", "2024-03-02 05:30:00"))).get("result");
        assertThat(raw.get("due_date").asText()).isEqualTo("2024-03-02 05:30:00");
    }

    @Test
    void should_apply_display_and_fields_parameters_to_lists_and_writes() {
        JsonNode list = list("incident", "sysparm_display_value=true&sysparm_fields=number,assignment_group");
        assertThat(list.get(0).get("assignment_group").get("display_value").asText()).isEqualTo("Finance Exceptions");
        JsonNode patched = json(patch("/api/now/table/incident/" + incidentId + "?sysparm_fields=state,number&sysparm_display_value=true",
                obj("state", "2"))).get("result");
        assertThat(keys(patched)).containsExactlyInAnyOrder("state", "number");
        assertThat(patched.get("state").asText()).isEqualTo("In Progress");
    }

    @Test
    void should_serve_seeded_groups_users_and_knowledge_bases() {
        JsonNode groups = list("sys_user_group", "sysparm_fields=name&sysparm_query=ORDERBYname");
        assertThat(values(groups, "name")).containsExactly("Customer Service", "Document Control", "EDI Support",
                "Finance Exceptions", "Knowledge Management", "Logistics Operations", "Partner Management", "Procurement");
        JsonNode members = list("sys_user_grmember", "sysparm_display_value=true&sysparm_query=group=" + financeGroup);
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("user").get("display_value").asText()).isEqualTo("Priya Raman");
        assertThat(values(list("kb_knowledge_base", "sysparm_fields=title"), "title"))
                .containsExactly("Partner Self-Service", "Internal IT");
        JsonNode article = list("kb_knowledge", "sysparm_display_value=true&sysparm_query="
                + enc("workflow_state=published^kb_knowledge_base.title=Partner Self-Service")).get(0);
        assertThat(article.get("kb_knowledge_base").get("display_value").asText()).isEqualTo("Partner Self-Service");
        assertThat(article.get("number").asText()).startsWith("KB00");
    }
}
