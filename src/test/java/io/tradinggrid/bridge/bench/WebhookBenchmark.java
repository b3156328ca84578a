package io.tradinggrid.bridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.intake.WebhookSignature;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.bridge.testing.EmbeddedPostgresStore;
import io.tradinggrid.bridge.testing.TargetRecords;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Webhook deliveries against the packaged bridge while their intake runs behind the answers: the time to answer each
 * delivery (p50/p99/max), and how fast one node takes the threads in, once on the embedded H2 store and once on
 * PostgreSQL (embedded, from Maven). Each thread has one attachment, so intake does real work behind the answers.
 * <p>
 * Run with {@code bench/webhook-benchmark.sh [threads] [senders] [deliveries-per-second]}; not a test, nothing here
 * asserts a time.
 */
public final class WebhookBenchmark {

    private static final String COMMUNITY = "COM-HOOKS";
    private static final String PARTNER = "PTR-HOOKS";
    /** The deliveries the steady-state figures leave out: the bridge's JIT compiles the webhook path meanwhile. */
    private static final int WARM_UP = 100;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        // deliveries per second, as a community sends them while partners write; 0: as fast as the senders can
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (String store : List.of("h2", "postgresql")) {
            run(store, threads, senders, rate);
        }
        System.exit(0);
    }

    private static void run(String store, int threads, int senders, int rate) throws Exception {
        Path work = Files.createTempDirectory("tgb-webhook-bench");
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false)) {
            CommunityEmulator community = sandbox.community();
            sandbox.serviceNow().seedSandbox();
            community.createCommunity(COMMUNITY, "Webhook benchmark suppliers", "");
            ObjectNode partner = Json.object();
            partner.put("id", PARTNER).put("companyName", "Hook Supplies").put("status", "ACTIVE");
            partner.putArray("users").addObject().put("userId", "hook.user").put("displayName", "Hook User");
            partner.putArray("access").addObject().put("communityId", COMMUNITY).putArray("roles").add("CONTRIBUTOR");
            community.definePartner(partner);
            byte[] pdf = ("%PDF-1.4\n" + "x".repeat(50 * 1024)).getBytes(StandardCharsets.US_ASCII);
            List<String> threadIds = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ObjectNode thread = Json.object();
                boolean invoice = i % 2 == 0;
                thread.put("title", invoice ? "Invoice INV-" + i + " rejected: VAT missing" : "PO 47" + i + " received short")
                        .put("body", invoice ? "The VAT amount is missing on the 810." : "We received only 38 of 40 cartons.")
                        .put("category", invoice ? "TRANSACTION_FAILURE" : "CLAIM");
                threadIds.add(community.openThreadAsPartner(COMMUNITY, PARTNER, null, thread,
                        List.of(NewFile.of("doc-" + i + ".pdf", "application/pdf", pdf))).path("id").asText());
            }

            Map<String, String> wiring = sandbox.bridgeProperties();
            // no schedules: the threads come in by webhook only (the inbox is not a schedule)
            BridgeProcess bridge = new BridgeProcess(work.resolve("store"), wiring, COMMUNITY).property("tgb.schedules.enabled", "false")
                    .jvm("-Xmx256m");
            // -Dbench.bridge.<property>=<value> sets a bridge property for the run, e.g. tgb.community.intake-concurrency
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.bridge."))
                    .forEach(k -> bridge.property(k.substring("bench.bridge.".length()), System.getProperty(k)));
            if ("postgresql".equals(store)) {
                bridge.clusterNode(EmbeddedPostgresStore.newDatabase(), EmbeddedPostgresStore.USER)
                        .property("tgb.cluster.enabled", "false").property("tgb.community.webhook-public-url", "");
            }
            bridge.start(work.resolve("bridge.log"));
            if (!bridge.awaitStarted(Duration.ofMinutes(3))) {
                throw new IllegalStateException("the bridge did not start, see " + work.resolve("bridge.log"));
            }
            String url = bridge.webhookUrl();
            WebhookSignature signature = new WebhookSignature(wiring.get("tgb.community.webhook-secret"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Long> answers = Collections.synchronizedList(new ArrayList<>());
            // each answer by its place in the run: the first ones meet a bridge whose JIT has not warmed up yet
            long[] inOrder = new long[threadIds.size()];
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < threadIds.size(); i++) {
                int n = i;
                String body = "{\"id\":\"evt-bench-" + i + "\",\"type\":\"thread.created\",\"occurredTime\":\"" + Instant.now()
                        + "\",\"communityId\":\"" + COMMUNITY + "\",\"data\":{\"threadId\":\"" + threadIds.get(i) + "\"}}";
                String target = url;
                if (rate > 0) {
                    long due = start + i * 1_000_000_000L / rate;
                    while (System.nanoTime() < due) {
                        Thread.sleep(1);
                    }
                }
                sent.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-TG-Signature", signature.sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long micros = (System.nanoTime() - t0) / 1_000;
                    answers.add(micros);
                    inOrder[n] = micros;
                    if (answer.statusCode() != 202) {
                        throw new IllegalStateException("answered " + answer.statusCode() + ": " + answer.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            while (TargetRecords.threadsWithRecord(sandbox.serviceNow(), sandbox.workflow()) < threads
                    && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(20)) {
                Thread.sleep(200);
            }
            double intakeSeconds = (System.nanoTime() - start) / 1e9;
            bridge.stop();
            List<Long> sorted = new ArrayList<>(answers);
            Collections.sort(sorted);
            System.out.printf("%n== Webhook deliveries, store %s: %d threads with a 50 KB file each, %d senders, %s ==%n", store, threads,
                    senders, rate > 0 ? rate + " deliveries/s" : "as fast as they can");
            System.out.printf("answer time         p50 %.1f ms, p99 %.1f ms, max %.1f ms (202, event kept in the store)%n",
                    pct(sorted, 50) / 1000.0, pct(sorted, 99) / 1000.0, pct(sorted, 100) / 1000.0);
            List<Long> steady = new ArrayList<>();
            for (int i = Math.min(WARM_UP, inOrder.length / 2); i < inOrder.length; i++) {
                steady.add(inOrder[i]);
            }
            Collections.sort(steady);
            System.out.printf("  after warm-up      p50 %.1f ms, p99 %.1f ms, max %.1f ms (deliveries after the first %d)%n",
                    pct(steady, 50) / 1000.0, pct(steady, 99) / 1000.0, pct(steady, 100) / 1000.0, Math.min(WARM_UP, inOrder.length / 2));
            System.out.printf("deliveries          %d answered in %.1f s (%.0f/s)%n", sorted.size(), sendSeconds, sorted.size() / sendSeconds);
            System.out.printf("intake behind them  %d threads with their record %.1f s after the first delivery (%.1f threads/s)%n",
                    TargetRecords.threadsWithRecord(sandbox.serviceNow(), sandbox.workflow()), intakeSeconds, threads / intakeSeconds);
        }
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
