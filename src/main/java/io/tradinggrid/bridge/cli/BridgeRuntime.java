package io.tradinggrid.bridge.cli;

import io.tradinggrid.bridge.BridgeConfigurations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * Builds the camel-main runtime from a configuration folder and a routes folder.
 * <p>
 * Property precedence, highest first: the overrides given here (sandbox wiring, {@code -D} on the command line),
 * JVM system properties, environment variables ({@code tgb.store.password} = {@code TGB_STORE_PASSWORD}),
 * then {@code config/application.properties}.
 */
public final class BridgeRuntime {

    private BridgeRuntime() {
    }

    /**
     * The bridge without anything that starts work by itself: no schedules, no webhook subscription, the business port
     * on a free port and no management server, so it can run beside the running bridge (dead-letter replay).
     */
    public static Main createHeadless(Path configDir, Path routesDir, Map<String, String> overrides) {
        Map<String, String> headless = new LinkedHashMap<>();
        headless.put("tgb.schedules.enabled", "false");
        headless.put("tgb.community.webhook-public-url", "");
        // the running bridge resumes waiting work; a one-shot command beside it must not do it too
        headless.put("tgb.circuit.resume-enabled", "false");
        headless.put("camel.server.port", "0");
        headless.put("camel.management.enabled", "false");
        headless.put("camel.main.startup-summary-level", "off");
        headless.putAll(overrides);
        return create(configDir, routesDir, headless);
    }

    public static Main create(Path configDir, Path routesDir, Map<String, String> overrides) {
        Path properties = configDir.resolve("application.properties");
        if (!Files.isRegularFile(properties)) {
            throw new IllegalArgumentException("No configuration file at " + properties.toAbsolutePath()
                    + " (use --config-dir to point at the folder that holds application.properties)");
        }
        if (!Files.isDirectory(routesDir)) {
            throw new IllegalArgumentException("No routes folder at " + routesDir.toAbsolutePath()
                    + " (use --routes-dir to point at the folder that holds the *.camel.yaml routes)");
        }
        Main main = new Main();
        BridgeConfigurations.addTo(main.configure());
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        // overrides, not initial properties: those rank below the file, which names the folders too
        main.addOverrideProperty("tgb.config-dir", configDir.toAbsolutePath().toString());
        main.addOverrideProperty("tgb.routes-dir", routesDir.toAbsolutePath().toString());
        main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        // the admin API and the console live on the management server; where that is off (headless runs, or unset as
        // camel-main has it) their routes are left out
        if (!Boolean.parseBoolean(new ConfigValues(configDir, overrides).get("camel.management.enabled", "false"))) {
            String routes = "file:" + routesDir.toAbsolutePath();
            main.configure().withRoutesExcludePattern(routes + "/admin-api.camel.yaml," + routes + "/operations-console.camel.yaml");
        }
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
