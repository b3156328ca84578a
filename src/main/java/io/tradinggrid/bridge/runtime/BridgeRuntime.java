package io.tradinggrid.bridge.runtime;

import io.tradinggrid.bridge.BridgeConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
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
        main.configure().addConfiguration(BridgeConfiguration.class);
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        main.addInitialProperty("tgb.config-dir", configDir.toAbsolutePath().toString());
        main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
