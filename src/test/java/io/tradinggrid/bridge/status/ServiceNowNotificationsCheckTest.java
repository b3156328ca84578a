package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ServiceNowNotifications without a CamelContext: which notifications are taken as a hint, and the answer. */
class ServiceNowNotificationsCheckTest {

    private static final String SYS_ID = "0123456789abcdef0123456789abcdef";
    private static final String BODY = "{\"table\":\"incident\",\"sys_id\":\"" + SYS_ID + "\"}";
    private final ServiceNowNotifications notifications = new ServiceNowNotifications("s3cret");

    @Test
    void should_accept_a_notification_with_the_token_in_the_authorization_or_x_tgb_token_header() {
        assertThat(notifications.check("Bearer s3cret", null, null, BODY)).isEqualTo(
                new ServiceNowNotifications.Notification(200, "{\"result\":\"received\"}", "incident", SYS_ID));
        assertThat(notifications.check("bearer  s3cret ", null, "", BODY).accepted()).isTrue();
        assertThat(notifications.check(null, "s3cret", null, BODY).accepted()).isTrue();
    }

    @Test
    void should_refuse_a_missing_or_wrong_token_with_401() {
        assertThat(notifications.check(null, null, null, "{}").status()).isEqualTo(401);
        assertThat(notifications.check("Bearer guess", null, null, "{}").status()).isEqualTo(401);
        assertThat(notifications.check("s3cret", null, null, BODY).status()).as("not a bearer credential").isEqualTo(401);
        assertThat(notifications.check("Basic czNjcmV0", null, null, BODY).status()).isEqualTo(401);
        assertThat(new ServiceNowNotifications("").check("", "", null, "{}").answer()).contains("not configured");
    }

    @Test
    void should_refuse_a_token_in_the_url_with_400_even_when_right_and_not_echo_it() {
        for (String query : new String[]{"token=s3cret", "a=1&token=s3cret", "X-TGB-Token=s3cret", "Authorization=Bearer%20s3cret",
                "Authoriz%61tion=Bearer%20s3cret", "Authoriz%2561tion=x", "access_token=s3cret", "api_key=s3cret"}) {
            ServiceNowNotifications.Notification refused = notifications.check("Bearer s3cret", null, query, BODY);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.answer()).as(query).doesNotContain("s3cret").contains("never in the URL");
        }
        assertThat(notifications.check("Bearer s3cret", null, "sysparm_view=x", BODY).accepted()).as("other parameters are harmless").isTrue();
    }

    @Test
    void should_refuse_what_is_not_a_notification_of_a_known_table_with_400() {
        assertThat(notifications.check("Bearer s3cret", null, null, "not json{").status()).isEqualTo(400);
        assertThat(notifications.check("Bearer s3cret", null, null, "{\"table\":\"sys_user\",\"sys_id\":\"" + SYS_ID + "\"}").status()).isEqualTo(400);
        assertThat(notifications.check("Bearer s3cret", null, null, "{\"table\":\"incident\",\"sys_id\":\"../x\"}").accepted()).isFalse();
    }
}
