package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each operator of sysparm_query over real HTTP, against five incidents with known values. */
class EncodedQueryTest extends SnTestSupport {

    @BeforeEach
    void incidents() {
        // INC0010001 .. INC0010005
        create("incident", obj("short_description", "SAP invoice mismatch", "category", "billing", "impact", "1", "urgency", "1",
                "opened_at", "2024-01-10 08:00:00", "correlation_id", "EXT-1"));
        create("incident", obj("short_description", "Shipment late", "category", "logistics", "impact", "2", "urgency", "2",
                "opened_at", "2024-01-15 12:30:00"));
        create("incident", obj("short_description", "ASN missing for SAP order", "category", "logistics", "impact", "3", "urgency", "3",
                "opened_at", "2024-01-20 23:59:59", "correlation_id", "EXT-3"));
        create("incident", obj("short_description", "Portal outage", "category", "network", "impact", "2", "urgency", "3",
                "opened_at", "2024-02-01 00:00:00"));
        create("incident", obj("short_description", "sap lowercase", "category", "billing", "impact", "3", "urgency", "1",
                "opened_at", "2024-02-05 10:00:00"));
    }

    private List<String> numbers(String query) {
        JsonNode r = list("incident", "sysparm_fields=number&sysparm_query=" + enc(query));
        return values(r, "number");
    }

    @Test
    void should_filter_with_equals_and_not_equals() {
        assertThat(numbers("category=billing")).containsExactly("INC0010001", "INC0010005");
        assertThat(numbers("category!=billing")).containsExactly("INC0010002", "INC0010003", "INC0010004");
    }

    @Test
    void should_filter_with_like_and_not_like_case_sensitively() {
        assertThat(numbers("short_descriptionLIKESAP")).containsExactly("INC0010001", "INC0010003");
        assertThat(numbers("short_descriptionNOT LIKESAP")).containsExactly("INC0010002", "INC0010004", "INC0010005");
    }

    @Test
    void should_filter_with_startswith_and_endswith() {
        assertThat(numbers("short_descriptionSTARTSWITHSAP")).containsExactly("INC0010001");
        assertThat(numbers("short_descriptionENDSWITHorder")).containsExactly("INC0010003");
    }

    @Test
    void should_filter_with_in_and_not_in() {
        assertThat(numbers("categoryINnetwork,logistics")).containsExactly("INC0010002", "INC0010003", "INC0010004");
        assertThat(numbers("priorityNOT IN1,5")).containsExactly("INC0010002", "INC0010004", "INC0010005");
    }

    @Test
    void should_filter_with_isempty_and_isnotempty() {
        assertThat(numbers("correlation_idISNOTEMPTY")).containsExactly("INC0010001", "INC0010003");
        assertThat(numbers("correlation_idISEMPTY")).containsExactly("INC0010002", "INC0010004", "INC0010005");
    }

    @Test
    void should_compare_numbers_numerically() {
        assertThat(numbers("priority<3")).containsExactly("INC0010001");
        assertThat(numbers("priority<=3")).containsExactly("INC0010001", "INC0010002", "INC0010005");
        assertThat(numbers("priority>4")).containsExactly("INC0010003");
        assertThat(numbers("priority>=4")).containsExactly("INC0010003", "INC0010004");
    }

    @Test
    void should_compare_date_times() {
        assertThat(numbers("opened_at>2024-01-20 23:59:59")).containsExactly("INC0010004", "INC0010005");
        assertThat(numbers("opened_at>=2024-01-20 23:59:59")).containsExactly("INC0010003", "INC0010004", "INC0010005");
        assertThat(numbers("opened_at<2024-01-15 12:30:00")).containsExactly("INC0010001");
        assertThat(numbers("opened_atBETWEEN2024-01-15 00:00:00@2024-02-01 00:00:00"))
                .containsExactly("INC0010002", "INC0010003", "INC0010004");
        assertThat(numbers("priorityBETWEEN2@4")).containsExactly("INC0010002", "INC0010004", "INC0010005");
    }

    @Test
    void should_evaluate_date_generate_in_utc_by_default() {
        assertThat(numbers("opened_at>=javascript:gs.dateGenerate('2024-02-01','00:00:00')"))
                .containsExactly("INC0010004", "INC0010005");
    }

    @Test
    void should_read_date_generate_in_the_configured_user_time_zone() {
        // 2024-02-01 05:30:00 in Asia/Kolkata is 2024-02-01 00:00:00 UTC
        emulator.setUserTimeZone(ZoneId.of("Asia/Kolkata"));
        assertThat(numbers("opened_at>=javascript:gs.dateGenerate('2024-02-01','05:30:00')"))
                .containsExactly("INC0010004", "INC0010005");
        assertThat(numbers("opened_at>javascript:gs.dateGenerate('2024-02-01','05:30:00')"))
                .containsExactly("INC0010005");
        // the same arguments read as UTC would miss INC0010004
        emulator.setUserTimeZone(ZoneId.of("UTC"));
        assertThat(numbers("opened_at>=javascript:gs.dateGenerate('2024-02-01','05:30:00')"))
                .containsExactly("INC0010005");
    }

