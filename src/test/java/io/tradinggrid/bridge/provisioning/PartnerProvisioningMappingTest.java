package io.tradinggrid.bridge.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.provisioning.PartnerProvisioning.AccessRequest;
import io.tradinggrid.bridge.servicenow.ServiceNowChanges;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** The mapping of ServiceNow access requests to community partners and back, without a CamelContext. */
class PartnerProvisioningMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PartnerProvisioning provisioning = new PartnerProvisioning(null, null);

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode request(String duns, String partnerId, String roles) {
        return json("{'sys_id':'sr1','number':'PAR0001001','u_company_name':'Northgate Wholesale Supply','u_duns':'" + duns + "',"
                + "'u_community_id':'COM-KST-DISTRIBUTION','u_partner_id':'" + partnerId + "'" + (roles == null ? "" : ",'u_roles':'" + roles + "'")
                + ",'u_contact_name':'Dana Whitfield','u_contact_email':'dana@northgate.example'}");
    }

    private AccessRequest describe(String duns, String partnerId, String roles) {
        return provisioning.describe(request(duns, partnerId, roles));
    }

    @Test
    void should_walk_approved_open_requests_from_the_watermark() {
        ServiceNowChanges walk = provisioning.changesSince(null);

        assertThat(walk.table()).isEqualTo("u_partner_access_request");
        assertThat(URLDecoder.decode(walk.query(), StandardCharsets.UTF_8))
                .startsWith("sysparm_query=approval=approved^stateIN1,2,-5^sys_updated_on>=1970-01-01 00:00:00^");
        assertThat(PartnerProvisioning.POLLER_ID).isEqualTo("servicenow:u_partner_access_request:status");
    }

    @Test
    void should_store_the_last_request_read_as_the_watermark() {
        List<String> advanced = new ArrayList<>();
        WatermarkStore watermarks = new WatermarkStore(null) {
            @Override
            public void advance(String pollerId, String watermark, String lastItemId) {
                advanced.add(pollerId + " " + watermark + " " + lastItemId);
            }
        };
        PartnerProvisioning withStore = new PartnerProvisioning(watermarks, null);
        ServiceNowChanges walk = withStore.changesSince(null);
        walk.accept(json("{'result':[{'sys_id':'sr1','sys_updated_on':'2026-11-21 09:00:00'}]}"), null);

        withStore.walked(walk);

        assertThat(advanced).containsExactly("servicenow:u_partner_access_request:status 2026-11-21 09:00:00 sr1");
    }

    @Test
    void should_read_the_roles_of_a_request_trimmed_and_contributor_when_none_are_given() {
        assertThat(describe("", "", " CONTRIBUTOR , DOCUMENT_SUBMITTER,").roles()).containsExactly("CONTRIBUTOR", "DOCUMENT_SUBMITTER");
        assertThat(describe("", "", null).roles()).containsExactly("CONTRIBUTOR");
        assertThat(describe("", "", "A,B").grantedRoles()).isEqualTo("A, B");
    }

    @Test
    void should_name_the_partner_only_when_the_request_does() {
        assertThat(describe("", "", "A").knownPartnerId()).isNull();
        AccessRequest named = describe("", "PTR-100105", "A");
        assertThat(named.knownPartnerId()).isEqualTo("PTR-100105");
        assertThat(named.recordId()).isEqualTo("sr1");
        assertThat(named.communityId()).isEqualTo("COM-KST-DISTRIBUTION");
    }

    @Test
    void should_look_the_partner_up_by_duns_else_by_the_request_number() {
        assertThat(provisioning.lookupQuery(describe("804735132", "", "A"))).isEqualTo("duns=804735132");
        assertThat(provisioning.lookupQuery(describe("", "", "A"))).isEqualTo("externalReference=servicenow%3APAR0001001");
    }

    @Test
    void should_take_the_named_partner_else_the_one_found_else_none() {
        JsonNode partners = json("{'_embedded':{'partners':[{'id':'PTR-1'},{'id':'PTR-2'}]}}");
        JsonNode none = json("{'_embedded':{'partners':[]}}");

        assertThat(provisioning.found(none, describe("", "PTR-9", "A"))).isEqualTo("PTR-9");
        assertThat(provisioning.found(partners, describe("", "", "A"))).isEqualTo("PTR-1");
        assertThat(provisioning.found(none, describe("", "", "A"))).isNull();
    }

    @Test
    void should_create_the_partner_with_its_contact_reference_and_origin() {
        Map<String, Object> partner = provisioning.createPartner(describe("804735132", "", "A"));

        assertThat(partner).containsEntry("companyName", "Northgate Wholesale Supply").containsEntry("duns", "804735132");
        assertThat(partner.get("contacts")).isEqualTo(List.of(Map.of("name", "Dana Whitfield", "email", "dana@northgate.example",
                "role", "primary contact")));
        assertThat(partner.get("externalReferences")).isEqualTo(List.of(Map.of("system", "servicenow", "id", "PAR0001001")));
        assertThat(partner.get("origin")).isEqualTo(Map.of("system", "tradinggrid-bridge", "ref", "servicenow:u_partner_access_request:PAR0001001"));
        assertThat(provisioning.createPartner(describe("", "", "A"))).doesNotContainKey("duns");
    }

    @Test
    void should_read_the_created_partner_and_the_one_a_conflict_names() {
        assertThat(provisioning.created(json("{'id':'PTR-3'}"))).isEqualTo("PTR-3");
        HttpOperationFailedException conflict = new HttpOperationFailedException("http://community/partners", 409, "Conflict", null,
                Map.of(), "{\"message\":\"exists\",\"exception\":\"PTR-4\"}");
        assertThat(provisioning.conflicting(conflict)).isEqualTo("PTR-4");
        assertThat(provisioning.conflicting(new IllegalStateException("no answer"))).isNull();
    }

    @Test
    void should_grant_the_requested_roles_in_the_requested_community() {
        Map<String, Object> access = provisioning.access(describe("", "", "CONTRIBUTOR,CLAIMS_SUBMITTER"));

        assertThat(access).containsEntry("communityId", "COM-KST-DISTRIBUTION").containsEntry("roles", List.of("CONTRIBUTOR", "CLAIMS_SUBMITTER"));
    }

    @Test
    void should_close_the_request_with_the_partner_and_a_work_note() {
        Map<String, Object> patch = provisioning.report(describe("", "", "CONTRIBUTOR,CLAIMS_SUBMITTER"), "PTR-5");

        assertThat(patch).containsEntry("u_partner_id", "PTR-5").containsEntry("state", "3");
        assertThat((String) patch.get("work_notes")).isEqualTo("Provisioned by Trading Grid Bridge: partner PTR-5 (Northgate Wholesale Supply) "
                + "has roles CONTRIBUTOR, CLAIMS_SUBMITTER in community COM-KST-DISTRIBUTION.");
    }
}
