package io.tradinggrid.bridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's side of the admin API over real HTTP on the management port, against the emulators: sign-in with the
 * admin token, thread search and timelines, the overview, a corrected dead letter's diff, and an uploaded rules edit
 * dry-run and applied.
 */
class ConsoleApiTest extends ForwardPathTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path configCopy;

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        // the rules test applies an edit: it works on a copy of config/, never on the repository's files
        try {
            configCopy = Files.createTempDirectory("console-config-");
            try (Stream<Path> files = Files.list(Path.of("config"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, configCopy.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.setProperty("tgb.config-dir", configCopy.toString());
        return p;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(request(path).header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send(request(path).header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Operator", "ops.lena")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static List<String> kinds(JsonNode timeline) {
        List<String> kinds = new ArrayList<>();
        timeline.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    @Test
    void should_sign_in_with_the_admin_token_and_let_console_calls_in_only_with_its_header() throws Exception {
        HttpResponse<String> wrong = send(request("/console/session").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("operator=mallory&token=guess")));
        HttpResponse<String> right = send(request("/console/session").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("operator=ops.lena&token=" + URLEncoder.encode(ADMIN_TOKEN, StandardCharsets.UTF_8))));

        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).hasValue("/console/sign-in.html?failed=1");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/console/");
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(ADMIN_TOKEN);
        String session = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> withHeader = send(request("/admin/whoami").header("Cookie", session).header("X-TGB-Console", "1"));
        HttpResponse<String> withoutHeader = send(request("/admin/whoami").header("Cookie", session));
        HttpResponse<String> forged = send(request("/admin/whoami").header("Cookie", "tgb_console=" + "ab".repeat(32)).header("X-TGB-Console", "1"));
        assertThat(withHeader.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(withHeader.body()).path("operator").asText()).isEqualTo("console:ops.lena");
        assertThat(withoutHeader.statusCode()).as("a cookie alone could be another site's request").isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);

        for (HttpResponse<String> answer : List.of(withHeader, withoutHeader, forged)) {
            assertThat(answer.headers().map().keySet()).as("the request's own headers never come back")
                    .noneMatch(h -> h.equalsIgnoreCase("cookie") || h.equalsIgnoreCase("authorization") || h.equalsIgnoreCase("x-tgb-console"));
            assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(withHeader.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        HttpResponse<String> refused = send(request("/admin/whoami").header("Authorization", "Bearer wrong").header("X-Operator", "mallory"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization") || h.equalsIgnoreCase("x-operator"));

        HttpResponse<String> out = send(request("/console/session/end").header("Cookie", session).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(send(request("/admin/whoami").header("Cookie", session).header("X-TGB-Console", "1")).statusCode())
                .as("signed out").isEqualTo(401);
    }

    @Test
    void should_serve_the_console_pages_from_the_jar_with_a_strict_content_policy() throws Exception {
        HttpResponse<String> page = send(request("/console/"));
        HttpResponse<String> bare = send(request("/console"));
        assertThat(bare.statusCode()).as("/console: its relative links would miss").isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> missing = send(request("/console/../config/application.properties"));
        HttpResponse<String> unknown = send(request("/console/secrets.txt"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(page.body()).contains("console.js").doesNotContain("http://", "https://");
        assertThat(missing.statusCode()).isIn(400, 404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Security-Policy")).as("errors too").isPresent();
        assertThat(unknown.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void should_find_a_thread_by_reference_and_show_its_journey_from_intake_to_partner_status() throws Exception {
        String threadId = sandbox().threadId("W1-invoice-short-pay");
        pollAll();

        JsonNode byId = get("/admin/threads?q=" + threadId);
        JsonNode byInvoice = get("/admin/threads?q=90017734");
        JsonNode found = byInvoice.path("threads").get(0);
        JsonNode byRecord = get("/admin/threads?q=" + found.path("recordNumber").asText());
        JsonNode byPartner = get("/admin/threads?q=" + URLEncoder.encode(found.path("partner").asText().substring(0, 5), StandardCharsets.UTF_8));

        assertThat(byId.path("threads").get(0).path("threadId").asText()).isEqualTo(threadId);
        assertThat(found.path("threadId").asText()).isEqualTo(threadId);
        assertThat(found.path("exceptionType").asText()).isEqualTo("invoice-mismatch");
        assertThat(found.path("team").asText()).isNotBlank();
        assertThat(byRecord.path("threads").get(0).path("threadId").asText()).isEqualTo(threadId);
        assertThat(byPartner.path("threads")).extracting(t -> t.path("threadId").asText()).contains(threadId);

        JsonNode timeline = get("/admin/threads/" + threadId + "/timeline");
        assertThat(kinds(timeline)).containsSubsequence("thread.taken-in", "thread.routed", "link.stored", "status.published");
        assertThat(kinds(timeline)).contains("attachment.copied");
        JsonNode routed = timeline.path("events").get(kinds(timeline).indexOf("thread.routed"));
        assertThat(routed.path("detail").path("rule").asText()).isNotBlank();
        assertThat(routed.path("detail").path("team").asText()).isEqualTo(found.path("team").asText());
        assertThat(routed.path("summary").asText()).contains("invoice-mismatch");
        JsonNode record = timeline.path("records").get(0);
        assertThat(record.path("number").asText()).isEqualTo(found.path("recordNumber").asText());
        assertThat(record.path("url").asText()).startsWith("http://127.0.0.1:").contains(record.path("id").asText());
        assertThat(send(request("/admin/threads/THR-999999/timeline").header("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void should_show_retries_and_the_dead_letter_in_a_threads_timeline() throws Exception {
        clients.put(sandbox().workflow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/workflow/v1/process-instances$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":503}");
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        pollAll();

        JsonNode letters = get("/admin/dead-letters?error=400&since=PT1H");
        assertThat(letters.path("count").asInt()).isEqualTo(1);
        String failed = letters.path("deadLetters").get(0).path("thread").asText();
        JsonNode timeline = get("/admin/threads/" + failed + "/timeline");
        assertThat(kinds(timeline)).containsSubsequence("thread.taken-in", "thread.routed", "dlq.stored");
        assertThat(timeline.path("deadLetters").get(0).path("status").asText()).isEqualTo("new");

        JsonNode retried = get("/admin/threads?q=&limit=500");
        boolean anyRetry = false;
        for (JsonNode t : retried.path("threads")) {
            if (kinds(get("/admin/threads/" + t.path("threadId").asText() + "/timeline")).contains("retry")) {
                anyRetry = true;
            }
        }
        assertThat(anyRetry).as("the process start that met a 503 once shows its retry").isTrue();

        long id = letters.path("deadLetters").get(0).path("id").asLong();
        String original = get("/admin/dead-letters/" + id).path("message").asText();
        JsonNode diff = post("/admin/dead-letters/" + id + "/diff", original.replace(failed, failed + "-edited"));
        JsonNode same = post("/admin/dead-letters/" + id + "/diff", original);
        assertThat(diff.path("changed").asBoolean()).isTrue();
        assertThat(diff.path("lines")).anySatisfy(l -> assertThat(l.path("op").asText()).isEqualTo("+"));
        assertThat(diff.path("lines")).anySatisfy(l -> assertThat(l.path("op").asText()).isEqualTo("-"));
        assertThat(same.path("changed").asBoolean()).isFalse();
    }

    @Test
    void should_count_what_each_flow_took_in_created_and_published_in_the_overview() throws Exception {
        JsonNode before = get("/admin/overview");
        pollAll();
        JsonNode after = get("/admin/overview");

        long createdBefore = 0;
        long createdAfter = 0;
        for (int i = 0; i < after.path("flows").size(); i++) {
            createdBefore += before.path("flows").get(i).path("created").asLong();
            createdAfter += after.path("flows").get(i).path("created").asLong();
        }
        assertThat(createdAfter - createdBefore).isEqualTo(links().all().size());
        assertThat(after.path("flows")).anySatisfy(f -> {
            assertThat(f.path("system").asText()).isEqualTo("community");
            assertThat(f.path("takenIn").asLong()).isPositive();
            assertThat(f.path("circuit").asText()).isEqualTo("CLOSED");
        });
        assertThat(after.path("flows")).anySatisfy(f -> assertThat(f.path("published").asLong()).isPositive());
        assertThat(after.path("deadLetters").isObject()).isTrue();
    }

    @Test
    void should_dry_run_an_uploaded_rules_edit_on_recent_threads_then_apply_it() throws Exception {
        pollAll();
        JsonNode rules = get("/admin/rules");
        String table = "";
        for (JsonNode f : rules.path("files")) {
            if (f.path("name").asText().equals("routing-table.yaml")) {
                table = f.path("content").asText();
            }
        }
        assertThat(table).contains("invoice-mismatch");
        assertThat(rules.path("history").size()).isPositive();

        ObjectNode broken = MAPPER.createObjectNode();
        broken.putObject("files").put("routing-table.yaml", "entries: [not, a, table");
        JsonNode refused = post("/admin/rules/test", MAPPER.writeValueAsString(broken));
        assertThat(refused.path("valid").asBoolean()).isFalse();
        assertThat(refused.path("findings")).anySatisfy(f -> assertThat(f.path("error").asBoolean()).isTrue());

        String moved = table.replaceFirst("(?s)(invoice-mismatch:.*?team: )\\S+", "$1logistics");
        assertThat(moved).isNotEqualTo(table);
        ObjectNode edit = MAPPER.createObjectNode();
        edit.putObject("files").put("routing-table.yaml", moved);
        // one of the recent threads cannot be read back: the dry run goes on without it and says so
        clients.put(sandbox().community().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/activecommunity/v1/threads/[A-Z0-9-]+$\",\"methods\":\"GET\",\"errorCount\":1,\"errorStatus\":404}");
        JsonNode dryRun = post("/admin/rules/test", MAPPER.writeValueAsString(edit));
        assertThat(dryRun.path("valid").asBoolean()).as(dryRun.toString()).isTrue();
        assertThat(dryRun.path("unread").asInt()).isEqualTo(1);
        assertThat(dryRun.path("threads").asInt()).isPositive();
        assertThat(dryRun.path("changed").asInt()).isPositive();
        assertThat(dryRun.path("rows")).allSatisfy(r -> assertThat(r.path("edited").asText()).contains("logistics"));
        assertThat(Files.readString(configCopy.resolve("routing-table.yaml"))).as("a dry run applies nothing").isEqualTo(table);

        JsonNode applied = post("/admin/rules/apply", "{\"uploadId\":\"" + dryRun.path("uploadId").asText() + "\"}");
        assertThat(applied.path("outcome").asText()).startsWith("applied");
        assertThat(Files.readString(configCopy.resolve("routing-table.yaml"))).isEqualTo(moved);
        JsonNode history = get("/admin/rules").path("history");
        JsonNode diff = get("/admin/rules/history/" + history.get(0).path("id").asText() + "/diff");
        assertThat(diff.path("files").get(0).path("name").asText()).isEqualTo("routing-table.yaml");
        assertThat(diff.path("files").get(0).path("lines")).anySatisfy(l -> {
            assertThat(l.path("op").asText()).isEqualTo("+");
            assertThat(l.path("text").asText()).contains("logistics");
        });
        assertThat(post("/admin/rules/revert", "").path("restored").asText()).isEqualTo("rules");
        assertThat(Files.readString(configCopy.resolve("routing-table.yaml"))).isEqualTo(table);
    }
}
