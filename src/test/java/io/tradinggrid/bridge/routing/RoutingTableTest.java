package io.tradinggrid.bridge.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradinggrid.bridge.classification.Classification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTableTest {

    @TempDir
    Path dir;

    private final RoutingTable table = load();

    private static RoutingTable load() {
        try {
            return RoutingTable.load(Path.of("config/routing-table.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_route_missing_tax_data_invoices_to_finance_incidents_with_the_responsible_analyst() {
        Target target = table.resolve(new Classification("transaction-failure", "invoice-missing-tax-data", "r"));
        assertThat(target.serviceNow()).isTrue();
        assertThat(target.type()).isEqualTo("incident");
        assertThat(target.team()).isEqualTo("Finance Exceptions");
        assertThat(target.analyst("P-unknown", "810")).isEqualTo("priya.raman");
    }

    @Test
    void should_fall_back_from_subtype_to_type() {
        Target target = table.resolve(new Classification("claim", "shortage", "r"));
        assertThat(target.key()).isEqualTo("claim");
        assertThat(target.system()).isEqualTo("workflow");
        assertThat(target.type()).isEqualTo("claim");
        assertThat(target.dueIn()).isEqualTo(Duration.ofDays(10));
    }

    @Test
    void should_route_missing_asn_to_the_logistics_exception_workflow() {
        Target target = table.resolve(new Classification("missing-asn", null, "r"));
        assertThat(target.type()).isEqualTo("partnerExceptionCase");
        assertThat(target.team()).isEqualTo("logistics");
    }

    @Test
    void should_use_the_default_for_an_unknown_type() {
        assertThat(table.resolve(new Classification("something-new", null, "r")).key()).isEqualTo("default");
    }

    @Test
    void should_reject_a_table_with_an_unknown_target_system_naming_the_entry() throws Exception {
        Path file = dir.resolve("routing-table.yaml");
        Files.writeString(file, "routes:\n  claim:\n    target: jira:CLAIMS\n    team: claims\n");
        assertThatThrownBy(() -> RoutingTable.load(file)).hasMessageContaining("claim").hasMessageContaining("jira:CLAIMS");
    }

    @Test
    void should_reject_an_unknown_option_instead_of_ignoring_it() throws Exception {
        Path file = dir.resolve("routing-table.yaml");
        Files.writeString(file, "routes:\n  claim:\n    target: workflow:claim\n    team: claims\n    assignmentGroup: typo\n");
        assertThatThrownBy(() -> RoutingTable.load(file)).hasMessageContaining("assignmentGroup");
    }

    @Test
    void should_refuse_fields_that_would_replace_a_process_variable_or_record_field_of_the_bridge() throws Exception {
        Path file = dir.resolve("routing-table.yaml");
        Files.writeString(file, "routes:\n  claim:\n    target: workflow:claim\n    team: claims\n    fields:\n      ownerGroup: finance\n");
        assertThatThrownBy(() -> RoutingTable.load(file)).hasMessageContaining("claim").hasMessageContaining("fields.ownerGroup")
                .hasMessageContaining("the bridge sets itself");
        Files.writeString(file, "routes:\n  claim:\n    target: servicenow:incident\n    team: EDI Support\n    fields:\n      correlation_id: x\n");
        assertThatThrownBy(() -> RoutingTable.load(file)).hasMessageContaining("fields.correlation_id");
        Files.writeString(file, "routes:\n  claim:\n    target: servicenow:incident\n    team: EDI Support\n    fields:\n      sys_id: x\n");
        assertThatThrownBy(() -> RoutingTable.load(file)).hasMessageContaining("fields.sys_id");
    }

    @Test
    void should_resolve_a_templated_field_as_plain_text() throws Exception {
        var thread = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"title\":\"img src=x onerror=alert(1)>\"}");
        assertThat(ThreadReferences.resolve("[Triage] <${title}", thread)).isEqualTo("[Triage]").doesNotContain("onerror");
        assertThat(ThreadReferences.resolve("[Triage] ${title}", thread)).isEqualTo("[Triage] img src=x onerror=alert(1)>");
    }
}
