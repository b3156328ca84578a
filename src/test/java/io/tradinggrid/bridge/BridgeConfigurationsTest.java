package io.tradinggrid.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.junit.jupiter.api.Test;

/** config/application.properties is the one source of the bridge's defaults. */
class BridgeConfigurationsTest {

    @Test
    void should_find_every_property_the_bridge_reads_in_application_properties() throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            file.load(reader);
        }
        List<PropertyInject> reads = new ArrayList<>();
        for (CamelConfiguration configuration : BridgeConfigurations.create()) {
            reads.addAll(propertiesReadBy(configuration.getClass()));
        }

        assertThat(reads).as("the configuration classes read their settings with @PropertyInject").isNotEmpty();
        assertThat(reads).allSatisfy(read -> {
            assertThat(file.stringPropertyNames()).as("config/application.properties").contains(read.value());
            assertThat(read.defaultValue()).as("default of %s in Java", read.value()).isEmpty();
        });
    }

    private static List<PropertyInject> propertiesReadBy(Class<?> type) {
        List<PropertyInject> reads = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(PropertyInject.class)) {
                reads.add(field.getAnnotation(PropertyInject.class));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            for (Parameter parameter : method.getParameters()) {
                if (parameter.isAnnotationPresent(PropertyInject.class)) {
                    reads.add(parameter.getAnnotation(PropertyInject.class));
                }
            }
        }
        return reads;
    }
}
