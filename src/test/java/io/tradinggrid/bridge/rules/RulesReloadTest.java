package io.tradinggrid.bridge.rules;

import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.bridge.cli.BridgeCli;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Users edit the rules of a running bridge: valid edits apply at once, invalid ones are refused, revert undoes.
 * <p>
 * One bridge for the class: after each test the shipped rule and route files are put back in its folders and the
 * bridge applies them, as it would any edit, so the next test starts from the rules and routes a fresh start runs.
 * The history of applied versions in the store carries on, as it does in a bridge that runs for months.
 */
class RulesReloadTest extends ForwardPathTestSupport {

    private Path config;
    private Path routes;

    @AfterEach
    void putTheShippedFilesBack() throws IOException {
        copyAll(Path.of("config"), config);
        try (var files = Files.list(routes)) {
            for (Path f : files.toList()) {
                if (!Files.exists(Path.of("routes").resolve(f.getFileName()))) {
                    Files.delete(f);
                }
            }
        }
        copyAll(Path.of("routes"), routes);
        reloader().check();
        assertThat(reloader().check()).as("the shipped files run again").isEqualTo("unchanged");
        assertThat(context.getRoute("echo")).isNull();
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path config() {
        if (config == null) {
            try {
                config = Files.createDirectories(storeDir().resolve("config"));
                routes = Files.createDirectories(storeDir().resolve("routes"));
                copyAll(Path.of("config"), config);
                copyAll(Path.of("routes"), routes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return config;
    }

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        p.setProperty("tgb.config-dir", config().toString());
        p.setProperty("tgb.routes-dir", routes.toString());
        return p;
    }

    private RulesReloader reloader() {
        return context.getRegistry().lookupByNameAndType("rulesReloader", RulesReloader.class);
    }

    private void claimsTo(String team) throws IOException {
        Path table = config.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replaceFirst("(  claim:\\n    target: workflow:claim\\n    team: )[a-z-]+", "$1" + team));
    }

    /** A new damage claim opened by a partner, polled, and the owner group of the process it got. */
    private String ownerOfNextClaim(int n) {
        ObjectNode thread = Json.object();
        thread.put("title", "Pallet " + n + " arrived crushed").put("body", "Two cases damaged, photos to follow.").put("category", "CLAIM");
        String id = sandbox().community().openThreadAsPartner("COM-KST-DISTRIBUTION", "PTR-100107", null, thread, List.of()).path("id").asText();
        pollAll();
        JsonNode process = clients.processByBusinessKey("activecommunity:" + id);
        for (JsonNode v : process.path("variables")) {
            if (v.path("name").asText().equals("ownerGroup")) {
                return v.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void should_send_the_next_claim_to_the_edited_team_without_a_restart() throws Exception {
        assertThat(ownerOfNextClaim(1)).isEqualTo("claims");

        claimsTo("finance");
        assertThat(reloader().check()).startsWith("applied ");

        assertThat(ownerOfNextClaim(2)).isEqualTo("finance");
        assertThat(context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class).recent(null, 50))
                .anySatisfy(e -> assertThat(e.action()).isEqualTo("config.applied"));
    }

    @Test
    void should_learn_again_when_only_the_labelled_examples_change() throws Exception {
        Path examples = config.resolve("classification-corpus.jsonl");
        assertThat(reloader().check()).isEqualTo("unchanged");

        // one more labelled thread, the rules file untouched
        Files.writeString(examples, Files.readString(examples) + "{\"id\": \"X-001\", \"set\": \"tune\", \"language\": \"en\", "
                + "\"thread\": {\"title\": \"Mill test report missing\", \"body\": \"Coil arrived without its MTR.\", \"category\": \"GENERAL\", "
                + "\"priority\": \"NORMAL\"}, \"expected\": {\"type\": \"document-request\", \"target\": \"servicenow:sc_task\", "
                + "\"team\": \"Document Control\"}}\n");

        assertThat(reloader().check()).startsWith("applied ");
        assertThat(reloader().check()).isEqualTo("unchanged");
    }

    @Test
    void should_refuse_an_invalid_edit_with_its_file_and_line_and_keep_routing_under_the_old_rules() throws Exception {
        Path table = config.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replace("    team: claims\n", "    tem: claims\n"));

        String outcome = reloader().check();

        assertThat(outcome).startsWith("rejected: ERROR ").containsPattern("routing-table.yaml:\\d+: .*tem");
        assertThat(ownerOfNextClaim(3)).isEqualTo("claims");
        assertThat(reloader().check()).as("the same broken content is reported once").isEqualTo("unchanged");
    }

    @Test
    void should_restore_the_previous_rules_with_one_revert_command() throws Exception {
        claimsTo("finance");
        reloader().check();
        assertThat(ownerOfNextClaim(4)).isEqualTo("finance");

        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("rules", "revert", "--config-dir", config.toString(), "--operator", "ops.anna",
                "-D", "tgb.store.url=jdbc:h2:file:" + storeDir().resolve("bridge"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).startsWith("Restored rules ");
        assertThat(reloader().check()).startsWith("applied ");

        assertThat(ownerOfNextClaim(5)).isEqualTo("claims");
    }

    private HttpResponse<String> admin(String method, String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + "/admin" + pathAndQuery))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Operator", "ops.anna")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_restore_and_apply_the_previous_rules_through_the_admin_api_as_the_command_does_beside_a_running_bridge() throws Exception {
        claimsTo("finance");
        reloader().check();
        assertThat(ownerOfNextClaim(8)).isEqualTo("finance");

        HttpResponse<String> reverted = admin("POST", "/rules/revert");

        assertThat(reverted.statusCode()).as(reverted.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(reverted.body()).path("outcome").asText()).startsWith("applied ");
        assertThat(ownerOfNextClaim(9)).as("applied at once, no wait for the next check").isEqualTo("claims");
        assertThat(context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class).recent(null, 50))
                .anySatisfy(e -> assertThat(e.actor()).isEqualTo("admin-api:ops.anna"));
    }

    @Test
    void should_give_the_threads_taken_in_last_as_they_are_now_for_rules_test_beside_a_running_bridge() throws Exception {
        pollAll();

        HttpResponse<String> recent = admin("GET", "/threads/recent?limit=3");

        assertThat(recent.statusCode()).as(recent.body()).isEqualTo(200);
        JsonNode threads = Json.MAPPER.readTree(recent.body());
        assertThat(threads).hasSize(3);
        for (JsonNode thread : threads) {
            assertThat(links().find(thread.path("id").asText())).as("a thread the bridge took in").isPresent();
            assertThat(thread.path("title").asText()).isNotBlank();
        }
        assertThat(admin("GET", "/threads/recent?limit=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void should_leave_the_running_routes_intact_when_a_route_file_edit_breaks_the_yaml() throws Exception {
        int before = context.getRoutes().size();
        Files.writeString(routes.resolve("thread-intake.camel.yaml"), "- route:\n    id: thread-intake\n   from: [broken\n");

        assertThat(reloader().check()).contains("not valid").contains("thread-intake.camel.yaml");

        assertThat(context.getRoutes()).hasSize(before);
        assertThat(context.getRouteController().getRouteStatus("thread-intake")).isEqualTo(ServiceStatus.Started);
        assertThat(ownerOfNextClaim(6)).isEqualTo("claims");
    }

    private static String echoRoute(String answer, String extraStep) {
        return "- route:\n    id: echo\n    from:\n      id: echo-in\n      uri: direct:echo\n      steps:\n" + extraStep
                + "        - setBody:\n            id: echo-answer\n            constant:\n              expression: " + answer + "\n";
    }

    @Test
    void should_swap_an_edited_route_file_in_and_out_without_a_restart() throws Exception {
        config();
        int before = context.getRoutes().size();
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v1", ""));
        assertThat(reloader().check()).startsWith("routes applied").contains("echo.camel.yaml [echo]");
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v1");

        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v2", ""));
        reloader().check();
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v2");
        assertThat(context.getRoutes()).hasSize(before + 1);

        Files.delete(routes.resolve("echo.camel.yaml"));
        assertThat(reloader().check()).contains("echo.camel.yaml removed");
        assertThat(context.getRoute("echo")).isNull();
        assertThat(context.getRoutes()).hasSize(before);
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        assertThat(audit.recent(null, 10)).extracting(AuditTrail.Event::action).contains("routes.applied");
        assertThat(ownerOfNextClaim(7)).as("the other routes ran on").isEqualTo("claims");
    }

    @Test
    void should_put_the_previous_routes_back_when_an_edited_route_cannot_start() throws Exception {
        config();
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v1", ""));
        reloader().check();

        // valid YAML, but the bean it calls does not exist, so the route cannot be built
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v2",
                "        - bean:\n            id: echo-missing-bean\n            ref: noSuchBean\n            method: run\n"));
        String outcome = reloader().check();

        assertThat(outcome).startsWith("routes rejected").contains("could not be applied, the previous routes run on");
        assertThat(context.getRouteController().getRouteStatus("echo")).isEqualTo(ServiceStatus.Started);
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v1");
    }

    @Test
    void should_dry_run_an_edit_on_the_threads_the_bridge_took_in_last() throws Exception {
        pollAll();
        Path edited = Files.createDirectories(storeDir().resolve("edited"));
        for (String file : List.of("application.properties", "classification-rules.yaml", "routing-table.yaml", "status-maps.yaml")) {
            Files.copy(config().resolve(file), edited.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path table = edited.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replaceFirst("(  claim:\\n    target: workflow:claim\\n    team: )[a-z-]+", "$1finance"));

        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("rules", "test", "--last", "100", "--with", edited.toString(),
                "--config-dir", config.toString(), "--routes-dir", routes.toString(),
                "-D", "tgb.store.url=jdbc:h2:file:" + storeDir().resolve("bridge"), "-D", "camel.main.name=rules-test-cli"));
        overrides().forEach((k, v) -> {
            if (!k.toString().startsWith("tgb.config-dir") && !k.toString().startsWith("tgb.routes-dir")) {
                args.add("-D");
                args.add(k + "=" + v);
            }
        });
        int code = cli.execute(args.toArray(String[]::new));

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains(links().all().size() + " thread(s), 3 would go elsewhere")
                .contains("=> claim/damage -> workflow:claim (finance)");
        assertThat(links().all()).as("a dry run creates nothing").hasSize(sandbox().seed().threads() - 1);
    }

    @Test
    void should_restore_the_previous_route_files_with_one_revert_command() throws Exception {
        config();
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v1", ""));
        reloader().check();
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v2", ""));
        reloader().check();
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v2");

        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute("rules", "revert", "--routes", "--config-dir", config.toString(), "--routes-dir", routes.toString(),
                "--operator", "ops.anna", "-D", "tgb.store.url=jdbc:h2:file:" + storeDir().resolve("bridge"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).startsWith("Restored routes ");

        assertThat(reloader().check()).startsWith("routes applied");
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v1");
    }

    @Test
    void should_apply_error_handling_at_restart_without_holding_up_other_route_edits() throws Exception {
        config();
        Path errorHandling = routes.resolve("error-handling.camel.yaml");
        Files.writeString(errorHandling, Files.readString(errorHandling) + "# tuned\n");
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v1", ""));

        assertThat(reloader().check()).contains("echo.camel.yaml [echo]").contains("error-handling.camel.yaml applies at the next restart");

        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v2", ""));
        assertThat(reloader().check()).as("the pending restart is mentioned, and holds nothing up")
                .startsWith("routes applied: echo.camel.yaml [echo]");
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v2");
    }

    @Test
    void should_refuse_a_route_id_that_another_file_already_defines() throws Exception {
        config();
        Files.writeString(routes.resolve("echo.camel.yaml"), echoRoute("v1", ""));
        reloader().check();

        Files.writeString(routes.resolve("echo-copy.camel.yaml"), echoRoute("copy", ""));

        assertThat(reloader().check()).startsWith("routes rejected").contains("route id echo is defined in both");
        assertThat(template.requestBody("direct:echo", "", String.class)).isEqualTo("v1");
    }
}
