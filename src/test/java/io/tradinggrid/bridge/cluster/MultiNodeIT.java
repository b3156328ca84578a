package io.tradinggrid.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.bridge.testing.EmbeddedPostgresStore;
import io.tradinggrid.bridge.testing.TargetRecords;
import io.tradinggrid.emulator.FaultPlan;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged bridges on one PostgreSQL (embedded, from Maven), both receiving every webhook and both polling, while
 * partners open threads and add posts right after, all three systems fail at random and one node is killed with -9
 * and restarted: every thread ends with exactly one record and one link, every partner post reaches its record once,
 * and nothing is left in the dead-letter store. The size is kept small for the build; the acceptance runs are
 * bench/multi-node.sh, which also runs the single node on its embedded H2 store ({@code -Dmultinode.store=h2}).
 */
class MultiNodeIT {

    private static final int THREADS = Integer.getInteger("multinode.threads", 90);
    private static final int KILLS = Integer.getInteger("multinode.kills", 2);
    private static final double FAULT_RATE = Double.parseDouble(System.getProperty("multinode.fault-rate", "0.1"));
    /** postgres: two cluster nodes on one embedded PostgreSQL; h2: one node on its own H2 file, as shipped. */
    private static final boolean H2 = "h2".equals(System.getProperty("multinode.store", "postgres"));
    private static final String ADMIN_TOKEN = "multi-node-admin-token-0123456789";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final String COMMUNITY = "COM-NODES";
    private static final String PARTNER = "PTR-NODES";

