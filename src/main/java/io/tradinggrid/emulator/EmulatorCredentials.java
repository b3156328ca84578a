package io.tradinggrid.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The credentials an emulator accepts. The sandbox makes fresh random ones on every start and writes them to
 * data/sandbox/endpoints.json, so no secret is ever committed. {@code tenantId} is unused by ServiceNow.
 */
public record EmulatorCredentials(String tenantId, String clientId, String clientSecret, String username, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static EmulatorCredentials random(String prefix) {
        return new EmulatorCredentials(prefix + "-tenant-" + hex(4), prefix + "-client-" + hex(4), hex(16),
                prefix + ".integration", hex(12));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        // never print the secrets
        return "EmulatorCredentials[tenantId=" + tenantId + ", clientId=" + clientId + ", username=" + username + "]";
    }
}