    @Test
    void should_set_the_user_time_zone_through_admin_config() {
        assertThat(adminPut("/config", obj("userTimeZone", "America/New_York")).statusCode()).isEqualTo(200);
        // 2024-01-31 19:00:00 New York = 2024-02-01 00:00:00 UTC
        assertThat(numbers("opened_at>=javascript:gs.dateGenerate('2024-01-31','19:00:00')"))
                .containsExactly("INC0010004", "INC0010005");
    }

    @Test
    void should_or_conditions_with_caret_or() {
        assertThat(numbers("category=network^ORcategory=billing")).containsExactly("INC0010001", "INC0010004", "INC0010005");
        assertThat(numbers("impact=3^category=billing^ORcategory=logistics")).containsExactly("INC0010003", "INC0010005");
    }

    @Test
    void should_or_query_groups_with_nq() {
        assertThat(numbers("category=network^NQimpact=1^urgency=1")).containsExactly("INC0010001", "INC0010004");
    }

    @Test
    void should_order_with_orderby_and_orderbydesc() {
        assertThat(numbers("ORDERBYDESCopened_at")).containsExactly("INC0010005", "INC0010004", "INC0010003", "INC0010002", "INC0010001");
        assertThat(numbers("ORDERBYcategory^ORDERBYDESCnumber"))
                .containsExactly("INC0010005", "INC0010001", "INC0010003", "INC0010002", "INC0010004");
        assertThat(numbers("category=logistics^ORDERBYDESCpriority")).containsExactly("INC0010003", "INC0010002");
    }

    @Test
    void should_page_by_keyset_on_two_ordered_fields_with_or_binding_to_the_condition_before_it() {
        create("incident", obj("sys_id", "00000000000000000000000000000001", "short_description", "tie", "opened_at", "2024-01-20 23:59:59"));
        create("incident", obj("sys_id", "ffffffffffffffffffffffffffffffff", "short_description", "tie", "opened_at", "2024-01-20 23:59:59"));
        String inc3 = list("incident", "sysparm_query=" + enc("number=INC0010003")).get(0).path("sys_id").asText();

        // after (2024-01-20 23:59:59, INC0010003's sys_id) in (opened_at, sys_id) order: the later tie, then the later times
        assertThat(numbers("opened_at>=2024-01-20 23:59:59^opened_at>2024-01-20 23:59:59^ORsys_id>" + inc3
                + "^ORDERBYopened_at^ORDERBYsys_id")).containsExactly("INC0010007", "INC0010004", "INC0010005");
    }

    @Test
    void should_keep_insertion_order_when_no_order_is_given() {
        assertThat(numbers("")).containsExactly("INC0010001", "INC0010002", "INC0010003", "INC0010004", "INC0010005");
    }

    @Test
    void should_ignore_conditions_on_unknown_fields_and_run_the_valid_remainder() {
        assertThat(numbers("u_no_such_field=1^category=billing")).containsExactly("INC0010001", "INC0010005");
        assertThat(numbers("u_no_such_field=1")).hasSize(5);
        assertThat(numbers("category=billing^ORDERBYu_nothing")).containsExactly("INC0010001", "INC0010005");
    }

    @Test
    void should_be_case_sensitive_on_values() {
        assertThat(numbers("category=Billing")).isEmpty();
        assertThat(numbers("short_descriptionLIKEsap")).containsExactly("INC0010005");
    }

    @Test
    void should_dot_walk_reference_fields_in_queries() {
        emulator.seedSandbox();
        String finance = emulator.sysIdOf("sys_user_group", "name", "Finance Exceptions").orElseThrow();
        String logistics = emulator.sysIdOf("sys_user_group", "name", "Logistics Operations").orElseThrow();
        String first = list("incident", "sysparm_query=number=INC0010001").get(0).get("sys_id").asText();
        String second = list("incident", "sysparm_query=number=INC0010002").get(0).get("sys_id").asText();
        patch("/api/now/table/incident/" + first, obj("assignment_group", finance));
        patch("/api/now/table/incident/" + second, obj("assignment_group", logistics));

        assertThat(numbers("assignment_group.name=Finance Exceptions")).containsExactly("INC0010001");
        assertThat(numbers("assignment_group.nameSTARTSWITHLogistics")).containsExactly("INC0010002");
        assertThat(numbers("assignment_group=" + finance)).containsExactly("INC0010001");
        assertThat(numbers("assignment_group.manager.user_name=priya.raman")).containsExactly("INC0010001");
    }

    @Test
    void should_filter_with_name_value_pairs_including_display_values() {
        assertThat(values(list("incident", "category=logistics&sysparm_fields=number"), "number"))
                .containsExactly("INC0010002", "INC0010003");
        assertThat(values(list("incident", "priority=" + enc("1 - Critical") + "&sysparm_fields=number"), "number"))
                .containsExactly("INC0010001");
        assertThat(values(list("incident", "u_unknown=1&category=network&sysparm_fields=number"), "number"))
                .containsExactly("INC0010004");
    }

    @Test
    void should_compare_two_fields_with_sameas() {
        assertThat(numbers("impactSAMEASurgency")).containsExactly("INC0010001", "INC0010002", "INC0010003");
    }
}
