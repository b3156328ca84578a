package io.tradinggrid.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.bridge.testing.TargetRecords;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One process owns the H2 store. While the packaged bridge runs (its own process), the dlq and rules commands of
 * another process cannot open the file; they go through the bridge's admin API, and the bridge does the work.
 */
class CommandsBesideRunningBridgeIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final String ADMIN_TOKEN = "it-admin-token-5d1c";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void should_list_and_replay_dead_letters_through_the_running_bridge_when_it_holds_the_store() throws Exception {
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false)) {
            sandbox.serviceNow().seedSandbox();
            CommunityEmulator community = sandbox.community();
            community.createCommunity("COM-CLI", "Command line suppliers", "");
            ObjectNode partner = Json.object();
            partner.put("id", "PTR-1").put("companyName", "Command Line Supplies").put("status", "ACTIVE");
            partner.putArray("users").addObject().put("userId", "cli.user").put("displayName", "Cli User");
            partner.putArray("access").addObject().put("communityId", "COM-CLI").putArray("roles").add("CONTRIBUTOR");
            community.definePartner(partner);
            // ServiceNow refuses every incident at first (a permanent 400): those threads become dead letters
            sandbox.serviceNow().faults().apply(plan("{\"pathPattern\":\"^/api/now/table/incident\",\"methods\":\"POST\",\"errorRate\":1.0,\"errorStatus\":400}"));
            for (int i = 0; i < 4; i++) {
                ObjectNode thread = Json.object();
                thread.put("title", "Invoice INV-" + i + " rejected: VAT missing").put("body", "The VAT amount is missing on the 810.")
                        .put("category", "TRANSACTION_FAILURE");
                community.openThreadAsPartner("COM-CLI", "PTR-1", null, thread, List.of());
            }

            try (BridgeProcess bridge = new BridgeProcess(work.resolve("store"), sandbox.bridgeProperties(), "COM-CLI")
                    .property("tgb.admin.token", ADMIN_TOKEN)) {
                bridge.start(work.resolve("bridge.log"));
                assertThat(bridge.awaitStarted(STARTUP)).as("the bridge started (see %s)", work.resolve("bridge.log")).isTrue();
                String[] wiring = {"-D", "tgb.store.url=" + bridge.storeUrl(), "-D", "tgb.admin.token=" + ADMIN_TOKEN,
                    "-D", "tgb.cli.admin-url=" + bridge.adminUrl()};

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(run("dlq", "list", wiring).out()).contains("4 dead letter(s)"));
                Result listed = run("dlq", "list", wiring);
                assertThat(listed.err()).contains("in use by the running bridge").contains(bridge.adminUrl());
                assertThat(listed.out()).contains("thread-intake").contains("400");
                long first = Long.parseLong(listed.out().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[0]);

                assertThat(run("dlq", "show", wiring, String.valueOf(first)).out()).contains("\"status\" : \"new\"");

                sandbox.serviceNow().faults().apply(null);
                Result replayed = run("dlq", "replay", wiring, String.valueOf(first), "--operator", "ops.it");
                assertThat(replayed.code()).as(replayed.toString()).isZero();
                // the bridge polls every second: once ServiceNow takes incidents again, a poll may link the thread before
                // the operator's replay comes, and the entry is then superseded, not replayed again
                assertThat(replayed.out()).containsAnyOf("[1/1] #" + first + " REPLAYED", "[1/1] #" + first + " SKIPPED: not replayed: superseded");

                Result bulk = run("dlq", "replay", wiring, "--route", "thread-intake", "--operator", "ops.it");
                assertThat(bulk.code()).as(bulk.toString()).isZero();
                assertThat(bulk.out()).doesNotContain("FAILED_AGAIN");
                assertThat(TargetRecords.threadsWithRecord(sandbox.serviceNow(), sandbox.workflow())).as("every thread").isEqualTo(4);
                assertThat(TargetRecords.incidents(sandbox.serviceNow())).as("each once").hasSize(4).doesNotHaveDuplicates();
                assertThat(run("dlq", "list", wiring).out()).contains("0 dead letter(s)");

                Result tested = run("rules", "test", wiring, "--last", "10");
                assertThat(tested.code()).as(tested.toString()).isZero();
                assertThat(tested.out()).contains("4 thread(s)").contains("servicenow:incident");
            }
            // the bridge is down: the commands open the store themselves again, and its file is its owner's only
            Result offline = run("dlq", "list", new String[] {"-D", "tgb.store.url=" + new BridgeProcess(work.resolve("store"), Map.of(), "").storeUrl(),
                "--status", "any"});
            assertThat(offline.err()).doesNotContain("in use");
            // replayed, or superseded when a poll took the thread in before its replay came
            assertThat(offline.out()).contains("4 dead letter(s)").doesNotContain(" new ").doesNotContain(" waiting ");
            assertThat(offline.out().lines().filter(l -> l.contains(" replayed ") || l.contains(" superseded "))).hasSize(4);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("store").resolve("bridge.mv.db"))))
                    .isEqualTo("rw-------");
        }
    }

    private static io.tradinggrid.emulator.FaultPlan plan(String json) throws Exception {
        return Json.MAPPER.readValue(json, io.tradinggrid.emulator.FaultPlan.class);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String group, String command, String[] wiring, String... more) {
        List<String> args = new ArrayList<>(List.of(group, command));
        args.addAll(List.of(wiring));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
