package io.tradinggrid.emulator.servicenow;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.function.Supplier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tradinggrid.emulator.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminAndWebhookTest extends SnTestSupport {

    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        received.clear();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void should_post_a_summary_to_the_webhook_after_insert_and_update() {
        ObjectNode reg = Json.object();
        reg.put("url", hookUrl());
        reg.putArray("tables").add("incident");
        HttpResponse<String> r = adminPost("/webhooks", reg);
        assertThat(r.statusCode()).isEqualTo(201);

        JsonNode created = create("incident", obj("short_description", "hooked"));
        String id = created.get("sys_id").asText();
        patch("/api/now/table/incident/" + id, obj("state", "2"));
        create("sn_customerservice_case", obj("short_description", "not watched"));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 2);
        JsonNode insert = received.get(0);
        assertThat(insert.get("table").asText()).isEqualTo("incident");
        assertThat(insert.get("sys_id").asText()).isEqualTo(id);
        assertThat(insert.get("number").asText()).isEqualTo(created.get("number").asText());
        assertThat(insert.get("state").asText()).isEqualTo("1");
        assertThat(insert.get("sys_mod_count").asText()).isEqualTo("0");
        assertThat(insert.get("sys_updated_on").asText()).isEqualTo(created.get("sys_updated_on").asText());
        assertThat(insert.get("operation").asText()).isEqualTo("insert");
        JsonNode update = received.stream().filter(n -> n.get("sys_mod_count").asText().equals("1")).findFirst().orElseThrow();
        assertThat(update.get("state").asText()).isEqualTo("2");
        assertThat(update.get("operation").asText()).isEqualTo("update");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 2);
    }

    @Test
    void should_not_fail_writes_when_the_webhook_is_unreachable() {
        emulator.addWebhook("http://127.0.0.1:1/nothing", List.of());
        assertThat(post("/api/now/table/incident", obj("short_description", "x")).statusCode()).isEqualTo(201);
    }

    @Test
    void should_dump_raw_table_values() {
        emulator.seedSandbox();
        String group = emulator.sysIdOf("sys_user_group", "name", "EDI Support").orElseThrow();
        create("incident", obj("short_description", "raw", "assignment_group", group));
        JsonNode dump = json(adminGet("/tables/incident")).get("result").get(0);
        assertThat(dump.get("assignment_group").asText()).isEqualTo(group);
        assertThat(dump.get("work_notes").asText()).isEmpty();
        assertError(adminGet("/tables/nope"), 400, "Invalid table nope");
    }

    @Test
    void should_seed_through_the_admin_api_idempotently() {
        HttpResponse<String> r = adminPost("/seed", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("sys_user_group").asInt()).isEqualTo(8);
        adminPost("/seed", null);
        assertThat(emulator.records("sys_user_group")).hasSize(8);
        assertThat(emulator.records("kb_knowledge_base")).hasSize(2);
        JsonNode finance = list("sys_user", "sysparm_query=" + enc("user_name=priya.raman"));
        assertThat(finance.get(0).get("title").asText()).contains("Invoice Exceptions");
        assertThat(finance.get(0).get("email").asText()).isEqualTo("priya.raman@example.com");
    }

    @Test
    void should_reset_records_but_keep_accounts_and_seed() {
        emulator.seedSandbox();
        create("incident", obj("short_description", "gone after reset"));
        assertThat(adminPost("/reset", null).statusCode()).isEqualTo(204);
        assertThat(emulator.records("incident")).isEmpty();
        assertThat(emulator.records("sys_user_group")).hasSize(8);
        assertThat(get("/api/now/table/incident").statusCode()).isEqualTo(200);
        assertThat(create("incident", obj("short_description", "numbers restart")).get("number").asText()).isEqualTo("INC0010001");
    }

    @Test
    void should_report_and_change_configuration() {
        JsonNode cfg = json(adminPut("/config", obj("userTimeZone", "Europe/Berlin", "sessionCookie", "true")));
        assertThat(cfg.get("userTimeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(cfg.get("sessionCookie").asBoolean()).isTrue();
        assertThat(adminPut("/config", obj("userTimeZone", "Mars/Olympus")).statusCode()).isEqualTo(400);
    }

    @Test
    void should_invalidate_tokens_through_the_admin_api() {
        HttpResponse<String> t = send(HttpRequest.newBuilder(URI.create(emulator.oauthTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + enc(creds.clientId()) + "&client_secret=" + enc(creds.clientSecret()))).build());
        String access = json(t).get("access_token").asText();
        Supplier<Integer> call = () -> send(HttpRequest.newBuilder(
                URI.create(emulator.baseUrl() + "/api/now/table/incident")).header("Accept", "application/json")
                .header("Authorization", "Bearer " + access).GET().build()).statusCode();
        assertThat(call.get()).isEqualTo(200);
        assertThat(adminPost("/tokens/expire", null).statusCode()).isEqualTo(204);
        assertThat(call.get()).isEqualTo(401);
    }
}
