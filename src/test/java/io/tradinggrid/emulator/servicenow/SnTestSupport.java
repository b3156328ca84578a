package io.tradinggrid.emulator.servicenow;

import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.EmulatorPerTestClass;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;

/** Starts one emulator per test class on an ephemeral port and talks to it over real loopback HTTP. */
abstract class SnTestSupport extends EmulatorPerTestClass<ServiceNowEmulator> {

    static final String ADMIN_PASSWORD = "operator-pw-1";

    final EmulatorCredentials creds = EmulatorCredentials.random("sn-test");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected ServiceNowEmulator newEmulator() {
        ServiceNowEmulator sn = new ServiceNowEmulator("127.0.0.1", 0, null, creds);
        sn.addAccount("admin", ADMIN_PASSWORD);
        return sn;
    }

    @BeforeEach
    void resetEmulator() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        emulator.setRateLimit(null);
        emulator.setUserTimeZone(ZoneOffset.UTC);
        emulator.setSessionCookie(false);
        emulator.clearWebhooks();
    }

    // ---- requests -------------------------------------------------------------------------------------------

    String basic() {
        return basic(creds.username(), creds.password());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", basic())
                .header("Accept", "application/json");
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, Object body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build());
    }

    HttpResponse<String> patch(String pathAndQuery, Object body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build());
    }

    HttpResponse<String> put(String pathAndQuery, Object body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build());
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return send(request(pathAndQuery).DELETE().build());
    }

    HttpResponse<String> adminPut(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    HttpResponse<String> adminPost(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.write(body))).build());
    }

    HttpResponse<String> adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path)).GET().build());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body());
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], String.valueOf(kv[i + 1]));
        }
        return o;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Creates a record and returns its result object. */
    JsonNode create(String table, Object body) {
        HttpResponse<String> r = post("/api/now/table/" + table, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("result");
    }

    /** The result array of a list query. */
    JsonNode list(String table, String query) {
        HttpResponse<String> r = get("/api/now/table/" + table + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("result");
    }

    static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).isObject() ? n.path(field).path("value").asText() : n.path(field).asText()));
        return out;
    }

    static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("failure");
        assertThat(body.path("error").path("message").asText()).isEqualTo(message);
        assertThat(body.path("error").has("detail")).isTrue();
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("java.lang.").doesNotContain("io.vertx");
    }

    static Map<String, String> map(String... kv) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The field names of a record or an object, to compare with the documented key sets. */
    static Set<String> keys(JsonNode n) {
        Set<String> keys = new HashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
