package io.tradinggrid.bridge.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.deadletter.DeadLetterCommand;
import io.tradinggrid.bridge.rules.RulesCommand;
import io.tradinggrid.bridge.sandbox.SandboxCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code run}, {@code sandbox}, and (with later features) {@code dlq}, {@code rules}. */
@Command(name = "tradinggrid-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = BridgeCli.Version.class,
        description = "Connects OpenText Active Community - Trading Grid with ServiceNow and OpenText Workflow Service.",
        subcommands = {RunCommand.class, SandboxCommand.class, DeadLetterCommand.class, RulesCommand.class, CommandLine.HelpCommand.class})
public class BridgeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new BridgeCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // what the user can fix gets one clear line; anything else its stack trace as well
                    cmd.getErr().println("Error: " + e.getMessage());
                    if (!(e instanceof IllegalArgumentException) && !(e instanceof IllegalStateException)) {
                        e.printStackTrace(cmd.getErr());
                    }
                    cmd.getErr().flush();
                    return 2;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every command that starts the bridge shares. */
    public static class RuntimeOptions {

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

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BridgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"tradinggrid-bridge " + (version == null ? "development build" : version)};
        }
    }
}
