package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradinggrid.emulator.community.WebhookDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "0123456789abcdef0123";
    private static final byte[] BODY = "{\"id\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);
    private final WebhookSignature signature = new WebhookSignature(SECRET, clock);
    private final long now = clock.instant().getEpochSecond();

    @Test
    void should_accept_what_the_community_signs() {
        String header = "t=" + now + ",v1=" + WebhookDispatcher.sign(SECRET, now, new String(BODY, StandardCharsets.UTF_8));
        assertThat(signature.problem(header, BODY)).isNull();
    }

    @Test
    void should_refuse_a_changed_body() {
        assertThat(signature.problem(signature.sign(now, BODY), "{\"id\":\"evt-2\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("signature does not match the body");
    }

    @Test
    void should_refuse_a_timestamp_outside_the_300_second_window_either_way() {
        assertThat(signature.problem(signature.sign(now - 301, BODY), BODY)).contains("301 s");
        assertThat(signature.problem(signature.sign(now + 301, BODY), BODY)).contains("301 s");
        assertThat(signature.problem(signature.sign(now - 299, BODY), BODY)).isNull();
    }

    @Test
    void should_refuse_malformed_headers_with_a_reason() {
        assertThat(signature.problem(null, BODY)).contains("missing");
        assertThat(signature.problem("v1=abc", BODY)).contains("t=");
        assertThat(signature.problem("t=soon,v1=abc", BODY)).contains("not a number");
    }

    @Test
    void should_not_start_with_a_short_secret() {
        assertThatThrownBy(() -> new WebhookSignature("short")).hasMessageContaining("16");
    }
}
