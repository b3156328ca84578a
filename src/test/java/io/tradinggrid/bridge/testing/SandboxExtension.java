package io.tradinggrid.bridge.testing;

import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The three emulators on free loopback ports, shared by the tests of one class and reset between tests. */
public final class SandboxExtension {

    private static Sandbox sandbox;

    private SandboxExtension() {
    }

    public static synchronized Sandbox sandbox() {
        if (sandbox == null) {
            try {
                Path dir = Files.createTempDirectory("tgb-sandbox");
                sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", dir), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        }
        return sandbox;
    }

    /** Empties the emulators and seeds them again, so each test starts from the same community. */
    public static void reseed() {
        sandbox().reseed();
    }

    public static Map<String, String> bridgeProperties() {
        return sandbox().bridgeProperties();
    }
}
