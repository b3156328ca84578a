package io.tradinggrid.bridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.TargetRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Workflow Service start request of a classified thread, built from values alone: no CamelContext. */
class WorkflowProcessMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkflowProcessMapper mapper = new WorkflowProcessMapper(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));

    private static Decision damageClaim() throws Exception {
        RoutingTable table = RoutingTable.load(Path.of("config/routing-table.yaml"));
        Classification classification = new Classification("claim", "damage", "damage-claim");
        return new Decision(classification, table.resolve(classification));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_start_a_claim_for_the_claims_team_with_its_due_date_and_references() throws Exception {
        JsonNode thread = JSON.readTree("""
                {"id":"THR-000031","communityId":"COM-BRW-SUPPLIERS","title":"Damaged pallets on PO 4500871400",
                 "body":"Three pallets arrived crushed.","priority":"HIGH","partner":{"id":"PTR-100104","companyName":"BlueLine"},
                 "references":{"claim":"CLM-77","amount":1250.5,"currency":"USD"}}""");

        Map<String, Object> request = mapper.startRequest(thread, damageClaim());

        assertThat(request).containsEntry("processDefinitionKey", "claim").containsEntry("businessKey", "activecommunity:THR-000031");
        Map<String, Object> variables = ((List<Map<String, Object>>) request.get("variables")).stream()
                .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v.get("value")));
        assertThat(variables).containsEntry("ownerGroup", "claims").containsEntry("threadId", "THR-000031")
                .containsEntry("caseType", "claim/damage").containsEntry("claimType", "damage")
                .containsEntry("claimReference", "CLM-77").containsEntry("currency", "USD")
                .containsEntry("dueDate", "2026-12-11T08:00:00Z");
    }

    @Test
    void should_give_partners_a_short_reference_for_a_process_instance() throws Exception {
        assertThat(mapper.started(JSON.readTree("{\"id\":\"1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809\"}")))
                .isEqualTo(new TargetRecord("1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809", "WF-1A2B3C4D", false));
        assertThat(mapper.existing(JSON.readTree("{\"_embedded\":{\"process-instances\":[]}}"))).isNull();
    }

    @Test
    void should_look_up_the_instance_of_the_thread_by_business_key_and_definition() throws Exception {
        assertThat(mapper.lookupQuery("THR-000031", damageClaim()))
                .isEqualTo("businessKey=activecommunity%3ATHR-000031&processDefinitionKey=claim&offset=0&count=1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_carry_the_partners_references_in_one_variable_and_never_let_them_replace_the_bridges() throws Exception {
        JsonNode thread = JSON.readTree("""
                {"id":"THR-000031","communityId":"COM-BRW-SUPPLIERS","title":"Damaged pallets","body":"Crushed.",
                 "partner":{"id":"PTR-100104","companyName":"BlueLine"},
                 "references":{"claim":"CLM-77","amount":1250.5,"currency":"USD","ownerGroup":"finance","reviewGroup":"x",
                   "partnerId":"PTR-999","threadId":"THR-000001","candidateGroups":"exception-managers","dueDate":"2020-01-01"}}""");

        List<Map<String, Object>> variables = (List<Map<String, Object>>) mapper.startRequest(thread, damageClaim()).get("variables");
        Map<String, Object> byName = variables.stream().collect(Collectors.toMap(v -> (String) v.get("name"), v -> v.get("value")));

        assertThat(variables).extracting(v -> v.get("name")).doesNotHaveDuplicates().doesNotContain("candidateGroups", "claim");
        assertThat(byName).containsEntry("ownerGroup", "claims").containsEntry("reviewGroup", "claims")
                .containsEntry("partnerId", "PTR-100104").containsEntry("threadId", "THR-000031")
                .containsEntry("dueDate", "2026-12-11T08:00:00Z").containsEntry("claimAmount", "1250.5");
        JsonNode references = (JsonNode) byName.get(WorkflowProcessMapper.PARTNER_REFERENCES);
        assertThat(references.path("ownerGroup").asText()).isEqualTo("finance");
        assertThat(references.path("amount").asDouble()).isEqualTo(1250.5);
        assertThat(variables).filteredOn(v -> WorkflowProcessMapper.PARTNER_REFERENCES.equals(v.get("name")))
                .singleElement().satisfies(v -> assertThat(v).containsEntry("type", "json"));
    }
}
