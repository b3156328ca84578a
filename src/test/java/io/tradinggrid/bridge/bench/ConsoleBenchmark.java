package io.tradinggrid.bridge.bench;

import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.testing.BridgeProcess;
import io.tradinggrid.sandbox.Sandbox;
import io.tradinggrid.sandbox.SandboxSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast the console's pages load with a full store: 10,000 threads (each with its record and ten timeline events)
 * and 1,000 dead letters are written into the store of a packaged bridge, which then serves the console. Each page is
 * timed twice: its API calls over HTTP, and in headless Chromium from navigation until the page has drawn its data.
 *
 *   bench/console-benchmark.sh [threads=10000] [dead-letters=1000] [runs=30]
 */
public final class ConsoleBenchmark {

    private static final String TOKEN = "bench-admin-token";
    private static final String COMMUNITY = "COM-BRW-SUPPLIERS";

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int letters = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path work = Files.createTempDirectory("console-bench-");
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings("127.0.0.1", 0, 0, 0, 0, 0, "/webhooks/community", work.resolve("sandbox")), false)) {
            BridgeProcess bridge = new BridgeProcess(work.resolve("store"), sandbox.bridgeProperties(), COMMUNITY)
                    .property("tgb.schedules.enabled", "false").property("tgb.admin.token", TOKEN);
            long filled = System.nanoTime();
            fill(bridge.storeUrl(), threads, letters);
            System.out.printf("store filled: %,d threads, %,d timeline events, %,d dead letters in %.1f s%n", threads, threads * 10, letters,
                    (System.nanoTime() - filled) / 1e9);
            bridge.start(work.resolve("bridge.log"));
            try {
                if (!bridge.awaitStarted(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("the bridge did not start, see " + work.resolve("bridge.log"));
                }
                String base = bridge.adminUrl().replace("/admin", "");
                Map<String, List<String>> pages = new LinkedHashMap<>();
                pages.put("overview", List.of("/console/", "/console/console.js", "/console/console.css", "/admin/whoami", "/admin/overview"));
                pages.put("threads (latest 50)", List.of("/admin/threads?q=&limit=50"));
                pages.put("threads (search invoice)", List.of("/admin/threads?q=" + URLEncoder.encode("INV-" + (threads / 2), StandardCharsets.UTF_8)
                        + "&limit=50"));
                pages.put("threads (search partner)", List.of("/admin/threads?q=Partner%2017&limit=50"));
                pages.put("timeline", List.of("/admin/threads/THR-B" + (threads / 2) + "/timeline"));
                pages.put("dead letters (200 new)", List.of("/admin/dead-letters?status=new&limit=200"));
                pages.put("dead letter", List.of("/admin/dead-letters/" + (letters / 2)));
                pages.put("rules", List.of("/admin/rules"));
                System.out.printf("%nAPI calls of each page over HTTP (%d runs after 5 warm-up runs), ms:%n", runs);
                System.out.printf("%-28s %8s %8s %8s%n", "page", "p50", "p95", "max");
                HttpClient http = HttpClient.newHttpClient();
                for (Map.Entry<String, List<String>> page : pages.entrySet()) {
                    List<Double> times = new ArrayList<>();
                    for (int i = 0; i < runs + 5; i++) {
                        long t0 = System.nanoTime();
                        for (String path : page.getValue()) {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
                            }
                        }
                        if (i >= 5) {
                            times.add((System.nanoTime() - t0) / 1e6);
                        }
                    }
                    print(page.getKey(), times);
                }
                browser(base, runs, threads, letters);
            } finally {
                bridge.stop();
            }
        }
    }

    /** Each page in headless Chromium: from navigation until the page says it has drawn its data (#view[data-loaded]). */
    private static void browser(String base, int runs, int threads, int letters) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            System.out.println("\n(no chromium/chromedriver: browser timings skipped)");
            return;
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(), options);
        try {
            browser.get(base + "/console/sign-in.html");
            browser.findElement(By.id("operator")).sendKeys("bench");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("sign-in")).click();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            WebDriverWait fast = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(2));
            wait.until(d -> "true".equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("overview", "#/overview");
            pages.put("threads (latest 50)", "#/threads");
            pages.put("threads (search invoice)", "#/threads?q=INV-" + (threads / 2));
            pages.put("timeline", "#/threads/THR-B" + (threads / 2));
            pages.put("dead letters (200 new)", "#/dead-letters");
            pages.put("dead letter", "#/dead-letters/" + (letters / 2));
            pages.put("rules", "#/rules");
            System.out.printf("%nEach page in headless Chromium, from navigation start until it has drawn its data (HTML, script, styles,"
                    + " API calls, drawing), %d runs, ms:%n", runs);
            System.out.printf("%-28s %8s %8s %8s%n", "page", "p50", "p95", "max");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < runs + 3; i++) {
                    // a fresh document each time (the query string makes it one), not a hash change in the same page
                    browser.get(base + "/console/?run=" + i + page.getValue());
                    // the page's own clock, from the start of its navigation to the first look that finds it drawn
                    // (looked at every 2 ms: the driver's round trip, not its default half-second poll, bounds the error)
                    Number drawn = fast.until(d -> (Number) ((JavascriptExecutor) d).executeScript(
                            "return document.getElementById('view').dataset.loaded === 'true' ? performance.now() : null"));
                    if (i >= 3) {
                        times.add(drawn.doubleValue());
                    }
                }
                print(page.getKey(), times);
            }
        } finally {
            browser.quit();
        }
    }

    private static void print(String page, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf("%-28s %8.1f %8.1f %8.1f%n", page, sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.get(sorted.size() - 1));
    }

    /** Threads with their records and timelines, and dead letters, written straight into a migrated store. */
    private static void fill(String url, int threads, int letters) throws Exception {
        BridgeStore store = BridgeStore.open(url, "sa", "", 2);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Instant start = Instant.now().minus(Duration.ofDays(2));
            try (PreparedStatement seen = c.prepareStatement("INSERT INTO thread_seen (thread_id, community_id, partner_id, partner_name, title, "
                    + "purchase_order, invoice, claim, exception_type, target_system, team, version, first_seen_at, last_seen_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement link = c.prepareStatement("INSERT INTO thread_link (community_id, thread_id, exception_type, target_system, "
                            + "target_type, record_id, record_number, record_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement event = c.prepareStatement("INSERT INTO audit_event (occurred_at, actor, action, thread_id, record_ref, detail) "
                            + "VALUES (?, 'bridge', ?, ?, ?, ?)")) {
                String[] actions = {"thread.taken-in", "thread.routed", "link.stored", "attachment.copied", "status.published", "post.published",
                    "thread.taken-in", "status.published", "post.published", "status.published"};
                for (int i = 0; i < threads; i++) {
                    String thread = "THR-B" + i;
                    Timestamp at = Timestamp.from(start.plusSeconds(i * 15L));
                    boolean servicenow = i % 3 == 0;
                    seen.setString(1, thread);
                    seen.setString(2, COMMUNITY);
                    seen.setString(3, "PTR-" + (i % 200));
                    seen.setString(4, "Partner " + (i % 200) + " Foods, Inc.");
                    seen.setString(5, "Invoice INV-" + i + " short paid against PO 45" + i);
                    seen.setString(6, "45" + i);
                    seen.setString(7, "INV-" + i);
                    seen.setString(8, i % 7 == 0 ? "CLM-" + i : null);
                    seen.setString(9, servicenow ? "transaction-failure" : "invoice-mismatch");
                    seen.setString(10, servicenow ? "servicenow" : "workflow");
                    seen.setString(11, servicenow ? "EDI Support" : "finance");
                    seen.setLong(12, 3);
                    seen.setTimestamp(13, at);
                    seen.setTimestamp(14, at);
                    seen.addBatch();
                    link.setString(1, COMMUNITY);
                    link.setString(2, thread);
                    link.setString(3, servicenow ? "transaction-failure" : "invoice-mismatch");
                    link.setString(4, servicenow ? "servicenow" : "workflow");
                    link.setString(5, servicenow ? "incident" : "partnerExceptionCase");
                    link.setString(6, "rec-" + i);
                    link.setString(7, (servicenow ? "INC" : "WF-") + (1_000_000 + i));
                    link.setString(8, "in progress");
                    link.setTimestamp(9, at);
                    link.setTimestamp(10, at);
                    link.addBatch();
                    String ref = (servicenow ? "servicenow:incident:" : "workflow:partnerExceptionCase:") + "rec-" + i;
                    for (int e = 0; e < actions.length; e++) {
                        event.setTimestamp(1, Timestamp.from(at.toInstant().plusSeconds(e)));
                        event.setString(2, actions[e]);
                        event.setString(3, thread);
                        event.setString(4, e == 0 ? null : ref);
                        event.setString(5, "{\"system\":\"" + (servicenow ? "servicenow" : "workflow") + "\",\"note\":\"step " + e + "\"}");
                        event.addBatch();
                    }
                    if (i % 500 == 499) {
                        seen.executeBatch();
                        link.executeBatch();
                        event.executeBatch();
                        c.commit();
                    }
                }
                seen.executeBatch();
                link.executeBatch();
                event.executeBatch();
            }
            try (PreparedStatement letter = c.prepareStatement("INSERT INTO dead_letter (status, route_id, endpoint, target_system, exception_class, "
                    + "exception_message, attempts, thread_id, message_key, headers, body, first_failed_at, last_failed_at) "
                    + "VALUES (?, 'thread-intake', 'direct://intake-thread', ?, 'org.apache.camel.http.base.HttpOperationFailedException', ?, 4, ?, ?, "
                    + "'{}', ?, ?, ?)")) {
                for (int i = 0; i < letters; i++) {
                    Timestamp at = Timestamp.from(Instant.now().minusSeconds(i * 60L));
                    letter.setString(1, i % 5 == 0 ? "replayed" : "new");
                    letter.setString(2, i % 2 == 0 ? "servicenow" : "workflow");
                    letter.setString(3, "HTTP operation failed invoking POST with statusCode: 400, statusText: Bad Request");
                    letter.setString(4, "THR-B" + i);
                    letter.setString(5, "THR-B" + i + ":v3");
                    letter.setString(6, "{\"id\":\"THR-B" + i + "\",\"communityId\":\"" + COMMUNITY + "\",\"title\":\"Invoice INV-" + i
                            + " short paid\",\"body\":\"" + "Line of partner text. ".repeat(40) + "\",\"version\":3}");
                    letter.setTimestamp(7, at);
                    letter.setTimestamp(8, at);
                    letter.addBatch();
                }
                letter.executeBatch();
            }
            c.commit();
        } finally {
            store.close();
        }
    }
}
