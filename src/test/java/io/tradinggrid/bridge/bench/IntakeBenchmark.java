package io.tradinggrid.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.bridge.testing.TargetRecords;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drains a backlog of community threads, each with one attachment, through the packaged bridge
 * (poll -> classify -> enrich -> create -> link) against the emulators, and times the same HTTP calls made by a plain
 * client with the same concurrency. The bridge runs as its own process so that its peak RSS is its own.
 * <p>
 * Run with {@code bench/intake-benchmark.sh [threads] [attachmentKb] [concurrency] [heap]}; not a test, nothing here
 * asserts a time.
 */
public final class IntakeBenchmark {

    private static final String COMMUNITY = "COM-BENCH";
    /** The plain client's threads live where the bridge does not poll. */
    private static final String BASELINE_COMMUNITY = "COM-BENCH-BASELINE";
    private static final String PARTNER = "PTR-900001";

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int attachmentKb = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String heap = args.length > 3 ? args[3] : "256m";
        // further JVM options of the bridge process, space separated, e.g. "-XX:+UseSerialGC -Xss512k"
        List<String> jvmOptions = args.length > 4 ? List.of(args[4].trim().split("\\s+")) : List.of();
        int baselineThreads = Math.max(100, threads / 10);
        Path work = Files.createTempDirectory("tgb-bench");

        Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false);
        ServiceNowEmulator serviceNow = sandbox.serviceNow();
        WorkflowEmulator workflow = sandbox.workflow();
        CommunityEmulator community = sandbox.community();
        Map<String, String> wiring = sandbox.bridgeProperties();
        EmulatorCredentials sn = new EmulatorCredentials(null, wiring.get("tgb.servicenow.client-id"), wiring.get("tgb.servicenow.client-secret"),
                wiring.get("tgb.servicenow.username"), wiring.get("tgb.servicenow.password"));
        EmulatorCredentials wf = new EmulatorCredentials(wiring.get("tgb.workflow.tenant-id"), wiring.get("tgb.workflow.client-id"),
                wiring.get("tgb.workflow.client-secret"), null, null);
        EmulatorCredentials ac = new EmulatorCredentials(wiring.get("tgb.community.tenant-id"), wiring.get("tgb.community.client-id"),
                wiring.get("tgb.community.client-secret"), null, null);
        serviceNow.seedSandbox();
        community.createCommunity(COMMUNITY, "Benchmark suppliers", "backlog for the intake benchmark");
        community.createCommunity(BASELINE_COMMUNITY, "Baseline suppliers", "threads for the plain client");
        ObjectNode partner = Json.object();
        partner.put("id", PARTNER).put("companyName", "Benchmark Supplies Ltd").put("duns", "123456789").put("status", "ACTIVE");
        partner.putArray("users").addObject().put("userId", "bench.user").put("displayName", "Bench User");
        partner.putArray("access").addObject().put("communityId", COMMUNITY).putArray("roles").add("CONTRIBUTOR");
        ((com.fasterxml.jackson.databind.node.ArrayNode) partner.get("access")).addObject().put("communityId", BASELINE_COMMUNITY)
                .putArray("roles").add("CONTRIBUTOR");
        community.definePartner(partner);

        System.out.printf("Seeding %d threads with one %d KB attachment each...%n", threads + baselineThreads, attachmentKb);
        byte[] pdf = pdf(attachmentKb * 1024);
        List<String> baselineIds = new ArrayList<>();
        for (int i = 0; i < threads + baselineThreads; i++) {
            ObjectNode thread = Json.object();
            boolean invoice = i % 2 == 0;
            thread.put("title", invoice ? "Invoice INV-" + i + " rejected: VAT missing" : "PO 45" + i + " received short")
                    .put("body", invoice ? "Your AP system rejected invoice INV-" + i + " because the VAT amount is missing on the 810."
                            : "We received only 38 of 40 cartons against ASN " + i + "; please credit the missing cartons.")
                    .put("category", invoice ? "TRANSACTION_FAILURE" : "CLAIM").put("priority", "NORMAL");
            thread.putObject("references").put(invoice ? "invoice" : "purchaseOrder", String.valueOf(i)).put("ediDocumentType", invoice ? "810" : "850");
            ObjectNode created = community.openThreadAsPartner(i < threads ? COMMUNITY : BASELINE_COMMUNITY, PARTNER, null, thread,
                    List.of(NewFile.of("document-" + i + ".pdf", "application/pdf", pdf)));
            if (i >= threads) {
                baselineIds.add(created.path("id").asText());
            }
        }

        // --- the bridge, as a separate process ---
        Path log = work.resolve("bridge.log");
        BridgeProcess bridge = new BridgeProcess(work, wiring, COMMUNITY)
                .property("tgb.community.page-size", "200")
                .property("tgb.community.intake-concurrency", String.valueOf(concurrency))
                .jvm("-Xmx" + heap).jvm(jvmOptions.toArray(String[]::new));
        System.out.printf("Starting the bridge (-Xmx%s %s, %d workers)...%n", heap, String.join(" ", jvmOptions), concurrency);
        bridge.start(log);
        long start = System.nanoTime();
        long peakRss = 0;
        // followed through the emulators while it runs (its store is its own then), counted in the store once it stopped
        while (TargetRecords.threadsWithRecord(serviceNow, workflow) < threads && bridge.process().isAlive()) {
            Thread.sleep(500);
            peakRss = Math.max(peakRss, bridge.memoryKb("VmHWM"));
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        peakRss = Math.max(peakRss, bridge.memoryKb("VmHWM"));
        bridge.stop();
        int done = bridge.count("SELECT COUNT(*) FROM thread_link");
        List<Long> perThread = perThreadMillis(bridge.readOnlyStoreUrl());
        double drainSeconds = drainSeconds(bridge.readOnlyStoreUrl());
        int records = serviceNow.records("incident").size();

        System.out.println();
        System.out.println("== Bridge: poll -> classify -> enrich -> create -> link ==");
        System.out.printf("threads linked      %d of %d (%d ServiceNow incidents, %d Workflow claims)%n", done, threads, records, done - records);
        System.out.printf("wall time           %.1f s from bridge process start (JVM start-up and first poll included)%n", seconds);
        System.out.printf("drain time          %.1f s from the first thread linked to the last%n", drainSeconds);
        System.out.printf("throughput          %.1f threads/s over the drain (%.1f over the wall time)%n", done / drainSeconds, done / seconds);
        System.out.printf("time per thread     p50 %d ms, p99 %d ms, max %d ms (pick-up to link stored, %d workers)%n",
                pct(perThread, 50), pct(perThread, 99), pct(perThread, 100), concurrency);
        System.out.printf("peak RSS            %d MB (VmHWM of the bridge process, -Xmx%s %s)%n", peakRss / 1024, heap, String.join(" ", jvmOptions));

        // --- the same HTTP calls from a plain client, same concurrency ---
        Baseline baseline = new Baseline(community, ac, serviceNow, sn, workflow, wf);
        List<Long> plain = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long baselineStart = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < baselineIds.size(); i++) {
            String id = baselineIds.get(i);
            boolean invoice = (threads + i) % 2 == 0;
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                baseline.handle(id, invoice);
                plain.add((System.nanoTime() - t0) / 1_000_000);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
        pool.shutdown();
        System.out.println();
        System.out.println("== Plain java.net.http client, same calls, same concurrency ==");
        System.out.printf("threads             %d%n", baselineIds.size());
        System.out.printf("throughput          %.1f threads/s%n", baselineIds.size() / baselineSeconds);
        System.out.printf("time per thread     p50 %d ms, p99 %d ms%n", pct(plain, 50), pct(plain, 99));
        System.out.printf("%nbridge log: %s%n", log);

        sandbox.close();
        System.exit(0);
    }

    /** The HTTP calls the bridge makes for one new thread with one attachment, made directly. */
    static final class Baseline {
        private final HttpClient http = HttpClient.newHttpClient();
        private final CommunityEmulator community;
        private final ServiceNowEmulator serviceNow;
        private final WorkflowEmulator workflow;
        private final String communityToken;
        private final String workflowToken;
        private final String snBasic;

        Baseline(CommunityEmulator community, EmulatorCredentials ac, ServiceNowEmulator serviceNow, EmulatorCredentials sn,
                WorkflowEmulator workflow, EmulatorCredentials wf) throws Exception {
            this.community = community;
            this.serviceNow = serviceNow;
            this.workflow = workflow;
            this.communityToken = token(community.tokenUrl(), ac);
            this.workflowToken = token(workflow.tokenUrl(), wf);
            this.snBasic = "Basic " + Base64.getEncoder().encodeToString((sn.username() + ":" + sn.password()).getBytes(StandardCharsets.UTF_8));
        }

        void handle(String threadId, boolean invoice) throws Exception {
            String c = community.apiBaseUrl();
            JsonNode thread = json(send(get(c + "/threads/" + threadId, "Bearer " + communityToken)));
            String attachmentId = thread.path("attachments").get(0).path("id").asText();
            String key = "activecommunity:" + threadId;
            String recordNumber;
            String recordId;
            byte[] content = send(get(c + "/attachments/" + attachmentId + "/content", "Bearer " + communityToken)).body().getBytes(StandardCharsets.ISO_8859_1);
            if (invoice) {
                send(get(serviceNow.baseUrl() + "/api/now/table/incident?sysparm_limit=1&sysparm_query=" + URLEncoder.encode("correlation_id=" + key, StandardCharsets.UTF_8), snBasic));
                String body = "{\"short_description\":\"" + threadId + "\",\"correlation_id\":\"" + key + "\",\"impact\":\"2\",\"urgency\":\"2\"}";
                JsonNode created = json(send(post(serviceNow.baseUrl() + "/api/now/table/incident", snBasic, "application/json", body.getBytes(StandardCharsets.UTF_8))));
                recordId = created.path("result").path("sys_id").asText();
                recordNumber = created.path("result").path("number").asText();
                send(post(serviceNow.baseUrl() + "/api/now/attachment/file?table_name=incident&table_sys_id=" + recordId + "&file_name=document.pdf",
                        snBasic, "application/pdf", content));
            } else {
                String w = workflow.apiUrl();
                send(get(w + "/process-instances?businessKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8), "Bearer " + workflowToken));
                String body = "{\"processDefinitionKey\":\"claim\",\"businessKey\":\"" + key + "\",\"variables\":[{\"name\":\"claimType\",\"value\":\"shortage\"}]}";
                JsonNode started = json(send(post(w + "/process-instances", "Bearer " + workflowToken, "application/json", body.getBytes(StandardCharsets.UTF_8))));
                recordId = started.path("id").asText();
                recordNumber = recordId.substring(0, 8);
                JsonNode tasks = json(send(get(w + "/tasks?processInstanceId=" + recordId, "Bearer " + workflowToken)));
                String taskId = tasks.path("_embedded").path("tasks").get(0).path("id").asText();
                String attachment = "{\"name\":\"document.pdf\",\"type\":\"application/pdf\",\"content\":\"" + Base64.getEncoder().encodeToString(content) + "\"}";
                send(post(w + "/tasks/" + taskId + "/attachments", "Bearer " + workflowToken, "application/json", attachment.getBytes(StandardCharsets.UTF_8)));
            }
            String patch = "{\"status\":\"IN_PROGRESS\",\"statusNote\":\"Received: " + recordNumber + "\",\"externalReferences\":[{\"system\":\"bench\",\"id\":\""
                    + recordNumber + "\"}],\"origin\":{\"system\":\"bench\"}}";
            send(HttpRequest.newBuilder(URI.create(c + "/threads/" + threadId)).header("Authorization", "Bearer " + communityToken)
                    .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build());
            send(get(c + "/threads/" + threadId + "/posts?count=200", "Bearer " + communityToken));
        }

        private static HttpRequest get(String url, String auth) {
            return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", "application/json").GET().build();
        }

        private static HttpRequest post(String url, String auth, String type, byte[] body) {
            return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", "application/json")
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        private HttpResponse<String> send(HttpRequest request) throws Exception {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(request.uri() + " " + response.statusCode() + " " + response.body());
            }
            return response;
        }

        private String token(String url, EmulatorCredentials credentials) throws Exception {
            String body = "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + credentials.clientId() + "\",\"client_secret\":\"" + credentials.clientSecret() + "\"}";
            return json(send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build())).path("access_token").asText();
        }

        private static JsonNode json(HttpResponse<String> response) throws Exception {
            return Json.MAPPER.readTree(response.body());
        }
    }

    private static List<Long> perThreadMillis(String storeUrl) throws Exception {
        List<Long> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(storeUrl, "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT detail FROM audit_event WHERE action = 'link.stored'")) {
            while (rs.next()) {
                String detail = rs.getString(1);
                int in = detail.lastIndexOf(" in ");
                times.add(Long.parseLong(detail.substring(in + 4, detail.length() - 3)));
            }
        }
        return times;
    }

    private static double drainSeconds(String storeUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(storeUrl, "sa", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT MIN(occurred_at), MAX(occurred_at) FROM audit_event WHERE action = 'link.stored'")) {
            rs.next();
            return Math.max(0.001, (rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime()) / 1000.0);
        }
    }

    private static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        byte[] header = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    private IntakeBenchmark() {
    }
}