    /** Kept when the test fails: the nodes' logs are node-a.log and node-b.log in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void should_give_every_thread_one_record_and_every_post_one_comment_with_two_nodes_under_faults_and_kill_minus_nine() throws Exception {
        String store = H2 ? null : EmbeddedPostgresStore.newDatabase();
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false)) {
            ServiceNowEmulator serviceNow = sandbox.serviceNow();
            WorkflowEmulator workflow = sandbox.workflow();
            CommunityEmulator community = sandbox.community();
            serviceNow.seedSandbox();
            community.createCommunity(COMMUNITY, "Multi-node suppliers", "");
            ObjectNode partner = Json.object();
            partner.put("id", PARTNER).put("companyName", "Node Test Supplies").put("status", "ACTIVE");
            partner.putArray("users").addObject().put("userId", "node.user").put("displayName", "Node User");
            partner.putArray("access").addObject().put("communityId", COMMUNITY).putArray("roles").add("CONTRIBUTOR");
            community.definePartner(partner);

            try (BridgeProcess a = node(sandbox, "a", store); BridgeProcess b = H2 ? null : node(sandbox, "b", store)) {
                Path logA = work.resolve("node-a.log");
                long started = System.currentTimeMillis();
                a.start(logA);
                if (b != null) {
                    b.start(work.resolve("node-b.log"));
                }
                assertThat(a.awaitStarted(STARTUP)).as("node a started (see %s)", logA).isTrue();
                if (b != null) {
                    assertThat(b.awaitStarted(STARTUP)).as("node b started").isTrue();
                }
                System.out.printf("%s up after %d ms%n", H2 ? "one node on H2" : "both nodes on PostgreSQL", System.currentTimeMillis() - started);
                faults(sandbox, FAULT_RATE);

                Random random = new Random(7);
                Map<String, Integer> repliesByIncidentThread = new HashMap<>();
                int kills = 0;
                long opening = System.currentTimeMillis();
                for (int i = 0; i < THREADS; i++) {
                    boolean invoice = i % 2 == 0;
                    ObjectNode create = Json.object();
                    create.put("title", invoice ? "Invoice INV-" + (5000 + i) + " rejected: VAT missing" : "PO 46" + i + " received short")
                            .put("body", invoice ? "The VAT amount is missing on the 810." : "We received only 38 of 40 cartons.")
                            .put("category", invoice ? "TRANSACTION_FAILURE" : "CLAIM");
                    String threadId = community.openThreadAsPartner(COMMUNITY, PARTNER, null, create, List.of()).path("id").asText();
                    // one or two more versions right after: the partner adds posts while the first version is taken in
                    int replies = 1 + random.nextInt(2);
                    for (int r = 0; r < replies; r++) {
                        community.replyAsPartner(threadId, PARTNER, "CLARIFICATION", "Follow-up " + (r + 1) + " on " + threadId, List.of());
                    }
                    if (invoice) {
                        repliesByIncidentThread.put(threadId, replies);
                    }
                    if (kills < KILLS && i + 1 == (kills + 1) * THREADS / (KILLS + 1)) {
                        a.kill();
                        kills++;
                        System.out.printf("kill -9 of node a (%d) with %d of %d threads opened, %d with a record%n", kills, i + 1, THREADS,
                                TargetRecords.threadsWithRecord(serviceNow, workflow));
                        a.start(logA);
                        assertThat(a.awaitStarted(STARTUP)).as("node a restarted (see %s)", logA).isTrue();
                    }
                    Thread.sleep(random.nextInt(40));
                }

                // the faults go on for a while, then end; waiting work resumes and the polls pick up the rest
                // a little over half a second per thread on two loaded cores, the faults on for the first third of it
                long budget = Math.max(240_000, THREADS * 600L);
                long deadline = System.currentTimeMillis() + budget;
                boolean faultsOn = true;
                while (!done(serviceNow, workflow, repliesByIncidentThread) && System.currentTimeMillis() < deadline) {
                    if (faultsOn && System.currentTimeMillis() > deadline - budget * 3 / 4) {
                        faults(sandbox, 0);
                        faultsOn = false;
                    }
                    Thread.sleep(1_000);
                }
                System.out.printf("all threads with their records and comments %d ms after the first was opened%n",
                        System.currentTimeMillis() - opening);
                faults(sandbox, 0);
                // work that waited for a system during the faults resumes on its own; give it the time it needs
                long drained = System.currentTimeMillis() + 120_000;
                while (waiting(a) > 0 && System.currentTimeMillis() < drained) {
                    Thread.sleep(1_000);
                }
                Thread.sleep(6_000);
                a.stop();
                if (b != null) {
                    b.stop();
                }

                List<String> incidents = TargetRecords.incidents(serviceNow);
                List<String> processes = TargetRecords.processInstances(workflow);
                System.out.printf("%d threads: %d incidents, %d processes, %d links, dead letters: %s%n", THREADS, incidents.size(),
                        processes.size(), a.count("SELECT COUNT(*) FROM thread_link"), deadLetters(a));
                assertThat(incidents).as("one incident per invoice thread").hasSize(THREADS - THREADS / 2).doesNotHaveDuplicates();
                assertThat(processes).as("one process per claim thread").hasSize(THREADS / 2).doesNotHaveDuplicates();
                assertThat(a.count("SELECT COUNT(*) FROM thread_link")).isEqualTo(THREADS);
                for (Map.Entry<String, Integer> thread : repliesByIncidentThread.entrySet()) {
                    assertThat(partnerComments(serviceNow, thread.getKey())).as("comments on the incident of %s", thread.getKey())
                            .hasSize(thread.getValue()).doesNotHaveDuplicates();
                }
                assertThat(a.count("SELECT COUNT(*) FROM dead_letter WHERE status IN ('new', 'waiting', 'replaying')"))
                        .as("open dead letters: %s", openDeadLetters(H2 ? a.readOnlyStoreUrl() : store, H2 ? "sa" : EmbeddedPostgresStore.USER)).isZero();
            }
        }
    }

    private BridgeProcess node(Sandbox sandbox, String name, String store) {
        BridgeProcess node = new BridgeProcess(work.resolve("store-" + name), sandbox.bridgeProperties(), COMMUNITY);
        if (store != null) {
            node.clusterNode(store, EmbeddedPostgresStore.USER);
        } else {
            node.property("tgb.community.webhook-public-url", node.webhookUrl());
        }
        return node.property("tgb.admin.token", ADMIN_TOKEN)
                .property("tgb.claims.node-id", "node-" + name)
                .property("tgb.community.poll-cron", "0/5 * * * * ?")
                .property("tgb.community.page-size", "50")
                // a killed node's schedules move to the other one within seconds
                .property("tgb.cluster.checkin-interval-ms", "2000")
                .property("tgb.circuit.resume-after-ms", "2000")
                .jvm("-Xmx256m", "-XX:TieredStopAtLevel=1");
    }

    private static void faults(Sandbox sandbox, double rate) {
        FaultPlan plan = new FaultPlan();
        plan.errorRate = rate;
        plan.errorStatus = 502;
        sandbox.serviceNow().faults().apply(plan);
        sandbox.workflow().faults().apply(plan);
        sandbox.community().faults().apply(plan);
    }

    private static boolean done(ServiceNowEmulator serviceNow, WorkflowEmulator workflow, Map<String, Integer> replies) {
        if (TargetRecords.threadsWithRecord(serviceNow, workflow) < THREADS) {
            return false;
        }
        for (Map.Entry<String, Integer> thread : replies.entrySet()) {
            if (partnerComments(serviceNow, thread.getKey()).size() < thread.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The partner's follow-ups that reached the thread's incident as customer-visible comments. */
    private static List<String> partnerComments(ServiceNowEmulator serviceNow, String threadId) {
        Set<String> sysIds = new HashSet<>();
        for (Map<String, String> incident : serviceNow.records("incident")) {
            if (("activecommunity:" + threadId).equals(incident.get("correlation_id"))) {
                sysIds.add(incident.get("sys_id"));
            }
        }
        List<String> out = new ArrayList<>();
        for (Map<String, String> entry : serviceNow.records("sys_journal_field")) {
            if (sysIds.contains(entry.get("element_id")) && "comments".equals(entry.get("element"))
                    && entry.getOrDefault("value", "").contains("Follow-up")) {
                out.add(entry.get("value"));
            }
        }
        return out;
    }

    /** Work waiting for a system, on the running bridge: from the shared store, or from a lone node's admin API. */
    private static int waiting(BridgeProcess node) throws Exception {
        if (!H2) {
            return node.count("SELECT COUNT(*) FROM dead_letter WHERE status = 'waiting'");
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.adminUrl() + "/dead-letters?status=waiting&limit=1000")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()).path("count").asInt() : Integer.MAX_VALUE;
    }

    /** What the open dead letters are about, for the report of a failed run. */
    private static List<String> openDeadLetters(String store, String user) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(store, user, "");
                ResultSet rs = c.createStatement().executeQuery("SELECT route_id, thread_id, attempts, exception_message FROM dead_letter "
                        + "WHERE status IN ('new', 'waiting', 'replaying')")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " after " + rs.getInt(3) + " attempts: " + rs.getString(4));
            }
        }
        return out;
    }

    private static String deadLetters(BridgeProcess any) {
        return "new " + any.count("SELECT COUNT(*) FROM dead_letter WHERE status = 'new'")
                + ", waiting " + any.count("SELECT COUNT(*) FROM dead_letter WHERE status = 'waiting'")
                + ", all " + any.count("SELECT COUNT(*) FROM dead_letter");
    }
}
