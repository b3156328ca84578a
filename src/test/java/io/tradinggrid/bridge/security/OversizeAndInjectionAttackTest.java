package io.tradinggrid.bridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.intake.WebhookSignature;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Oversized bodies on both ports, and SQL meta-characters in every filter of {@code dlq list} and of the admin API.
 * Each case asserts the refusal (413, or only the rows that really match) and that nothing else changed: no thread
 * taken in, no entry changed, every table with the rows it had.
 */
class OversizeAndInjectionAttackTest extends ForwardPathTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Over the 1 MB both ports take (camel.server.max-body-size, tgb.admin.max-body-size). */
    private static final int OVERSIZED = 2 * 1024 * 1024;
    private static final List<String> PAYLOADS = List.of("' OR 1=1 --", "' OR '1'='1", "%", "_", "\\", "%' --", "400%", "4_0",
            "'; DROP TABLE dead_letter; --", "\"; DELETE FROM audit_event; --", "*", "new' OR status <> 'x");
    private static final List<String> TABLES = List.of("dead_letter", "audit_event", "thread_link", "camel_messageprocessed",
            "poll_watermark", "config_version");

    private final HttpClient http = HttpClient.newHttpClient();

    // ---- oversized bodies -----------------------------------------------------------------------------------------

    @Test
    void should_answer_413_to_an_oversized_signed_webhook_delivery_and_take_nothing_in() throws Exception {
        Map<String, Long> before = rowCounts();
        byte[] body = oversizedJson("{\"id\":\"evt-huge\",\"type\":\"thread.created\",\"threadId\":\"THR-000001\",\"padding\":\"");
        String signature = new WebhookSignature(sandbox().bridgeProperties().get("tgb.community.webhook-secret"))
                .sign(System.currentTimeMillis() / 1000, body);

        int status = post("http://127.0.0.1:" + webhookPort() + "/webhooks/community", body, "X-TG-Signature", signature);

        assertThat(status).as("refused unread, even with a valid signature").isEqualTo(413);
        assertThat(rowCounts()).as("no thread taken in, no dead letter, nothing audited").isEqualTo(before);
        assertThat(links().all()).isEmpty();
        // the port still takes normal work afterwards
        pollAll();
        assertThat(links().all()).isNotEmpty();
    }

    @Test
    void should_answer_413_to_an_oversized_servicenow_notification_and_read_nothing() throws Exception {
        Map<String, Long> before = rowCounts();
        byte[] body = oversizedJson("{\"table\":\"incident\",\"sys_id\":\"" + "a".repeat(32) + "\",\"padding\":\"");
        String token = sandbox().bridgeProperties().get("tgb.servicenow.notification-token");

        int status = post("http://127.0.0.1:" + webhookPort() + "/webhooks/servicenow", body, "Authorization", "Bearer " + token);

        assertThat(status).isEqualTo(413);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void should_answer_413_to_an_oversized_admin_api_body_and_leave_the_entry_as_it_was() throws Exception {
        long id = oneDeadLetter();
        DeadLetter stored = deadLetters().find(id).orElseThrow();
        Map<String, Long> before = rowCounts();
        byte[] corrected = oversizedJson("{\"id\":\"" + stored.threadId() + "\",\"padding\":\"");

        int replay = post("http://127.0.0.1:" + managementPort() + "/admin/dead-letters/" + id + "/replay", corrected,
                "Authorization", "Bearer " + ADMIN_TOKEN, "X-Operator", "ops.mallory");
        int discard = post("http://127.0.0.1:" + managementPort() + "/admin/dead-letters/" + id + "/discard", corrected,
                "Authorization", "Bearer " + ADMIN_TOKEN, "X-Operator", "ops.mallory");

        assertThat(replay).isEqualTo(413);
        assertThat(discard).isEqualTo(413);
        DeadLetter now = deadLetters().find(id).orElseThrow();
        assertThat(now.status()).isEqualTo("new");
        assertThat(now.body()).isEqualTo(stored.body());
        // no edit, no replay, nothing audited
        assertIntact(before);
        // a body within the limit is still taken
        assertThat(post("http://127.0.0.1:" + managementPort() + "/admin/dead-letters/" + id + "/discard",
                "{\"reason\":\"test\"}".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + ADMIN_TOKEN)).isEqualTo(200);
    }

    // ---- SQL meta-characters in filters ---------------------------------------------------------------------------

    @Test
    void should_match_sql_meta_characters_in_every_dlq_list_filter_literally_and_leave_the_tables_intact() throws Exception {
        long id = oneDeadLetter();
        Map<String, Long> before = rowCounts();
        List<String> tables = tableNames();

        for (String payload : PAYLOADS) {
            for (String option : List.of("--status", "--route", "--thread", "--target", "--error")) {
                String out = option.equals("--status") ? command("dlq", "list", option, payload) : command("dlq", "list", "--status", "any", option, payload);
                long expected = expectedMatches(option.substring(2), payload);
                assertThat(out).as(option + " " + payload).contains(expected + " dead letter(s)");
                if (expected == 0) {
                    assertThat(out).doesNotContain(String.format("%6d  new", id));
                }
            }
            assertThat(command("dlq", "list", "--since", payload)).as("--since " + payload).doesNotContain("dead letter(s)")
                    .contains("since must be");
            if (expectedMatches("error", payload) == 0) {
                assertThat(command("dlq", "replay", "--dry-run", "--status", "any", "--error", payload)).as("bulk selection " + payload)
                        .contains("Nothing to replay.");
            }
        }

        assertIntact(before);
        assertThat(tableNames()).isEqualTo(tables);
        assertThat(deadLetters().find(id).orElseThrow().status()).isEqualTo("new");
    }

    @Test
    void should_match_sql_meta_characters_in_every_admin_api_filter_literally_and_leave_the_tables_intact() throws Exception {
        long id = oneDeadLetter();
        Map<String, Long> before = rowCounts();
        List<String> tables = tableNames();

        for (String payload : PAYLOADS) {
            String value = URLEncoder.encode(payload, StandardCharsets.UTF_8);
            for (String filter : List.of("status", "route", "thread", "target", "error")) {
                HttpResponse<String> r = admin("GET", "/admin/dead-letters?" + (filter.equals("status") ? "" : "status=any&") + filter + "=" + value);
                assertThat(r.statusCode()).as(filter + "=" + payload).isEqualTo(200);
                assertThat(MAPPER.readTree(r.body()).path("count").asLong()).as(filter + "=" + payload)
                        .isEqualTo(expectedMatches(filter, payload));
            }
            assertThat(admin("GET", "/admin/dead-letters?since=" + value).statusCode()).as("since=" + payload).isEqualTo(400);
            assertThat(admin("GET", "/admin/dead-letters?limit=" + value).statusCode()).as("limit=" + payload).isEqualTo(400);
            assertThat(admin("GET", "/admin/dead-letters/" + value).statusCode()).as("id " + payload).isIn(400, 404);
            HttpResponse<String> bulk = admin("POST", "/admin/dead-letters/replay?dryRun=true&status=any&error=" + value);
            assertThat(MAPPER.readTree(bulk.body()).path("selected").asLong()).as("bulk selection error=" + payload)
                    .isEqualTo(expectedMatches("error", payload));
        }

        assertIntact(before);
        assertThat(tableNames()).isEqualTo(tables);
        assertThat(deadLetters().find(id).orElseThrow().status()).isEqualTo("new");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The rows a filter must return: equality for the named fields, case-insensitive containment for error. */
    private long expectedMatches(String filter, String payload) {
        List<DeadLetter> all = deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, null, null, 1000));
        Function<DeadLetter, Boolean> matches = switch (filter) {
            case "status" -> d -> payload.equals(d.status());
            case "route" -> d -> payload.equals(d.routeId());
            case "thread" -> d -> payload.equals(d.threadId());
            case "target" -> d -> payload.equals(d.targetSystem());
            case "error" -> d -> contains(d.exceptionMessage(), payload) || contains(d.exceptionClass(), payload);
            default -> throw new IllegalArgumentException(filter);
        };
        return all.stream().filter(matches::apply).count();
    }

    private static boolean contains(String text, String part) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private long oneDeadLetter() {
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        pollAll();
        // the rest of the poll's work (files, idempotency confirmations) done, so that the attack is all that runs next
        awaitIdle();
        List<DeadLetter> letters = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10));
        assertThat(letters).hasSize(1);
        return letters.get(0).id();
    }

    private static byte[] oversizedJson(String start) {
        byte[] head = start.getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[OVERSIZED];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        return body;
    }

    /** The status the server answered; a server that answers before it has read the body may also close the upload. */
    private int post(String url, byte[] body, String... headers) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("no answer from " + url + ": " + e, e);
        }
    }

    private HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Operator", "ops.anna").build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * No row deleted anywhere, and none added where the attack could have: the bridge's own background work (a late
     * idempotency confirmation, a watermark) may still add to the other tables meanwhile.
     */
    private void assertIntact(Map<String, Long> before) throws Exception {
        Map<String, Long> now = rowCounts();
        for (String table : TABLES) {
            assertThat(now.get(table)).as(table).isGreaterThanOrEqualTo(before.get(table));
        }
        for (String table : List.of("dead_letter", "audit_event", "config_version")) {
            assertThat(now.get(table)).as(table).isEqualTo(before.get(table));
        }
    }

    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private List<String> tableNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private DataSource dataSource() {
        return context.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
    }
}
