package io.tradinggrid.bridge.testing;

import io.tradinggrid.bridge.BridgeConfigurations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Runs the real bridge (config/application.properties, routes/*.camel.yaml, BridgeConfigurations) in a test, with a
 * fresh H2 store per test class and the schedules off unless a test turns them on.
 */
public abstract class BridgeMainTestSupport extends CamelMainTestSupport {

    // created on first use: CamelTestSupport calls configureContext from its constructor, before field initialisers run
    private Path storeDir;

    protected Path storeDir() {
        if (storeDir == null) {
            try {
                storeDir = Files.createTempDirectory("tgb-test-store");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return storeDir;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        BridgeConfigurations.addTo(configuration);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties overrides = new Properties();
        overrides.setProperty("tgb.store.url", "jdbc:h2:file:" + storeDir().resolve("bridge"));
        // the webhook receiver listens on the business port
        overrides.setProperty("camel.server.port", String.valueOf(webhookPort()));
        // the management server carries the admin API; each test context gets its own free port
        overrides.setProperty("camel.management.port", String.valueOf(managementPort()));
        overrides.setProperty("tgb.admin.token", ADMIN_TOKEN);
        // polls run when a test asks for them, not by the clock; a test that needs a schedule turns them on
        overrides.setProperty("tgb.schedules.enabled", "false");
        overrides.putAll(overrides());
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    private int webhookPort;
    private int managementPort;

    /** The admin API's bearer token in tests. */
    protected static final String ADMIN_TOKEN = "test-admin-token-7f3a";

    /** A free port for the management server (health, metrics, admin API), picked once per test instance. */
    protected int managementPort() {
        if (managementPort == 0) {
            managementPort = freePort();
        }
        return managementPort;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port for the bridge's webhook receiver, picked once per test instance. */
    protected int webhookPort() {
        if (webhookPort == 0) {
            webhookPort = freePort();
        }
        return webhookPort;
    }

    /** Extra properties for this test class. */
    protected Properties overrides() {
        return new Properties();
    }
}
