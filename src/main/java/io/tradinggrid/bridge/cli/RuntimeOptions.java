package io.tradinggrid.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that starts the bridge shares. */
public class RuntimeOptions {

    @Option(names = "--config-dir", defaultValue = "config", paramLabel = "DIR",
            description = "Folder holding application.properties and the rule files (default: ${DEFAULT-VALUE}).")
    public Path configDir;

    @Option(names = "--routes-dir", defaultValue = "routes", paramLabel = "DIR",
            description = "Folder holding the *.camel.yaml routes (default: ${DEFAULT-VALUE}).")
    public Path routesDir;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a property, e.g. -D tgb.store.url=jdbc:postgresql://db/bridge")
    public Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--sandbox", paramLabel = "ENDPOINTS", arity = "0..1", fallbackValue = "data/sandbox/endpoints.json",
            description = "Work against the running sandbox: its emulators and store, from its endpoints file (default: data/sandbox/endpoints.json).")
    public Path sandbox;

    /** The -D overrides, on top of the running sandbox's wiring when --sandbox is given. */
    public Map<String, String> overrides() {
        if (sandbox == null) {
            return properties;
        }
        Map<String, String> all = new LinkedHashMap<>();
        try {
            JsonNode wiring = new ObjectMapper().readTree(Files.readString(sandbox)).path("bridge").path("properties");
            wiring.fields().forEachRemaining(f -> all.put(f.getKey(), f.getValue().asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("No running sandbox: cannot read " + sandbox.toAbsolutePath()
                    + " (start one with: java -jar target/tradinggrid-bridge.jar sandbox)");
        }
        all.putAll(properties);
        return all;
    }
}
