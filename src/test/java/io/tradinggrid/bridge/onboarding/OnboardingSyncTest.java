package io.tradinggrid.bridge.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** W3: a supplier's onboarding request starts the internal onboarding, and the partner sees its checklist move. */
class OnboardingSyncTest extends ForwardPathTestSupport {

    private String cedarValley() {
        return sandbox().seed().onboardingRequestIds().stream()
                .filter(id -> clients.community("/onboarding-requests/" + id).path("companyName").asText().startsWith("Cedar Valley"))
                .findFirst().orElseThrow();
    }

    private Map<String, String> checklist(String requestId) {
        Map<String, String> items = new LinkedHashMap<>();
        clients.community("/onboarding-requests/" + requestId).path("checklist")
                .forEach(i -> items.put(i.path("item").asText(), i.path("status").asText()));
        return items;
    }

    private void sync() {
        template.sendBody("direct:onboarding-schedule-now", null);
    }

    @Override
    protected void doPostSetup() throws Exception {
        super.doPostSetup();
        if (context.getRoute("test-onboarding-sync") != null) {
            // the bridge is shared by the tests of this class and has the route from the first one
            return;
        }
        // a test-only trigger of what the schedule runs
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:onboarding-schedule-now").routeId("test-onboarding-sync")
                        .setBody(simple("{{tgb.community.community-ids}}"))
                        .split(body().tokenize(",")).to("direct:onboarding-requests").end()
                        .to("direct:onboarding-progress");
            }
        });
    }

    @Test
    void should_start_onboarding_once_and_publish_the_checklist_until_the_relationship_is_approved() {
        String requestId = cedarValley();
        sync();
        sync();

        JsonNode process = clients.processByBusinessKey("activecommunity:onboarding:" + requestId);
        assertThat(process.path("processDefinitionKey").asText()).isEqualTo("partnerOnboarding");
        JsonNode request = clients.community("/onboarding-requests/" + requestId);
        assertThat(request.path("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(checklist(requestId)).containsEntry("compliance check", "IN_PROGRESS").containsEntry("account setup", "IN_PROGRESS")
                .containsEntry("master data validation", "IN_PROGRESS").containsEntry("trading relationship approval", "PENDING");

        String id = process.path("id").asText();
        clients.completeTask(clients.openTask(id, "complianceCheck"), "passed", null);
        clients.completeTask(clients.openTask(id, "accountSetup"), null, null);
        sync();
        assertThat(checklist(requestId)).containsEntry("compliance check", "DONE").containsEntry("account setup", "DONE")
                .containsEntry("master data validation", "IN_PROGRESS");

        clients.completeTask(clients.openTask(id, "masterDataValidation"), "valid", null);
        clients.completeTask(clients.openTask(id, "approveTradingRelationship"), "approved", null);
        sync();

        request = clients.community("/onboarding-requests/" + requestId);
        assertThat(request.path("status").asText()).isEqualTo("APPROVED");
        assertThat(request.path("statusNote").asText()).startsWith("Onboarding complete");
        assertThat(checklist(requestId).values()).containsOnly("DONE");
    }
}
