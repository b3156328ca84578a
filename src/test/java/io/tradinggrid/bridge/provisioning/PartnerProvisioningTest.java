package io.tradinggrid.bridge.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import org.junit.jupiter.api.Test;

/** S6: a partner onboarding or access request approved in ServiceNow is provisioned in the community, once. */
class PartnerProvisioningTest extends ForwardPathTestSupport {

    private JsonNode request(String type, String company, String duns, String partnerId, String roles) {
        return clients.serviceNowInsert("u_partner_access_request", "{\"short_description\":\"" + type + " for " + company + "\","
                + "\"u_request_type\":\"" + type + "\",\"u_company_name\":\"" + company + "\",\"u_duns\":\"" + duns + "\","
                + "\"u_community_id\":\"COM-KST-DISTRIBUTION\",\"u_roles\":\"" + roles + "\",\"u_partner_id\":\"" + partnerId + "\","
                + "\"u_contact_name\":\"Dana Whitfield\",\"u_contact_email\":\"dana@northgate.example\"}");
    }

    private JsonNode access(JsonNode partner, String community) {
        for (JsonNode access : partner.path("access")) {
            if (community.equals(access.path("communityId").asText())) {
                return access;
            }
        }
        return null;
    }

    @Test
    void should_provision_a_newly_approved_distributor_and_close_the_request() {
        JsonNode request = request("onboarding", "Northgate Wholesale Supply", "804735132", "", "CONTRIBUTOR,DOCUMENT_SUBMITTER");

        template.sendBody("direct:partner-provisioning", null);
        assertThat(clients.partnersByDuns("804735132")).as("not approved yet: nothing provisioned").isEmpty();

        clients.serviceNowPatch("u_partner_access_request", request.path("sys_id").asText(), "{\"approval\":\"approved\"}");
        template.sendBody("direct:partner-provisioning", null);
        template.sendBody("direct:partner-provisioning", null);

        JsonNode partners = clients.partnersByDuns("804735132");
        assertThat(partners).hasSize(1);
        JsonNode partner = clients.community("/partners/" + partners.get(0).path("id").asText());
        assertThat(partner.path("companyName").asText()).isEqualTo("Northgate Wholesale Supply");
        assertThat(access(partner, "COM-KST-DISTRIBUTION").path("roles").toString()).contains("CONTRIBUTOR").contains("DOCUMENT_SUBMITTER");
        JsonNode closed = clients.serviceNowRecords("u_partner_access_request", "sys_id=" + request.path("sys_id").asText()).get(0);
        assertThat(closed.path("state").asText()).isEqualTo("3");
        assertThat(closed.path("u_partner_id").asText()).isEqualTo(partner.path("id").asText());
        assertThat(clients.serviceNowRecords("sys_journal_field", "element_id=" + request.path("sys_id").asText() + "^element=work_notes"))
                .singleElement().satisfies(note -> assertThat(note.path("value").asText()).contains("Provisioned by Trading Grid Bridge"));
    }

    @Test
    void should_change_the_roles_of_an_existing_partner_on_an_approved_role_change() {
        JsonNode request = request("role_change", "Pacific Crest Distributors", "", "PTR-100105", "CONTRIBUTOR,CLAIMS_SUBMITTER");
        clients.serviceNowPatch("u_partner_access_request", request.path("sys_id").asText(), "{\"approval\":\"approved\"}");

        template.sendBody("direct:partner-provisioning", null);

        JsonNode partner = clients.community("/partners/PTR-100105");
        assertThat(access(partner, "COM-KST-DISTRIBUTION").path("roles").toString()).contains("CLAIMS_SUBMITTER");
    }
}
