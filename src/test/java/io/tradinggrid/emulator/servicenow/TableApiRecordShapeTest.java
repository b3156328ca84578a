package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableApiRecordShapeTest extends SnTestSupport {

    private static Set<String> docKeys(String resource) throws Exception {
        try (InputStream in = TableApiRecordShapeTest.class.getResourceAsStream(resource)) {
            JsonNode doc = Json.MAPPER.readTree(in).get("result");
            Set<String> keys = new HashSet<>();
            doc.fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }

    @Test
    void should_create_incident_with_201_location_and_the_documented_key_set() throws Exception {
        HttpResponse<String> r = post("/api/now/table/incident",
                obj("short_description", "Unable to connect to office wifi", "urgency", "2", "impact", "2"));

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode result = json(r).get("result");
        String sysId = result.get("sys_id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue(emulator.baseUrl() + "/api/now/table/incident/" + sysId);
        Set<String> expected = docKeys("/emulator/servicenow/doc-incident-post-example.json");
        Set<String> actual = keys(result);
        assertThat(actual).containsAll(expected);
        Set<String> extra = new HashSet<>(actual);
        extra.removeAll(expected);
        assertThat(extra).as("fields beyond the documentation example").containsExactlyInAnyOrder("hold_reason");
    }

    @Test
    void should_render_every_value_as_a_string_and_references_as_link_and_value() {
        JsonNode result = create("incident", obj("short_description", "x", "urgency", "2", "impact", "2"));

        List<String> nonText = new ArrayList<>();
        result.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() && !e.getValue().isObject()) {
                nonText.add(e.getKey());
            }
        });
        assertThat(nonText).isEmpty();
        assertThat(result.get("priority").asText()).isEqualTo("3");
        assertThat(result.get("sys_mod_count").asText()).isEqualTo("0");
        assertThat(result.get("active").asText()).isEqualTo("true");
        assertThat(result.get("caller_id").asText()).isEmpty();
        assertThat(result.get("work_notes").asText()).isEmpty();
        JsonNode openedBy = result.get("opened_by");
        String userId = emulator.sysIdOf("sys_user", "user_name", creds.username()).orElseThrow();
        assertThat(openedBy.get("value").asText()).isEqualTo(userId);
        assertThat(openedBy.get("link").asText()).isEqualTo(emulator.baseUrl() + "/api/now/table/sys_user/" + userId);
        assertThat(keys(openedBy)).containsExactlyInAnyOrder("link", "value");
        assertThat(result.get("sys_domain").get("value").asText()).isEqualTo("global");
    }

    @Test
    void should_generate_sys_id_number_and_system_fields() {
        JsonNode first = create("incident", obj("short_description", "first"));
        JsonNode second = create("incident", obj("short_description", "second"));

        assertThat(first.get("sys_id").asText()).matches("[0-9a-f]{32}");
        assertThat(first.get("number").asText()).isEqualTo("INC0010001");
        assertThat(second.get("number").asText()).isEqualTo("INC0010002");
        assertThat(first.get("sys_created_by").asText()).isEqualTo(creds.username());
        assertThat(first.get("sys_updated_by").asText()).isEqualTo(creds.username());
        assertThat(first.get("sys_created_on").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(first.get("opened_at").asText()).isEqualTo(first.get("sys_created_on").asText());
        assertThat(first.get("sys_class_name").asText()).isEqualTo("incident");
        assertThat(create("sn_customerservice_case", obj("short_description", "c")).get("number").asText()).isEqualTo("CS0001001");
        assertThat(create("sc_task", obj("short_description", "t")).get("number").asText()).isEqualTo("SCTASK0010001");
        assertThat(create("kb_knowledge", obj("short_description", "k")).get("number").asText()).isEqualTo("KB0010001");
        assertThat(create("u_partner_access_request", obj("u_company_name", "Acme")).get("number").asText()).isEqualTo("PAR0001001");
    }

    @ParameterizedTest(name = "impact {0} x urgency {1} -> priority {2}")
    @CsvSource({"1,1,1", "1,2,2", "1,3,3", "2,1,2", "2,2,3", "2,3,4", "3,1,3", "3,2,4", "3,3,5"})
    void should_compute_priority_from_impact_and_urgency(String impact, String urgency, String priority) {
        JsonNode result = create("incident", obj("short_description", "p", "impact", impact, "urgency", urgency, "priority", "1"));
        assertThat(result.get("priority").asText()).isEqualTo(priority);
    }

    @Test
    void should_recompute_priority_on_update_and_ignore_client_priority() {
        JsonNode created = create("incident", obj("short_description", "p"));
        assertThat(created.get("priority").asText()).isEqualTo("5");
        String id = created.get("sys_id").asText();

        JsonNode updated = json(patch("/api/now/table/incident/" + id, obj("impact", "1", "urgency", "1", "priority", "5"))).get("result");
        assertThat(updated.get("priority").asText()).isEqualTo("1");
    }

    @Test
    void should_get_one_record_and_404_for_unknown_sys_id() {
        String id = create("incident", obj("short_description", "get me")).get("sys_id").asText();

        HttpResponse<String> r = get("/api/now/table/incident/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").get("short_description").asText()).isEqualTo("get me");

        String missing = "0123456789abcdef0123456789abcdef";
        for (HttpResponse<String> notFound : List.of(get("/api/now/table/incident/" + missing),
                patch("/api/now/table/incident/" + missing, obj("short_description", "x")),
                put("/api/now/table/incident/" + missing, obj("short_description", "x")),
                delete("/api/now/table/incident/" + missing))) {
            assertError(notFound, 404, "No Record found");
            assertThat(json(notFound).get("error").get("detail").asText())
                    .isEqualTo("Record doesn't exist or ACL restricts the record retrieval");
        }
    }

    @Test
    void should_patch_and_put_only_the_given_fields_and_count_modifications() {
        String id = create("incident", obj("short_description", "before", "description", "keep me")).get("sys_id").asText();

        JsonNode patched = json(patch("/api/now/table/incident/" + id, obj("short_description", "after"))).get("result");
        assertThat(patched.get("short_description").asText()).isEqualTo("after");
        assertThat(patched.get("description").asText()).isEqualTo("keep me");
        assertThat(patched.get("sys_mod_count").asText()).isEqualTo("1");

        HttpResponse<String> put = put("/api/now/table/incident/" + id, obj("category", "network"));
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode putResult = json(put).get("result");
        assertThat(putResult.get("category").asText()).isEqualTo("network");
        assertThat(putResult.get("short_description").asText()).isEqualTo("after");
        assertThat(putResult.get("sys_mod_count").asText()).isEqualTo("2");
    }

    @Test
    void should_not_count_a_modification_when_nothing_changed() {
        String id = create("incident", obj("short_description", "same")).get("sys_id").asText();
        JsonNode r = json(patch("/api/now/table/incident/" + id, obj("short_description", "same"))).get("result");
        assertThat(r.get("sys_mod_count").asText()).isEqualTo("0");
    }

    @Test
    void should_delete_with_204_and_then_404() {
        String id = create("incident", obj("short_description", "bye")).get("sys_id").asText();
        HttpResponse<String> r = delete("/api/now/table/incident/" + id);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(get("/api/now/table/incident/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void should_answer_head_with_headers_and_no_body() {
        create("incident", obj("short_description", "h"));
        HttpResponse<String> r = send(request("/api/now/table/incident").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("X-Total-Count")).hasValue("1");
    }

    @Test
    void should_return_404_for_empty_list_on_v1_and_200_empty_array_on_v2_and_latest() {
        HttpResponse<String> v1 = get("/api/now/v1/table/incident?sysparm_query=number=NONE");
        assertError(v1, 404, "No Record found");

        HttpResponse<String> v2 = get("/api/now/v2/table/incident?sysparm_query=number=NONE");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.body()).isEqualTo("{\"result\":[]}");

        HttpResponse<String> latest = get("/api/now/table/incident?sysparm_query=number=NONE");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(json(latest).get("result").size()).isZero();

        create("incident", obj("short_description", "one"));
        assertThat(get("/api/now/v1/table/incident").statusCode()).isEqualTo(200);
    }

    @Test
    void should_reject_unknown_table_with_400_and_null_detail() {
        HttpResponse<String> r = get("/api/now/table/u_no_such_table");
        assertError(r, 400, "Invalid table u_no_such_table");
        assertThat(json(r).get("error").get("detail").isNull()).isTrue();
        assertError(post("/api/now/table/u_no_such_table", obj("a", "b")), 400, "Invalid table u_no_such_table");
    }

    @Test
    void should_answer_unknown_uri_with_400() {
        assertError(get("/api/now/nonsense/thing"), 400, "Requested URI does not represent any resource");
        assertError(send(request("/no/such/path").GET().build()), 400, "Requested URI does not represent any resource");
    }

    @Test
    void should_reject_bad_json_with_400_in_servicenow_envelope() {
        HttpResponse<String> r = post("/api/now/table/incident", "{\"short_description\": ");
        assertError(r, 400, "Exception while reading request");
        assertThat(json(r).get("error").get("detail").asText()).isEqualTo("The payload is not valid JSON.");
        assertError(post("/api/now/table/incident", "\"just a string\""), 400, "Exception while reading request");
    }

    @Test
    void should_ignore_unknown_fields_on_write_and_accept_non_string_json_values() {
        JsonNode r = create("incident", "{\"short_description\":\"typed\",\"impact\":1,\"urgency\":2,\"u_not_a_field\":\"x\"}");
        assertThat(r.has("u_not_a_field")).isFalse();
        assertThat(r.get("impact").asText()).isEqualTo("1");
        assertThat(r.get("priority").asText()).isEqualTo("2");
    }

    @Test
    void should_add_custom_columns_through_the_admin_api() {
        assertThat(adminPost("/tables/incident/columns", obj("name", "u_partner_ref")).statusCode()).isEqualTo(204);
        JsonNode r = create("incident", obj("short_description", "c", "u_partner_ref", "P-1"));
        assertThat(r.get("u_partner_ref").asText()).isEqualTo("P-1");
    }

    @Test
    void should_suppress_the_body_with_x_no_response_body() {
        HttpResponse<String> r = send(request("/api/now/table/incident").header("Content-Type", "application/json")
                .header("X-no-response-body", "true")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(obj("short_description", "quiet")))).build());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Location")).isPresent();
        assertThat(emulator.records("incident")).hasSize(1);
    }

    @Test
    void should_honour_x_http_method_override() {
        String id = create("incident", obj("short_description", "o")).get("sys_id").asText();
        HttpResponse<String> r = send(request("/api/now/table/incident/" + id).header("Content-Type", "application/json")
                .header("X-HTTP-Method-Override", "PATCH")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(obj("short_description", "overridden")))).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").get("short_description").asText()).isEqualTo("overridden");
    }

    @Test
    void should_use_a_sys_id_given_on_insert() {
        String id = "aaaabbbbccccddddeeeeffff00001111";
        JsonNode r = create("incident", obj("sys_id", id, "short_description", "mine"));
        assertThat(r.get("sys_id").asText()).isEqualTo(id);
    }

    @Test
    void should_store_the_partner_access_request_table() {
        JsonNode r = create("u_partner_access_request", obj("u_company_name", "Acme Freight", "u_duns", "123456789",
                "u_request_type", "role_change", "u_community_id", "COMM-7", "u_roles", "buyer,invoice_viewer",
                "u_partner_id", "P-42"));
        assertThat(r.get("approval").asText()).isEqualTo("requested");
        assertThat(r.get("state").asText()).isEqualTo("1");
        assertThat(r.get("u_roles").asText()).isEqualTo("buyer,invoice_viewer");
        assertThat(r.get("sys_class_name").asText()).isEqualTo("u_partner_access_request");

        String id = r.get("sys_id").asText();
        JsonNode approved = json(patch("/api/now/table/u_partner_access_request/" + id + "?sysparm_display_value=all",
                obj("approval", "approved"))).get("result");
        assertThat(approved.get("approval").get("display_value").asText()).isEqualTo("Approved");
        assertThat(approved.get("approval_set").get("value").asText()).isNotEmpty();
        assertThat(approved.get("u_request_type").get("display_value").asText()).isEqualTo("Role change");
    }
}
