package io.tradinggrid.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP on the management port: token required, dead letters listed, shown, replayed, discarded. */
class AdminApiTest extends ForwardPathTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Operator", "ops.anna");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    @Test
    void should_refuse_calls_without_the_right_bearer_token() throws Exception {
        HttpResponse<String> none = call("GET", "/admin/dead-letters", null, null);
        HttpResponse<String> wrong = call("GET", "/admin/dead-letters", null, "guess");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(ADMIN_TOKEN).contains("Authorization header is missing or wrong");
        assertThat(call("GET", "/admin/dead-letters?Authorization=Bearer%20" + ADMIN_TOKEN, null, null).statusCode())
                .as("a token in the URL is refused").isEqualTo(401);
        assertThat(call("GET", "/admin/dead-letters", null, ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void should_not_serve_the_admin_api_on_the_business_port() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort() + "/admin/dead-letters"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void should_list_show_replay_and_discard_dead_letters_over_http() throws Exception {
        int expected = sandbox().seed().threads() - 1;
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        pollAll();

        JsonNode list = ok("GET", "/admin/dead-letters?error=400&since=PT1H", null);
        assertThat(list.path("count").asInt()).isEqualTo(1);
        assertThat(ok("GET", "/admin/dead-letters?status=new&route=&target=&error=&since=&thread=", null).path("count").asInt())
                .as("empty filters, as a form sends them, filter nothing").isEqualTo(1);
        long id = list.path("deadLetters").get(0).path("id").asLong();
        JsonNode shown = ok("GET", "/admin/dead-letters/" + id, null);
        assertThat(shown.path("replayUri").asText()).isEqualTo("direct://intake-thread");
        assertThat(shown.path("message").asText()).contains(shown.path("thread").asText());
        assertThat(call("GET", "/admin/dead-letters/999999", null, ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/admin/dead-letters?since=yesterday", null, ADMIN_TOKEN).statusCode()).isEqualTo(400);

        JsonNode dryRun = ok("POST", "/admin/dead-letters/replay?error=400&dryRun=true", null);
        assertThat(dryRun.path("outcomes").path("WOULD_REPLAY").asInt()).isEqualTo(1);
        assertThat(links().all()).hasSize(expected - 1);

        JsonNode replayed = ok("POST", "/admin/dead-letters/" + id + "/replay", null);
        assertThat(replayed.path("outcome").asText()).isEqualTo("REPLAYED");
        assertThat(links().all()).hasSize(expected);
        JsonNode again = ok("POST", "/admin/dead-letters/" + id + "/replay?force=true", null);
        assertThat(again.path("outcome").asText()).isEqualTo("REPLAYED");
        assertThat(clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + shown.path("thread").asText())).hasSize(1);

        assertThat(call("POST", "/admin/dead-letters/" + id + "/discard", "{}", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        ok("POST", "/admin/dead-letters/" + id + "/discard", "{\"reason\":\"replayed, kept for the record\"}");
        assertThat(deadLetters().find(id).orElseThrow().status()).isEqualTo("discarded");
        AuditTrail audit = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        assertThat(audit.recent(shown.path("thread").asText(), 50)).extracting(AuditTrail.Event::actor).contains("admin-api:ops.anna");
    }

    @Test
    void should_show_circuits_retry_budgets_and_waiting_work() throws Exception {
        JsonNode state = ok("GET", "/admin/circuits", null);

        assertThat(state.path("circuits").path("servicenow").path("state").asText()).isEqualTo("closed");
        assertThat(state.path("circuits").has("workflow")).isTrue();
        assertThat(state.path("circuits").has("community")).isTrue();
        assertThat(state.path("waiting").size()).isZero();
        assertThat(deadLetters().countByStatus("waiting")).isZero();
    }

    @Test
    void should_check_the_rule_files_when_asked() throws Exception {
        JsonNode outcome = ok("POST", "/admin/rules/reload", null);

        assertThat(outcome.path("outcome").asText()).isEqualTo("unchanged");
    }


    @Test
    void should_explain_where_a_thread_goes_under_the_rules_in_force() throws Exception {
        String threadId = sandbox().threadId("W6-damage-claim");

        JsonNode why = ok("GET", "/admin/threads/" + threadId + "/explain", null);
        HttpResponse<String> bad = call("GET", "/admin/threads/THR%2F..%2Fx/explain", null, ADMIN_TOKEN);

        assertThat(why.path("threadId").asText()).isEqualTo(threadId);
        assertThat(why.path("exceptionType").asText()).isEqualTo("claim/damage");
        assertThat(why.path("target").asText()).isEqualTo("workflow:claim");
        assertThat(why.path("team").asText()).isEqualTo("claims");
        assertThat(why.path("decidedBy").asText()).isNotBlank();
        assertThat(why.path("because").isArray()).isTrue();
        assertThat(why.path("runnersUp").isArray()).isTrue();
        assertThat(links().find(threadId)).as("explaining creates nothing").isEmpty();
        assertThat(bad.statusCode()).isIn(400, 404);
    }
}
