package io.tradinggrid.bridge.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a property with the same precedence Camel applies once it runs (command-line override, JVM system property,
 * environment variable, configuration file), for the few settings needed before Camel starts (sandbox ports).
 */
public final class ConfigValues {

    private final Map<String, String> overrides;
    private final Properties file = new Properties();

    public ConfigValues(Path configDir, Map<String, String> overrides) {
        this.overrides = overrides;
        Path properties = configDir.resolve("application.properties");
        if (Files.isRegularFile(properties)) {
            try (Reader reader = Files.newBufferedReader(properties)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + properties, e);
            }
        }
    }

    public String get(String key, String defaultValue) {
        String value = overrides.get(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = System.getenv(environmentName(key));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int getInt(String key, int defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    /** tgb.sandbox.community-port -> TGB_SANDBOX_COMMUNITY_PORT, as Camel maps properties to the environment. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
