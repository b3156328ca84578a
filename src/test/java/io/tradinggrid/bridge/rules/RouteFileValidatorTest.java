package io.tradinggrid.bridge.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped routes are canonical YAML DSL with explicit ids; broken files are reported with their reason. */
class RouteFileValidatorTest {

    @TempDir
    Path dir;

    // one for the class: building it reads the YAML DSL's JSON schema (about half a second), and it keeps no state
    private static final RouteFileValidator VALIDATOR = new RouteFileValidator();
    private final RouteFileValidator validator = VALIDATOR;

    @Test
    void should_find_no_problem_in_the_shipped_route_files() throws Exception {
        assertThat(Files.list(Path.of("routes")).filter(f -> f.toString().endsWith(".camel.yaml"))).isNotEmpty();
        assertThat(validator.validateFolder(Path.of("routes"))).isEmpty();
    }

    @Test
    void should_reject_kebab_case_keys_that_camel_4_13_removed() throws Exception {
        Path file = write("- route:\n    id: r1\n    from:\n      uri: timer:x\n      steps:\n        - set-body:\n            constant: x\n");
        assertThat(validator.validate(file)).isNotEmpty();
    }

    @Test
    void should_accept_a_property_placeholder_where_the_schema_wants_a_boolean_but_not_other_text() throws Exception {
        String route = "- route:\n    id: r1\n    autoStartup: %s\n    from:\n      id: r1-in\n      uri: timer:x\n      steps:\n"
                + "        - log:\n            id: r1-log\n            message: hi\n";
        assertThat(validator.validate(write(route.formatted("\"{{tgb.schedules.enabled}}\"")))).isEmpty();
        assertThat(validator.validate(write(route.formatted("\"when it suits\"")))).isNotEmpty();
    }

    @Test
    void should_reject_a_route_without_an_explicit_id() throws Exception {
        Path file = write("- route:\n    from:\n      uri: timer:x\n      steps:\n        - log:\n            message: hi\n");
        assertThat(validator.validate(file)).extracting(RouteFileValidator.Problem::message)
                .anyMatch(m -> m.contains("no explicit id"));
    }

    @Test
    void should_report_broken_yaml_instead_of_throwing() throws Exception {
        Path file = write("- route:\n    id: r1\n   from: [unclosed\n");
        assertThat(validator.validate(file)).extracting(RouteFileValidator.Problem::message)
                .anyMatch(m -> m.startsWith("not valid YAML"));
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("r.camel.yaml");
        Files.writeString(file, text);
        return file;
    }
}
