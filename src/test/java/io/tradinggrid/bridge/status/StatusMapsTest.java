package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** config/status-maps.yaml: which record state shows the partner which thread status and text. */
class StatusMapsTest {

    private final StatusMaps maps = StatusFixtures.maps();

    @Test
    void should_map_incident_state_2_to_in_progress() {
        assertThat(maps.serviceNow("incident", "2", null)).hasValueSatisfying(v -> {
            assertThat(v.status).isEqualTo("IN_PROGRESS");
            assertThat(v.text).startsWith("In progress:");
        });
    }

    @Test
    void should_map_incident_state_6_to_resolved_with_the_close_notes() {
        assertThat(maps.serviceNow("incident", "6", null)).hasValueSatisfying(v -> {
            assertThat(v.status).isEqualTo("RESOLVED");
            assertThat(v.text).contains("{closeNotes}");
        });
    }

    @Test
    void should_ask_the_partner_when_an_incident_is_on_hold_awaiting_the_caller() {
        assertThat(maps.serviceNow("incident", "3", "1")).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("AWAITING_PARTNER"));
    }

    @Test
    void should_keep_an_incident_on_hold_for_a_third_party_in_progress() {
        assertThat(maps.serviceNow("incident", "3", "4")).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("IN_PROGRESS"));
        assertThat(maps.serviceNow("incident", "3", null)).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("IN_PROGRESS"));
    }

    @Test
    void should_refine_only_incidents_by_hold_reason() {
        assertThat(maps.serviceNow("sc_task", "3", "1")).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("RESOLVED"));
    }

    @Test
    void should_map_case_state_18_to_awaiting_partner() {
        assertThat(maps.serviceNow("sn_customerservice_case", "18", null)).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("AWAITING_PARTNER"));
    }

    @Test
    void should_map_an_unlisted_state_or_table_to_nothing() {
        assertThat(maps.serviceNow("incident", "99", null)).isEmpty();
        assertThat(maps.serviceNow("problem", "1", null)).isEmpty();
    }

    @Test
    void should_map_a_workflow_user_task_and_an_end_event() {
        assertThat(maps.workflow("documentReview", "reviewDocument")).hasValueSatisfying(v -> assertThat(v.status).isEqualTo("IN_PROGRESS"));
        assertThat(maps.workflow("documentReview", "followUpRequested")).hasValueSatisfying(v -> {
            assertThat(v.status).isEqualTo("AWAITING_PARTNER");
            assertThat(v.text).contains("{followUpActions}");
        });
        assertThat(maps.workflow("documentReview", "nowhere")).isEmpty();
        assertThat(maps.hasWorkflow("documentReview")).isTrue();
        assertThat(maps.hasServiceNow("incident")).isTrue();
        assertThat(maps.hasServiceNow("problem")).isFalse();
    }

    @Test
    void should_refuse_a_status_the_community_does_not_know() {
        assertThatThrownBy(() -> new StatusMaps(Map.of("incident", Map.of("2", StatusFixtures.view("WORKING", "In progress"))), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servicenow.incident.2").hasMessageContaining("WORKING");
    }

    @Test
    void should_refuse_a_view_without_text() {
        assertThatThrownBy(() -> new StatusMaps(Map.of(), Map.of("claim", Map.of("intake", StatusFixtures.view("IN_PROGRESS", " ")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflow.claim.intake").hasMessageContaining("text");
    }
}
