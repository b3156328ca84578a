package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks route files before Camel loads them: valid YAML, valid against the YAML DSL schema that ships inside
 * camel-yaml-dsl (canonical form: kebab-case and unknown keys are errors), and an explicit id on every route and
 * route configuration so that logs, metrics and the dead-letter store can name them.
 */
public final class RouteFileValidator {

    /** One problem in one file. */
    public record Problem(Path file, String message) {
        @Override
        public String toString() {
            return file + ": " + message;
        }
    }

    private static final String SCHEMA = "/schema/camelYamlDsl.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");

    private final YAMLMapper yaml = new YAMLMapper();
    private final JsonSchema schema = Schema.DSL;

    /** The DSL schema is large and immutable: it is read once per JVM, not at every rules check. */
    private static final class Schema {
        static final JsonSchema DSL = load();

        private static JsonSchema load() {
            try (InputStream in = RouteFileValidator.class.getResourceAsStream(SCHEMA)) {
                if (in == null) {
                    throw new IllegalStateException("camel-yaml-dsl is not on the classpath: " + SCHEMA + " is missing");
                }
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + SCHEMA, e);
            }
        }
    }

    /** Validates every *.camel.yaml file in a folder. */
    public List<Problem> validateFolder(Path routesDir) throws IOException {
        List<Problem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(routesDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                problems.addAll(validate(file));
            }
        }
        return problems;
    }

    public List<Problem> validate(Path file) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(new Problem(file, "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return problems;
        }
        if (root == null || !root.isArray()) {
            problems.add(new Problem(file, "a route file is a YAML list (each item starts with '- route:' or '- routeConfiguration:')"));
            return problems;
        }
        for (ValidationMessage message : schema.validate(root)) {
            if (!placeholderForLiteral(message)) {
                problems.add(new Problem(file, message.getInstanceLocation() + " " + message.getMessage()));
            }
        }
        ArrayNode items = (ArrayNode) root;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            for (String kind : List.of("route", "routeConfiguration", "routeTemplate")) {
                JsonNode definition = item.get(kind);
                if (definition != null && (definition.get("id") == null || definition.get("id").asText().isBlank())) {
                    problems.add(new Problem(file, "item " + (i + 1) + " (" + kind + ") has no explicit id"));
                }
            }
        }
        return problems;
    }

    /**
     * Camel resolves a property placeholder before it applies an option, so {@code autoStartup: "{{tgb.schedules.enabled}}"}
     * is a boolean to Camel, while the schema only knows literal booleans and numbers.
     */
    private static boolean placeholderForLiteral(ValidationMessage message) {
        JsonNode value = message.getInstanceNode();
        return "type".equals(message.getType()) && value != null && value.isTextual() && PLACEHOLDER.matcher(value.asText()).matches();
    }
}
