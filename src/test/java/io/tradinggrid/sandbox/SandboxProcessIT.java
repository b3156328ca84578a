package io.tradinggrid.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.bridge.testing.EmulatorClients;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does: java -jar target/tradinggrid-bridge.jar sandbox, in a separate process. The three emulators
 * and the bridge come up, endpoints.json says where, seeded threads flow to their records, SIGTERM stops it cleanly.
 */
class SandboxProcessIT {

    @TempDir
    Path dataDir;

    @Test
    void should_start_seed_flow_and_stop_cleanly_from_the_packaged_jar() throws Exception {
        String jar = System.getProperty("bridge.jar", "target/tradinggrid-bridge.jar");
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "sandbox",
                "-D", "tgb.sandbox.servicenow-port=" + freePort(),
                "-D", "tgb.sandbox.workflow-port=" + freePort(),
                "-D", "tgb.sandbox.community-port=" + freePort(),
                "-D", "camel.server.port=" + freePort(),
                "-D", "camel.management.port=" + management,
                "-D", "tgb.sandbox.data-dir=" + dataDir,
                "-D", "tgb.community.poll-cron=0/2 * * * * ?"));
        File log = dataDir.resolve("sandbox.log").toFile();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            Path endpointsFile = dataDir.resolve("endpoints.json");
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(endpointsFile) || !process.isAlive());
            assertThat(process.isAlive()).as("sandbox died: %s", Files.readString(log.toPath())).isTrue();
            long upMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("sandbox endpoints.json after " + upMillis + " ms");

            JsonNode endpoints = Json.MAPPER.readTree(Files.readString(endpointsFile));
            for (String system : List.of("community", "servicenow", "workflow")) {
                assertThat(endpoints.path(system).path("baseUrl").asText()).startsWith("http://127.0.0.1:");
                assertThat(endpoints.path(system).path("tokenUrl").asText()).startsWith("http://127.0.0.1:");
                assertThat(endpoints.path(system).path("clientSecret").asText()).isNotBlank();
                assertThat(endpoints.path(system).path("adminUrl").asText()).endsWith("/_emulator");
            }
            assertThat(endpoints.path("community").path("communityIds")).hasSize(2);
            assertThat(endpoints.path("bridge").path("webhookUrl").asText()).endsWith("/webhooks/community");

            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.body()).contains("UP");
            });

            // the admin API answers on the management port with the sandbox's token, and only with it
            String adminUrl = endpoints.path("bridge").path("adminUrl").asText();
            String adminToken = endpoints.path("bridge").path("adminToken").asText();
            assertThat(adminUrl).isEqualTo("http://127.0.0.1:" + management + "/admin");
            HttpResponse<String> circuits = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/circuits"))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(circuits.statusCode()).as(circuits.body()).isEqualTo(200);
            assertThat(circuits.body()).contains("\"servicenow\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/circuits")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);

            // a seeded invoice rejected for missing tax data becomes a Finance incident, and the partner is told
            EmulatorClients clients = new EmulatorClients(endpointsFile);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(clients.serviceNowRecords("incident", "assignment_group.name=Finance Exceptions")).isNotEmpty());
            JsonNode incident = clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:").get(0);
            String threadId = incident.path("correlation_id").asText().substring("activecommunity:".length());
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(clients.thread(threadId).path("statusNote").asText()).contains(incident.path("number").asText()));

            System.out.println("sandbox: partner told of the incident after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            long stopping = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            System.out.println("sandbox: stopped " + stopMillis + " ms after SIGTERM");
            String output = Files.readString(log.toPath());
            if (stopMillis > 10_000) {
                // what held the stop up, for whoever reads the report
                System.out.println(output.substring(Math.max(0, output.indexOf("is shutting down") - 4000)));
            }
            assertThat(output).contains("Trading Grid Bridge sandbox is up").contains("Sandbox stopped");
            assertThat(output).doesNotContain(endpoints.path("servicenow").path("password").asText())
                    .doesNotContain(endpoints.path("workflow").path("clientSecret").asText())
                    .doesNotContain(adminToken);
            assertThat(endpointsFile).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
