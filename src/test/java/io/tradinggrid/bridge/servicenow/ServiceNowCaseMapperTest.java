package io.tradinggrid.bridge.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.TargetRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ServiceNow record of a classified thread, built from values alone: no CamelContext, no ServiceNow. */
class ServiceNowCaseMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names resolve to fixed sys_ids, as the reference look-up would answer. */
    private final ServiceNowReferences references = new ServiceNowReferences(null) {
        @Override
        public String groupId(String name) {
            return "group:" + name;
        }

        @Override
        public String userId(String userName) {
            return "user:" + userName;
        }
    };

    private final ServiceNowCaseMapper mapper = new ServiceNowCaseMapper(references, "https://community.example");

    private static Decision missingTaxData() throws Exception {
        RoutingTable table = RoutingTable.load(Path.of("config/routing-table.yaml"));
        Classification classification = new Classification("transaction-failure", "invoice-missing-tax-data", "invoice-missing-tax-data");
        return new Decision(classification, table.resolve(classification));
    }

    private static JsonNode thread() throws Exception {
        return JSON.readTree("""
                {"id":"THR-000022","communityId":"COM-BRW-SUPPLIERS","title":"EDI 810 rejected - tax data missing",
                 "body":"Our 810 came back <b>rejected</b>.","category":"TRANSACTION_FAILURE",
                 "partner":{"id":"PTR-100102","companyName":"Meridian Paper","duns":"143228907"},
                 "references":{"invoice":"90018102","ediDocumentType":"810"}}""");
    }

    @Test
    void should_build_an_incident_for_the_routed_team_with_the_analyst_of_the_document_type() throws Exception {
        Map<String, Object> record = mapper.record(thread(), missingTaxData());

        assertThat(record).containsEntry("correlation_id", "activecommunity:THR-000022")
                .containsEntry("assignment_group", "group:Finance Exceptions")
                .containsEntry("assigned_to", "user:priya.raman")
                .containsEntry("impact", "2").containsEntry("urgency", "2")
                .containsEntry("category", "finance").containsEntry("contact_type", "web")
                .doesNotContainKey("priority");
        assertThat(record.get("short_description")).isEqualTo("Meridian Paper: EDI 810 rejected - tax data missing");
        assertThat((String) record.get("description")).contains("DUNS 143228907").contains("invoice: 90018102")
                .contains("https://community.example/threads/THR-000022").doesNotContain("<b>");
        assertThat((String) record.get("work_notes")).contains("transaction-failure/invoice-missing-tax-data");
    }

    @Test
    void should_look_up_the_existing_record_by_the_threads_correlation_id() {
        assertThat(mapper.lookupQuery("THR-000022"))
                .startsWith("sysparm_query=correlation_id%3Dactivecommunity%3ATHR-000022%5EORDERBYsys_created_on")
                .contains("sysparm_limit=1");
    }

    @Test
    void should_read_the_record_back_from_a_lookup_or_an_insert() throws Exception {
        assertThat(mapper.existing(JSON.readTree("{\"result\":[]}"))).isNull();
        assertThat(mapper.existing(JSON.readTree("{\"result\":[{\"sys_id\":\"abc\",\"number\":\"INC0010001\"}]}")))
                .isEqualTo(new TargetRecord("abc", "INC0010001", true));
        assertThat(mapper.created(JSON.readTree("{\"result\":{\"sys_id\":\"def\",\"number\":\"INC0010002\"}}")))
                .isEqualTo(new TargetRecord("def", "INC0010002", false));
        assertThatThrownBy(() -> mapper.created(JSON.readTree("{\"result\":{}}"))).isInstanceOf(IllegalStateException.class);
    }
}
