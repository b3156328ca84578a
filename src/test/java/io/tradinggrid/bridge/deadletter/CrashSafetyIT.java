package io.tradinggrid.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import io.tradinggrid.bridge.testing.BridgeProcess;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a backlog, several times, then a run to the end: every thread ends with exactly one
 * record and one link. The packaged bridge runs as its own process; the emulators run here.
 */
class CrashSafetyIT {

    private static final int THREADS = 300;

    @TempDir
    Path work;

    @Test
    void should_end_with_every_thread_exactly_once_after_repeated_kill_minus_nine() throws Exception {
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false)) {
            ServiceNowEmulator serviceNow = sandbox.serviceNow();
            WorkflowEmulator workflow = sandbox.workflow();
            CommunityEmulator community = sandbox.community();
            serviceNow.seedSandbox();
            community.createCommunity("COM-CRASH", "Crash test suppliers", "");
            ObjectNode partner = Json.object();
            partner.put("id", "PTR-1").put("companyName", "Crash Test Supplies").put("status", "ACTIVE");
            partner.putArray("users").addObject().put("userId", "crash.user").put("displayName", "Crash User");
            partner.putArray("access").addObject().put("communityId", "COM-CRASH").putArray("roles").add("CONTRIBUTOR");
            community.definePartner(partner);
            byte[] pdf = "%PDF-1.4\nproof".getBytes();
            for (int i = 0; i < THREADS; i++) {
                ObjectNode thread = Json.object();
                boolean invoice = i % 2 == 0;
                thread.put("title", invoice ? "Invoice INV-" + i + " rejected: VAT missing" : "PO 45" + i + " received short")
                        .put("body", invoice ? "The VAT amount is missing on the 810." : "We received only 38 of 40 cartons.")
                        .put("category", invoice ? "TRANSACTION_FAILURE" : "CLAIM");
                community.openThreadAsPartner("COM-CRASH", "PTR-1", null, thread, List.of(NewFile.of("doc-" + i + ".pdf", "application/pdf", pdf)));
            }
            BridgeProcess bridge = new BridgeProcess(work.resolve("store"), sandbox.bridgeProperties(), "COM-CRASH")
                    .property("tgb.community.page-size", "50");
            Path log = work.resolve("bridge.log");
            Random random = new Random(42);

            int killed = 0;
            for (int round = 0; round < 4; round++) {
                bridge.start(log);
                int before = bridge.count("SELECT COUNT(*) FROM thread_link");
                long deadline = System.currentTimeMillis() + 30_000;
                // kill at a random moment once this round has made some progress (or after 30 s)
                int target = before + 10 + random.nextInt(40);
                while (bridge.count("SELECT COUNT(*) FROM thread_link") < target && System.currentTimeMillis() < deadline
                        && bridge.process().isAlive()) {
                    Thread.sleep(20 + random.nextInt(80));
                }
                bridge.kill();
                killed++;
                System.out.printf("round %d: kill -9 with %d of %d threads linked%n", round + 1,
                        bridge.count("SELECT COUNT(*) FROM thread_link"), THREADS);
            }
            bridge.start(log);
            long deadline = System.currentTimeMillis() + 180_000;
            while (bridge.count("SELECT COUNT(*) FROM thread_link") < THREADS && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            bridge.process().destroy();
            bridge.process().waitFor();

            assertThat(killed).isEqualTo(4);
            assertThat(bridge.count("SELECT COUNT(*) FROM thread_link")).isEqualTo(THREADS);
            assertThat(bridge.count("SELECT COUNT(*) FROM dead_letter")).isZero();
            // exactly one record per thread in the target systems
            List<Map<String, String>> incidents = serviceNow.records("incident");
            Set<String> correlations = new HashSet<>();
            for (Map<String, String> incident : incidents) {
                assertThat(correlations.add(incident.get("correlation_id"))).as("duplicate %s", incident.get("correlation_id")).isTrue();
            }
            assertThat(incidents).hasSize(THREADS / 2);
            JsonNode state = Json.MAPPER.readTree(java.net.URI.create(workflow.adminUrl() + "/state").toURL());
            List<String> keys = collect(state.path("processInstances"));
            assertThat(keys).hasSize(THREADS / 2).doesNotHaveDuplicates();
        }
    }

    private static List<String> collect(JsonNode instances) {
        return java.util.stream.StreamSupport.stream(instances.spliterator(), false)
                .map(i -> i.path("businessKey").asText()).filter(k -> k.startsWith("activecommunity:")).collect(Collectors.toList());
    }
}
