package io.tradinggrid.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations console in a real headless Chromium (Debian's chromium and chromium-driver), driven by Selenium,
 * against the sandbox started from the packaged jar: sign in, find a thread and read its timeline, replay a dead
 * letter and see it leave the list, upload a rules edit, see its dry run and apply it. Screenshots of each page go to
 * target/console-screenshots (docs/console holds the ones the README shows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path CHROMIUM = Path.of(System.getProperty("tgb.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("tgb.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private Path configDir;
    private Process sandbox;
    private int management;
    private String adminToken;
    private JsonNode endpoints;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void startSandboxAndBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed).as("CI needs Debian's chromium and chromium-driver (%s, %s); .ci/run installs them", CHROMIUM, CHROMEDRIVER)
                    .isTrue();
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");

        dataDir = Files.createTempDirectory("console-it-");
        // the rules test applies an edit: the sandbox works on a copy of config/
        configDir = Files.createDirectories(dataDir.resolve("config"));
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configDir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        management = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("bridge.jar", "target/tradinggrid-bridge.jar"), "sandbox",
                "-D", "tgb.sandbox.servicenow-port=" + freePort(),
                "-D", "tgb.sandbox.workflow-port=" + freePort(),
                "-D", "tgb.sandbox.community-port=" + freePort(),
                "-D", "camel.server.port=" + freePort(),
                "-D", "camel.management.port=" + management,
                "-D", "tgb.sandbox.data-dir=" + dataDir,
                "-D", "tgb.config-dir=" + configDir,
                "-D", "tgb.community.poll-cron=0/2 * * * * ?"));
        File log = dataDir.resolve("sandbox.log").toFile();
        sandbox = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        Path endpointsFile = dataDir.resolve("endpoints.json");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(endpointsFile) || !sandbox.isAlive());
        assertThat(sandbox.isAlive()).as("sandbox died: %s", Files.readString(log.toPath())).isTrue();
        endpoints = MAPPER.readTree(Files.readString(endpointsFile));
        adminToken = endpoints.path("bridge").path("adminToken").asText();
        // the seeded threads have their records
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> admin("/threads?limit=500").path("count").asInt() >= 20);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags a root user in a closed network needs (see the machine notes): no sandbox, no calls home
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (sandbox != null) {
            sandbox.destroy();
            if (!sandbox.waitFor(60, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void should_send_a_visitor_to_sign_in_and_let_the_admin_token_in() throws Exception {
        browser.get(console(""));
        wait.until(ExpectedConditions.urlContains("sign-in.html"));
        browser.findElement(By.id("operator")).sendKeys("ops.lena");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        shot("sign-in");

        browser.findElement(By.id("operator")).clear();
        browser.findElement(By.id("operator")).sendKeys("ops.lena");
        browser.findElement(By.id("token")).sendKeys(adminToken);
        browser.findElement(By.id("sign-in")).click();
        loaded();
        assertThat(browser.getCurrentUrl()).doesNotContain("sign-in");
        assertThat(text("operator-name")).contains("ops.lena");
        assertThat(browser.findElement(By.id("flows")).getText()).contains("servicenow", "workflow", "community");
        // the overview reads again every 5 s: the first poll's watermark shows at the latest then
        until("the communities' polls", d -> d.findElement(By.id("communities")).getText().contains("COM-BRW-SUPPLIERS"));
        shot("overview");
        browser.manage().window().setSize(new Dimension(820, 1180));
        shot("overview-tablet");
        assertThat(((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1"))
                .as("no sideways scrolling of the page on a tablet").isEqualTo(true);
        browser.manage().window().setSize(new Dimension(1366, 900));
    }

    @Test
    @Order(2)
    void should_find_a_thread_by_its_invoice_and_show_its_timeline() throws Exception {
        browser.get(console("#/threads"));
        loaded();
        browser.findElement(By.id("thread-query")).sendKeys("90017734");
        browser.findElement(By.id("thread-search-button")).click();
        until("search results", d -> d.findElement(By.id("thread-results")).getText().contains("THR-"));
        shot("threads");
        browser.findElement(By.cssSelector("#thread-results a.thread-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li.event")));
        loaded();

        List<String> kinds = browser.findElements(By.cssSelector("#timeline li.event")).stream().map(e -> e.getAttribute("data-kind")).toList();
        assertThat(kinds).containsSubsequence("thread.taken-in", "thread.routed", "link.stored", "status.published");
        assertThat(kinds).contains("attachment.copied");
        assertThat(browser.findElement(By.cssSelector("#timeline li.event[data-kind='thread.routed']")).getText()).contains("invoice-mismatch");
        WebElement record = browser.findElement(By.cssSelector("#thread-records a"));
        assertThat(record.getAttribute("href")).startsWith("http://127.0.0.1:");
        assertThat(record.getAttribute("rel")).contains("noopener");
        shot("timeline");
    }

    @Test
    @Order(3)
    void should_replay_a_dead_letter_and_see_it_leave_the_list() throws Exception {
        String snAdmin = endpoints.path("servicenow").path("adminUrl").asText();
        put(snAdmin + "/faults", "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1000,\"errorStatus\":400}");
        String communityAdmin = endpoints.path("community").path("adminUrl").asText();
        post(communityAdmin + "/threads", "{\"communityId\":\"COM-BRW-SUPPLIERS\",\"partnerId\":\"PTR-100101\",\"category\":\"TRANSACTION_FAILURE\","
                + "\"title\":\"997 rejected our 810 for PO 4500879911\",\"body\":\"Your EDI gateway answered our invoice 90019912 (810) with a "
                + "997 rejection: segment IT1 element 04 missing. Please advise.\",\"references\":{\"purchaseOrder\":\"4500879911\","
                + "\"invoice\":\"90019912\",\"ediDocumentType\":\"810\"}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> admin("/dead-letters?status=new").path("count").asInt() >= 1);
        long id = admin("/dead-letters?status=new").path("deadLetters").get(0).path("id").asLong();

        browser.get(console("#/dead-letters"));
        loaded();
        until("the dead letter in the list", d -> !d.findElements(By.cssSelector("#dlq-table tr[data-id='" + id + "']")).isEmpty());
        shot("dead-letters");
        browser.get(console("#/dead-letters/" + id));
        loaded();
        WebElement editor = browser.findElement(By.id("dlq-message"));
        String original = editor.getAttribute("value");
        assertThat(original).contains("THR-");
        // a corrected reference, as an operator would fix a partner's typo before replaying
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                editor, original.replace("4500879911", "4500879917"));
        until("the diff of the edit", d -> !d.findElements(By.cssSelector("#dlq-diff .add")).isEmpty());
        shot("dead-letter-detail");
        // ServiceNow takes incidents again; the original message goes back as it was, and a plain replay creates the incident
        http.send(HttpRequest.newBuilder(URI.create(snAdmin + "/faults")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                editor, original);
        browser.findElement(By.id("dlq-replay")).click();
        // the sandbox polls every 2 s and takes a failed thread in again by itself: once ServiceNow answers, that poll
        // may create the incident first and supersede the entry, and the replay then skips it; either way it is done
        String outcome = until("the replay outcome", d -> {
            String text = d.findElement(By.id("dlq-outcome")).getText();
            return text.contains("REPLAYED") || text.contains("SKIPPED") ? text : null;
        });

        browser.get(console("#/dead-letters"));
        loaded();
        assertThat(browser.findElements(By.cssSelector("#dlq-table tr[data-id='" + id + "']"))).as("replayed: not new any more").isEmpty();
        assertThat(admin("/dead-letters/" + id).path("status").asText()).isEqualTo(outcome.contains("REPLAYED") ? "replayed" : "superseded");
    }

    @Test
    @Order(4)
    void should_upload_a_rules_edit_show_its_dry_run_and_apply_it() throws Exception {
        browser.get(console("#/rules"));
        loaded();
        assertThat(browser.findElement(By.id("rules-history")).getText()).isNotBlank();
        new Select(browser.findElement(By.id("rules-file-name"))).selectByValue("routing-table.yaml");
        WebElement edit = browser.findElement(By.id("rules-edit"));
        until("the routing table in the editor", d -> edit.getAttribute("value").contains("invoice-mismatch"));
        String table = edit.getAttribute("value");
        String moved = table.replaceFirst("(?s)(invoice-mismatch:.*?team: )\\S+", "$1logistics");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                edit, moved);
        browser.findElement(By.id("rules-dry-run")).click();
        until("the dry-run table", d -> d.findElement(By.id("rules-test-diff")).getText().contains("logistics"));
        assertThat(browser.findElement(By.id("rules-findings")).getText()).doesNotContainIgnoringCase("error");
        shot("rules-dry-run");

        browser.findElement(By.id("rules-apply")).click();
        until("the apply outcome", d -> d.findElement(By.id("rules-outcome")).getText().contains("applied"));
        assertThat(Files.readString(configDir.resolve("routing-table.yaml"))).isEqualTo(moved);
        loaded();
        shot("rules");
    }

    private void loaded() throws Exception {
        until("page loaded", d -> "true".equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
    }

    /** Waits for the condition; when it does not come, the page as it was is kept as a screenshot (failed-*.png). */
    private <T> T until(String what, Function<WebDriver, T> condition) throws Exception {
        try {
            return wait.until(condition::apply);
        } catch (TimeoutException e) {
            shot("failed-" + what.replaceAll("[^a-z0-9]+", "-"));
            throw new AssertionError("the console never showed " + what + " (screenshot in " + SHOTS + ")", e);
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The whole page, not only what the window shows: the window grows to the page's height for the shot. */
    private void shot(String name) throws Exception {
        Dimension window = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), Math.min(4000, Math.max(window.getHeight(), height.intValue() + 120))));
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(window);
    }

    private String console(String hash) {
        return "http://127.0.0.1:" + management + "/console/" + hash;
    }

    private JsonNode admin(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/admin" + path))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private void put(String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private void post(String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
