package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ServiceNowNotifications without a CamelContext: which notifications are taken as a hint, and the answer. */
class ServiceNowNotificationsCheckTest {

    private static final String SYS_ID = "0123456789abcdef0123456789abcdef";
    private final ServiceNowNotifications notifications = new ServiceNowNotifications("s3cret");

    @Test
    void should_accept_a_notification_with_the_token_in_the_header_or_the_query() {
        String body = "{\"table\":\"incident\",\"sys_id\":\"" + SYS_ID + "\"}";

        assertThat(notifications.check("s3cret", null, body)).isEqualTo(
                new ServiceNowNotifications.Notification(200, "{\"result\":\"received\"}", "incident", SYS_ID));
        assertThat(notifications.check(null, "s3cret", body).accepted()).isTrue();
    }

    @Test
    void should_refuse_a_missing_or_wrong_token_with_401() {
        assertThat(notifications.check(null, null, "{}").status()).isEqualTo(401);
        assertThat(notifications.check("guess", null, "{}").status()).isEqualTo(401);
        assertThat(new ServiceNowNotifications("").check("", "", "{}").answer()).contains("not configured");
    }

    @Test
    void should_refuse_what_is_not_a_notification_of_a_known_table_with_400() {
        assertThat(notifications.check("s3cret", null, "not json{").status()).isEqualTo(400);
        assertThat(notifications.check("s3cret", null, "{\"table\":\"sys_user\",\"sys_id\":\"" + SYS_ID + "\"}").status()).isEqualTo(400);
        assertThat(notifications.check("s3cret", null, "{\"table\":\"incident\",\"sys_id\":\"../x\"}").accepted()).isFalse();
    }
}
