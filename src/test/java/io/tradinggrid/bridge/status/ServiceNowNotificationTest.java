package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** S2 pushed: ServiceNow's business rule tells the bridge a record changed; the partner sees it without waiting for a poll. */
class ServiceNowNotificationTest extends ForwardPathTestSupport {

    private String notificationUrl() {
        return "http://127.0.0.1:" + webhookPort() + "/webhooks/servicenow";
    }

    private String token() {
        return sandbox().bridgeProperties().get("tgb.servicenow.notification-token");
    }

    @AfterEach
    void removeHook() {
        sandbox().serviceNow().clearWebhooks();
    }

    @Test
    void should_show_the_partner_a_change_as_soon_as_servicenow_notifies_it() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        sandbox().serviceNow().clearWebhooks();
        sandbox().serviceNow().addWebhook(notificationUrl(), List.of("incident"), Map.of("Authorization", "Bearer " + token()));
        JsonNode incident = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);

        clients.serviceNowPatch("incident", incident.path("sys_id").asText(), "{\"state\":\"6\",\"close_code\":\"Solution provided\","
                + "\"close_notes\":\"Tax data added to the 810 template.\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(clients.thread(threadId).path("statusNote").asText()).isEqualTo("Resolved: Tax data added to the 810 template."));
    }

    @Test
    void should_refuse_a_notification_without_the_token_and_change_nothing() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        JsonNode incident = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);
        String note = clients.thread(threadId).path("statusNote").asText();
        String body = "{\"table\":\"incident\",\"sys_id\":\"" + incident.path("sys_id").asText() + "\"}";

        HttpResponse<String> none = clients.post(notificationUrl(), body, "Content-Type", "application/json");
        HttpResponse<String> wrong = clients.post(notificationUrl(), body, "Content-Type", "application/json", "Authorization", "Bearer guess");
        HttpResponse<String> garbage = clients.post(notificationUrl(), "{\"table\":\"sys_user\",\"sys_id\":\"x\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + token());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(clients.thread(threadId).path("statusNote").asText()).isEqualTo(note);
    }
}
