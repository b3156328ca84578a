package io.tradinggrid.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The runtime wiring a user gets from `run`: config folder, routes folder, overrides, health endpoint. */
class BridgeRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void should_load_every_route_from_the_routes_folder_and_report_up_on_the_management_port() throws Exception {
        int management = freePort();
        Main main = BridgeRuntime.create(Path.of("config"), Path.of("routes"), Map.of(
                "tgb.store.url", "jdbc:h2:file:" + dir.resolve("bridge"),
                "camel.server.port", String.valueOf(freePort()),
                "camel.management.port", String.valueOf(management)));
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            assertThat(context.getRoutes()).extracting(Route::getRouteId).contains("store-housekeeping");
            assertThat(context.getRoutes()).allSatisfy(r -> assertThat(r.getSourceLocation()).contains("routes/"));

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
        } finally {
            main.stop();
        }
    }

    @Test
    void should_let_a_command_line_override_win_over_the_configuration_file() throws Exception {
        Main main = BridgeRuntime.create(Path.of("config"), Path.of("routes"), Map.of(
                "tgb.store.url", "jdbc:h2:file:" + dir.resolve("bridge"),
                "camel.server.port", "0",
                "camel.management.enabled", "false",
                "tgb.servicenow.base-url", "http://127.0.0.1:1/override"));
        main.start();
        try {
            assertThat(main.getCamelContext().resolvePropertyPlaceholders("{{tgb.servicenow.base-url}}"))
                    .isEqualTo("http://127.0.0.1:1/override");
        } finally {
            main.stop();
        }
    }

    @Test
    void should_refuse_to_start_without_a_configuration_file_and_say_where_it_looked() {
        assertThatThrownBy(() -> BridgeRuntime.create(dir, Path.of("routes"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("application.properties").toString())
                .hasMessageContaining("--config-dir");
    }

    @Test
    void should_list_the_commands_in_the_usage_text() {
        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("run").contains("Connects OpenText Active Community");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
