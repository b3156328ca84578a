package io.tradinggrid.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void should_mask_tokens_passwords_and_client_secrets_wherever_they_appear() {
        String masked = SecretMasker.mask("Authorization: Bearer eyJhbGciOi.abc-123 | Basic dXNlcjpwYXNz | "
                + "grant_type=password&password=hunter2&client_secret=s3cr3t | {\"access_token\":\"tok\",\"clientSecret\":\"x\"}");
        assertThat(masked).doesNotContain("eyJhbGciOi").doesNotContain("dXNlcjpwYXNz").doesNotContain("hunter2")
                .doesNotContain("s3cr3t").doesNotContain("\"tok\"").contains("grant_type=password");
    }
}
