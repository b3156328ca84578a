package io.tradinggrid.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.bridge.testing.TargetRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a backlog, several times, then a run to the end: every thread ends with exactly one
 * record and one link. The packaged bridge runs as its own process; the emulators run here.
 */
class CrashSafetyIT {

    private static final int THREADS = 300;
    /** Start-up takes seconds on an idle machine and has taken more than 30 s on a loaded one. */
    private static final Duration STARTUP = Duration.ofMinutes(3);

    /** Kept when the test fails: the bridge's log is bridge.log in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
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
            try (BridgeProcess bridge = new BridgeProcess(work.resolve("store"), sandbox.bridgeProperties(), "COM-CRASH")
                    .property("tgb.community.page-size", "50")) {
                Path log = work.resolve("bridge.log");
                Random random = new Random(42);

                List<Integer> withRecordAtKill = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    bridge.start(log);
                    assertThat(bridge.awaitStarted(STARTUP)).as("round %d: the bridge started (see %s)", round + 1, log).isTrue();
                    // progress is read from the emulators: the store is the bridge's own while it runs
                    int before = TargetRecords.threadsWithRecord(serviceNow, workflow);
                    long deadline = System.currentTimeMillis() + 30_000;
                    // kill at a random moment once this round has made some progress (or 30 s after start-up)
                    int target = before + 10 + random.nextInt(40);
                    while (TargetRecords.threadsWithRecord(serviceNow, workflow) < target && System.currentTimeMillis() < deadline
                            && bridge.process().isAlive()) {
                        Thread.sleep(20 + random.nextInt(80));
                    }
                    boolean diedOnItsOwn = !bridge.process().isAlive();
                    bridge.kill();
                    withRecordAtKill.add(TargetRecords.threadsWithRecord(serviceNow, workflow));
                    System.out.printf("round %d: kill -9 with %d of %d threads linked (%d with a record, %d at the round's start)%s%n",
                            round + 1, bridge.count("SELECT COUNT(*) FROM thread_link"), THREADS, withRecordAtKill.get(round), before,
                            diedOnItsOwn ? ", the bridge had stopped on its own" : "");
                }
                // the last run: until every thread has its record, then a few more polls (a thread whose record a killed
                // round created gets its link when it is taken in again) and a graceful stop, which finishes the work in
                // flight; once more if links are still missing then
                long deadline = 0;
                do {
                    bridge.start(log);
                    assertThat(bridge.awaitStarted(STARTUP)).as("last run: the bridge started (see %s)", log).isTrue();
                    deadline = deadline == 0 ? System.currentTimeMillis() + 180_000 : deadline;
                    while (TargetRecords.threadsWithRecord(serviceNow, workflow) < THREADS && System.currentTimeMillis() < deadline
                            && bridge.process().isAlive()) {
                        Thread.sleep(500);
                    }
                    Thread.sleep(3_000);
                    bridge.stop();
                } while (bridge.count("SELECT COUNT(*) FROM thread_link") < THREADS && System.currentTimeMillis() < deadline);

                assertThat(withRecordAtKill).as("threads with a record at each kill -9: some killed in the middle of the backlog")
                        .hasSize(4).anyMatch(n -> n > 0 && n < THREADS);
                assertThat(bridge.count("SELECT COUNT(*) FROM thread_link")).isEqualTo(THREADS);
                assertThat(bridge.count("SELECT COUNT(*) FROM dead_letter")).isZero();
                // exactly one record per thread in the target systems
                List<Map<String, String>> incidents = serviceNow.records("incident");
                Set<String> correlations = new HashSet<>();
                for (Map<String, String> incident : incidents) {
                    assertThat(correlations.add(incident.get("correlation_id"))).as("duplicate %s", incident.get("correlation_id")).isTrue();
                }
                assertThat(incidents).hasSize(THREADS / 2);
                assertThat(TargetRecords.processInstances(workflow)).hasSize(THREADS / 2).doesNotHaveDuplicates();
            }
        }
    }
}
