package io.tradinggrid.emulator.community;

import io.tradinggrid.emulator.EmulatorCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A community emulator per test class and a client that talks to it as the bridge would.
 * <p>
 * Static, not a per-class test instance: the tests keep a fresh instance per method, so fields such as the
 * contract test's violations or the webhook test's received deliveries start empty for every test. Surefire runs
 * the classes one at a time, so two classes never share the pair while running.
 */
abstract class CommunityEmulatorTestSupport {

    static CommunityEmulator emulator;
    static CommunityClient client;

    /** An emulator on an ephemeral loopback port with random credentials, not yet started. */
    static CommunityEmulator newEmulator() {
        return new CommunityEmulator("127.0.0.1", 0, null, EmulatorCredentials.random("test"));
    }

    @BeforeAll
    static void startEmulator() {
        emulator = newEmulator().start();
        client = new CommunityClient(emulator);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }
}
