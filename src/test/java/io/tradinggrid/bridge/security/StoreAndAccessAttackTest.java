package io.tradinggrid.bridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the bridge's access checks and on its store (issue 12, holes 4 and 5): tokens in URLs, dead letters whose
 * replay endpoint was rewritten, stored file names that leave their folder. Each case asserts the refusal and that
 * nothing else happened: no record, file, call or replay, and the entry as it was.
 */
class StoreAndAccessAttackTest extends ForwardPathTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path outside;

    @AfterEach
    void removeHookAndVersions() throws Exception {
        sandbox().serviceNow().clearWebhooks();
        // the versions a test planted; the bridge's own (stored at start) stay
        sql("DELETE FROM config_version WHERE applied_by = 'attack-test'");
    }

    // ---- tokens in URLs -------------------------------------------------------------------------------------------

    @Test
    void should_refuse_a_notification_token_in_the_url_even_when_right_and_accept_it_only_in_the_header() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        JsonNode incident = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).get(0);
        String sysId = incident.path("sys_id").asText();
        clients.serviceNowPatch("incident", sysId, "{\"state\":\"6\",\"close_code\":\"Solution provided\",\"close_notes\":\"Fixed.\"}");
        String note = clients.thread(threadId).path("statusNote").asText();
        String body = "{\"table\":\"incident\",\"sys_id\":\"" + sysId + "\"}";
        String token = sandbox().bridgeProperties().get("tgb.servicenow.notification-token");
        String url = "http://127.0.0.1:" + webhookPort() + "/webhooks/servicenow";

        for (String query : List.of("?token=" + token, "?X-TGB-Token=" + token, "?Authorization=Bearer%20" + token,
                "?Authoriz%61tion=Bearer%20" + token, "?access_token=" + token)) {
            HttpResponse<String> inUrl = clients.post(url + query, body, "Content-Type", "application/json");
            assertThat(inUrl.statusCode()).as(query).isEqualTo(400);
            assertThat(inUrl.body()).as(query).contains("only in the Authorization header").doesNotContain(token);
        }
        // the right header does not make a token in the URL acceptable
        assertThat(clients.post(url + "?token=" + token, body, "Content-Type", "application/json", "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(400);
        assertThat(clients.thread(threadId).path("statusNote").asText()).as("no refused notification was acted on").isEqualTo(note);

        HttpResponse<String> inHeader = clients.post(url, body, "Content-Type", "application/json", "Authorization", "Bearer " + token);

        assertThat(inHeader.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(clients.thread(threadId).path("statusNote").asText()).isEqualTo("Resolved: Fixed."));
    }

    @Test
    void should_send_the_sandbox_business_rule_token_in_a_header_not_in_the_url() {
        assertThat(sandbox().serviceNowNotificationUrl()).doesNotContain("?").doesNotContain("token");
        assertThat(sandbox().serviceNowNotificationHeaders()).containsKey("Authorization");
        assertThat(sandbox().serviceNowNotificationHeaders().get("Authorization"))
                .isEqualTo("Bearer " + sandbox().bridgeProperties().get("tgb.servicenow.notification-token"));
    }

    @Test
    void should_refuse_the_admin_token_in_the_url_and_change_nothing() throws Exception {
        long id = oneDeadLetter();
        for (String query : List.of("?Authorization=Bearer%20" + ADMIN_TOKEN, "?Authoriz%61tion=Bearer%20" + ADMIN_TOKEN,
                "?authorization=Bearer%20" + ADMIN_TOKEN, "?access_token=" + ADMIN_TOKEN, "?token=" + ADMIN_TOKEN)) {
            HttpResponse<String> noHeader = admin("POST", "/admin/dead-letters/" + id + "/discard" + query, "{\"reason\":\"x\"}", null);
            HttpResponse<String> withHeader = admin("POST", "/admin/dead-letters/" + id + "/discard" + query, "{\"reason\":\"x\"}", ADMIN_TOKEN);

            assertThat(noHeader.statusCode()).as(query).isEqualTo(401);
            assertThat(withHeader.statusCode()).as("with the header too: " + query).isEqualTo(401);
            assertThat(withHeader.body()).doesNotContain(ADMIN_TOKEN).contains("never in the URL");
        }

        assertThat(deadLetters().find(id).orElseThrow().status()).isEqualTo("new");
        assertThat(audit().stream().map(AuditTrail.Event::action)).doesNotContain("dlq.discarded");
        assertThat(admin("GET", "/admin/dead-letters?error=400", null, ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    // ---- replay endpoints read from the store ---------------------------------------------------------------------

    @Test
    void should_refuse_a_cli_replay_of_a_dead_letter_rewritten_to_write_a_route_file_and_write_nothing() throws Exception {
        int expected = sandbox().seed().threads() - 1;
        long id = oneDeadLetter();
        String body = deadLetters().find(id).orElseThrow().body();
        Path routes = Files.createDirectories(outside.resolve("routes"));
        tamper(id, "file:" + routes + "?fileName=evil.camel.yaml");

        String out = command("dlq", "replay", String.valueOf(id), "--operator", "ops.mallory");
        String dryRun = command("dlq", "replay", String.valueOf(id), "--dry-run");

        assertThat(out).contains("#" + id + " REFUSED").contains("not an entry route of the bridge");
        assertThat(dryRun).contains("#" + id + " REFUSED");
        assertThat(routes).isEmptyDirectory();
        assertUntouched(id, body);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("dlq.replay-refused");
            assertThat(e.actor()).isEqualTo("ops.mallory");
            assertThat(e.recordRef()).isEqualTo("dead_letter:" + id);
        });
        assertThat(links().all()).as("nothing was replayed").hasSize(expected - 1);
    }

    @Test
    void should_refuse_an_admin_api_replay_of_a_dead_letter_rewritten_to_call_an_http_endpoint_and_call_nothing() throws Exception {
        int expected = sandbox().seed().threads() - 1;
        long id = oneDeadLetter();
        String body = deadLetters().find(id).orElseThrow().body();
        AtomicInteger calls = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        listener.start();
        try {
            tamper(id, "http://127.0.0.1:" + listener.getAddress().getPort() + "/steal");

            HttpResponse<String> one = admin("POST", "/admin/dead-letters/" + id + "/replay", null, ADMIN_TOKEN);
            HttpResponse<String> bulk = admin("POST", "/admin/dead-letters/replay?error=400", null, ADMIN_TOKEN);
            HttpResponse<String> edited = admin("POST", "/admin/dead-letters/" + id + "/replay", "{\"edited\":true}", ADMIN_TOKEN);

            assertThat(one.statusCode()).isEqualTo(422);
            assertThat(one.body()).contains("not an entry route of the bridge");
            assertThat(bulk.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(bulk.body()).path("outcomes").path("REFUSED").asInt()).isEqualTo(1);
            assertThat(edited.statusCode()).isEqualTo(422);
            assertThat(calls).as("the endpoint in the row was never called").hasValue(0);
        } finally {
            listener.stop(0);
        }
        assertUntouched(id, body);
        assertThat(audit().stream().filter(e -> e.action().equals("dlq.replay-refused"))).hasSize(3)
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("admin-api:ops.anna"));
        assertThat(links().all()).hasSize(expected - 1);
    }

    @Test
    void should_replay_only_into_entry_routes_and_refuse_other_direct_endpoints() throws Exception {
        int expected = sandbox().seed().threads() - 1;
        long id = oneDeadLetter();
        String body = deadLetters().find(id).orElseThrow().body();
        DeadLetterReplayer replayer = context.getRegistry().lookupByNameAndType("deadLetterReplayer", DeadLetterReplayer.class);
        assertThat(replayer.entryEndpoints()).contains("direct://intake-thread").allMatch(u -> u.startsWith("direct:"))
                .doesNotContain("direct://new-thread", "direct://dead-letter", "direct://servicenow-api");

        for (String uri : List.of("direct:not-an-entry", "direct://new-thread", "direct://servicenow-api", "direct://dead-letter",
                "direct://intake-thread?block=false", "seda:intake-thread", "exec:/bin/sh?args=-c%20id", "DIRECT://intake-thread")) {
            tamper(id, uri);
            assertThat(replayer.replay(id, "ops.mallory", false, null, true).outcome()).as(uri).isEqualTo(DeadLetterReplayer.Outcome.REFUSED);
        }
        assertUntouched(id, body);
        assertThat(links().all()).hasSize(expected - 1);

        // the flow it really entered by is still open to a replay
        tamper(id, "direct://intake-thread");
        assertThat(replayer.replay(id, "ops.anna", false, null, false).outcome()).isEqualTo(DeadLetterReplayer.Outcome.REPLAYED);
        assertThat(links().all()).hasSize(expected);
    }

    @Test
    void should_turn_tampered_waiting_work_into_a_dead_letter_without_sending_it() throws Exception {
        long id = oneDeadLetter();
        String body = deadLetters().find(id).orElseThrow().body();
        Path target = outside.resolve("written");
        tamper(id, "file:" + outside + "?fileName=written");
        sql("UPDATE dead_letter SET status = 'waiting' WHERE id = " + id);
        DeadLetterReplayer replayer = context.getRegistry().lookupByNameAndType("deadLetterReplayer", DeadLetterReplayer.class);

        DeadLetterReplayer.Result result = replayer.replay(id, "bridge", false, null, false);

        assertThat(result.outcome()).isEqualTo(DeadLetterReplayer.Outcome.REFUSED);
        assertThat(target).doesNotExist();
        DeadLetter now = deadLetters().find(id).orElseThrow();
        assertThat(now.status()).as("no longer picked up by the waiting-work schedule").isEqualTo("new");
        assertThat(now.changeReason()).contains("replay refused");
        assertThat(now.body()).isEqualTo(body);
    }

    @Test
    void should_show_escape_sequences_of_a_stored_message_as_text_on_the_operators_terminal_and_change_nothing() throws Exception {
        long id = oneDeadLetter();
        String esc = "\u001b]0;owned\u0007\u001b[2J\u001b[1A\r\u202e";
        try (Connection c = bean("bridgeDataSource", DataSource.class).getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE dead_letter SET body = ?, exception_message = ? WHERE id = ?")) {
            ps.setString(1, "{\"title\":\"" + esc + "\"}");
            ps.setString(2, "HTTP 400 " + esc);
            ps.setLong(3, id);
            ps.executeUpdate();
        }

        String show = command("dlq", "show", String.valueOf(id));
        String list = command("dlq", "list");

        for (String out : List.of(show, list)) {
            assertThat(out).contains("HTTP 400 ?]0;owned??[2J?[1A").doesNotContain("\u001b", "\u0007", "\r", "\u202e");
        }
        assertThat(deadLetters().find(id).orElseThrow().body()).as("the stored message itself is left as it is").contains(esc);
    }

    // ---- file names read from the store ---------------------------------------------------------------------------

    @Test
    void should_refuse_a_rules_revert_whose_file_names_leave_the_config_folder_and_write_nothing() throws Exception {
        Path config = Files.createDirectories(outside.resolve("config"));
        for (String file : RulesReloader.FILES) {
            Files.copy(Path.of("config", file), config.resolve(file));
        }
        Map<Path, String> before = snapshot(config);
        Path escaped = Path.of("/tmp/tgb-attack-" + System.nanoTime() + ".yaml");

        for (String name : List.of("../evil.yaml", escaped.toString(), "..\\evil.yaml", "sub/../../evil.yaml", "evil.yaml",
                "routing-table.yaml/../../evil.yaml", "./routing-table.yaml", "")) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("routing-table.yaml", "routes: []\n");
            files.put(name, "owned: true\n");
            plantPreviousVersion(RulesReloader.RULES, files);

            String out = command("rules", "revert", "--config-dir", config.toString(), "--operator", "ops.mallory");

            assertThat(out).as(name).contains("names a file").contains("nothing was written");
            assertThat(snapshot(config)).as("the folder as it was: " + name).isEqualTo(before);
        }
        assertThat(outside.resolve("evil.yaml")).doesNotExist();
        assertThat(escaped).doesNotExist();
        assertThat(audit().stream().filter(e -> e.action().equals("rules.revert-refused"))).hasSize(8);
    }

    @Test
    void should_refuse_a_routes_revert_with_a_traversing_name_and_delete_no_route_file() throws Exception {
        Path routes = Files.createDirectories(outside.resolve("routes"));
        Files.writeString(routes.resolve("kept.camel.yaml"), "- route:\n    id: kept\n");
        Map<Path, String> before = snapshot(routes);
        DataSource store = bean("bridgeDataSource", DataSource.class);
        AuditTrail audit = new AuditTrail(store);

        for (String name : List.of("../evil.camel.yaml", "/tmp/evil.camel.yaml", "evil.yaml", ".camel.yaml", "a/b.camel.yaml")) {
            plantPreviousVersion(RulesReloader.ROUTES, Map.of(name, "- route:\n    from:\n      uri: timer:x\n"));

            assertThatThrownBy(() -> RulesReloader.revert(RulesReloader.ROUTES, store, audit, routes, "ops.mallory"))
                    .as(name).isInstanceOf(RulesReloader.UnsafeVersionException.class).hasMessageContaining("nothing was written");
            assertThat(snapshot(routes)).as("the route the planted version lacks is not deleted: " + name).isEqualTo(before);
        }
        assertThat(outside.resolve("evil.camel.yaml")).doesNotExist();
        assertThat(Path.of("/tmp/evil.camel.yaml")).doesNotExist();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** One dead letter of the intake route: ServiceNow refuses one incident with 400. */
    private long oneDeadLetter() {
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        pollAll();
        List<DeadLetter> letters = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10));
        assertThat(letters).hasSize(1);
        return letters.get(0).id();
    }

    /** What whoever can write the store does: points the entry's replay at another endpoint. */
    private void tamper(long id, String replayUri) throws Exception {
        String headers = deadLetters().find(id).orElseThrow().headers();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.readValue(headers, LinkedHashMap.class);
        map.put(ExchangeKeys.REPLAY_URI, replayUri);
        try (Connection c = bean("bridgeDataSource", DataSource.class).getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET headers = ? WHERE id = ?")) {
            ps.setString(1, MAPPER.writeValueAsString(map));
            ps.setLong(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private void assertUntouched(long id, String body) {
        DeadLetter now = deadLetters().find(id).orElseThrow();
        assertThat(now.status()).as("the entry stays as it was").isEqualTo("new");
        assertThat(now.body()).isEqualTo(body);
        assertThat(now.attempts()).isEqualTo(1);
    }

    /** A stored version older than the newest one, so that a revert goes back to it. */
    private void plantPreviousVersion(String kind, Map<String, String> files) throws Exception {
        try (Connection c = bean("bridgeDataSource", DataSource.class).getConnection()) {
            for (String json : List.of(MAPPER.writeValueAsString(files), "{}")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO config_version (content_hash, files, applied_at, applied_by, kind) VALUES (?, ?, ?, 'attack-test', ?)")) {
                    ps.setString(1, Long.toHexString(System.nanoTime()) + "0000000000000000");
                    ps.setString(2, json);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.setString(4, kind);
                    ps.executeUpdate();
                }
            }
        }
    }

    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p), Files.readString(p));
            }
        }
        return files;
    }

    private List<AuditTrail.Event> audit() {
        return new AuditTrail(bean("bridgeDataSource", DataSource.class)).recent(null, 500);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = bean("bridgeDataSource", DataSource.class).getConnection(); var st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    private HttpResponse<String> admin(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Operator", "ops.anna");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
