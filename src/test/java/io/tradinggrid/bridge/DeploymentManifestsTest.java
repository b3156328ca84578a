package io.tradinggrid.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tradinggrid.bridge.testing.BridgeMainTestSupport;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The deployment files in deploy/ against the bridge they deploy: the ports they name are the ones
 * config/application.properties (or the ConfigMap's overrides) opens, the probe paths are answered 200 by a running
 * bridge, and nothing kills the bridge before camel.main.shutdown-timeout has let its in-flight work finish.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest extends BridgeMainTestSupport {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Set<String> KINDS = Set.of("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget");

    private final List<JsonNode> manifests = readManifests();
    private final Properties defaults = load(Path.of("config/application.properties"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void should_parse_every_kubernetes_manifest_into_the_objects_a_deployment_needs() {
        assertThat(manifests).allSatisfy(m -> {
            assertThat(m.path("apiVersion").asText()).as("apiVersion of %s", m).isNotBlank();
            assertThat(m.path("metadata").path("name").asText()).as("name of %s", m.path("kind")).isNotBlank();
        });
        assertThat(manifests).extracting(m -> m.path("kind").asText()).containsExactlyInAnyOrderElementsOf(KINDS);
    }

    @Test
    void should_name_the_ports_the_bridge_listens_on_in_the_deployment_the_service_and_the_image() throws IOException {
        int webhookPort = Integer.parseInt(effective("camel.server.port"));
        int managementPort = Integer.parseInt(effective("camel.management.port"));
        JsonNode container = container();

        assertThat(portNumber(container, "webhooks")).isEqualTo(webhookPort);
        assertThat(portNumber(container, "management")).isEqualTo(managementPort);
        JsonNode servicePort = kind("Service").path("spec").path("ports").get(0);
        assertThat(resolvePort(container, servicePort.path("targetPort"))).as("Service targetPort").isEqualTo(webhookPort);
        assertThat(kind("Service").path("spec").path("ports")).as("the management port stays off the Service").hasSize(1);
        for (JsonNode probe : probes(container)) {
            assertThat(resolvePort(container, probe.path("httpGet").path("port"))).as("probe port").isEqualTo(managementPort);
        }
        assertThat(podTemplate().path("metadata").path("annotations").path("prometheus.io/port").asInt()).isEqualTo(managementPort);
        assertThat(dockerfileExposedPorts()).containsExactlyInAnyOrder(webhookPort, managementPort);
        // camel.management.host defaults to 127.0.0.1: the kubelet's probes would find nothing listening
        assertThat(env(container, "CAMEL_MANAGEMENT_HOST").path("value").asText()).isEqualTo("0.0.0.0");
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("CAMEL_MANAGEMENT_HOST=0.0.0.0");
    }

    @Test
    void should_probe_paths_a_running_bridge_answers_with_200() throws Exception {
        List<String> paths = probes(container()).stream().map(p -> p.path("httpGet").path("path").asText()).distinct().toList();
        assertThat(paths).contains("/observe/health/live", "/observe/health/ready");
        for (String path : paths) {
            Awaitility.await(path + " to answer 200").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(path).statusCode() == 200);
        }
        // the bridge does not answer everything with 200: a misspelt probe path would be caught
        assertThat(get("/observe/healthz").statusCode()).isEqualTo(404);
    }

    @Test
    void should_give_in_flight_work_the_whole_shutdown_timeout_before_anything_kills_the_bridge() throws IOException {
        int shutdownTimeout = Integer.parseInt(effective("camel.main.shutdown-timeout"));
        assertThat(podTemplate().path("spec").path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(shutdownTimeout);

        Map<String, String> service = systemdService();
        assertThat(seconds(service.get("TimeoutStopSec"))).isGreaterThanOrEqualTo(shutdownTimeout);
        assertThat(service).containsEntry("KillSignal", "SIGTERM").containsEntry("Restart", "on-failure");
        assertThat(service.get("EnvironmentFile")).isNotBlank();
        assertThat(service.get("User")).isNotBlank().isNotEqualTo("root");
        assertThat(service.get("ExecStart")).contains("tradinggrid-bridge.jar run");
    }

    @Test
    void should_take_the_store_password_from_the_secret_and_ship_only_placeholders() {
        JsonNode secret = kind("Secret");
        JsonNode ref = env(container(), "TGB_STORE_PASSWORD").path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").has(ref.path("key").asText())).as("key %s in the Secret", ref.path("key")).isTrue();
        assertThat(secret.has("data")).as("base64 data could hide a real value").isFalse();
        secret.path("stringData").fields().forEachRemaining(e -> assertThat(e.getValue().asText()).as(e.getKey()).isEqualTo("change-me"));
        assertThat(configMapOverrides().stringPropertyNames()).noneMatch(k -> k.matches(".*(password|secret|token)$"));
    }

    @Test
    void should_mount_the_configmap_where_the_bridge_reads_its_overrides() {
        JsonNode container = container();
        String configMap = kind("ConfigMap").path("metadata").path("name").asText();
        String volume = null;
        for (JsonNode v : podTemplate().path("spec").path("volumes")) {
            if (configMap.equals(v.path("configMap").path("name").asText())) {
                volume = v.path("name").asText();
            }
        }
        String mountPath = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                mountPath = m.path("mountPath").asText();
            }
        }
        assertThat(mountPath).as("mount of ConfigMap %s", configMap).isNotNull();
        String file = env(container, "CAMEL_MAIN_FILE_CONFIGURATIONS").path("value").asText();
        assertThat(file).startsWith(mountPath + "/");
        assertThat(kind("ConfigMap").path("data").has(file.substring(mountPath.length() + 1))).as(file).isTrue();
        assertThat(configMapOverrides().getProperty("tgb.store.url")).startsWith("jdbc:postgresql:");
    }

    @Test
    void should_keep_one_node_through_disruptions_and_select_the_pods_of_the_deployment() {
        JsonNode labels = podTemplate().path("metadata").path("labels");
        assertThat(kind("Deployment").path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(kind("PodDisruptionBudget").path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(kind("PodDisruptionBudget").path("spec").path("selector").path("matchLabels")).isEqualTo(labels);
        assertThat(kind("Deployment").path("spec").path("selector").path("matchLabels")).isEqualTo(labels);
        assertThat(kind("Service").path("spec").path("selector")).isEqualTo(labels);
        JsonNode resources = container().path("resources");
        assertThat(resources.path("requests").path("memory").asText()).isNotBlank();
        assertThat(resources.path("limits").path("memory").asText()).isNotBlank();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value a node runs with: the ConfigMap's override, else config/application.properties. */
    private String effective(String key) {
        String value = configMapOverrides().getProperty(key, defaults.getProperty(key));
        assertThat(value).as(key).isNotBlank();
        return value.trim();
    }

    private Properties configMapOverrides() {
        Properties p = new Properties();
        kind("ConfigMap").path("data").elements().forEachRemaining(file -> {
            try (Reader reader = new StringReader(file.asText())) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return p;
    }

    private JsonNode kind(String kind) {
        List<JsonNode> found = manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        assertThat(found).as("manifests of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private JsonNode podTemplate() {
        return kind("Deployment").path("spec").path("template");
    }

    private JsonNode container() {
        JsonNode containers = podTemplate().path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static List<JsonNode> probes(JsonNode container) {
        List<JsonNode> probes = new ArrayList<>();
        for (String name : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            if (container.has(name)) {
                probes.add(container.get(name));
            }
        }
        assertThat(container.has("livenessProbe") && container.has("readinessProbe")).as("liveness and readiness probes").isTrue();
        return probes;
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError("no environment variable " + name + " in the container");
    }

    private static int portNumber(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** A port as a probe or Service names it: a number, or the name of a container port. */
    private static int resolvePort(JsonNode container, JsonNode port) {
        return port.isInt() ? port.asInt() : portNumber(container, port.asText());
    }

    private static Set<Integer> dockerfileExposedPorts() throws IOException {
        Set<Integer> ports = new LinkedHashSet<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equalsIgnoreCase("EXPOSE")) {
                for (int i = 1; i < words.length; i++) {
                    ports.add(Integer.parseInt(words[i].replaceFirst("/tcp$", "")));
                }
            }
        }
        return ports;
    }

    private static Map<String, String> systemdService() throws IOException {
        Map<String, String> service = new HashMap<>();
        String section = "";
        for (String line : Files.readAllLines(DEPLOY.resolve("systemd/tradinggrid-bridge.service"))) {
            String l = line.trim();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[Service]") && !l.startsWith("#") && l.contains("=")) {
                service.put(l.substring(0, l.indexOf('=')).trim(), l.substring(l.indexOf('=') + 1).trim());
            }
        }
        return service;
    }

    /** systemd time spans as this unit writes them: plain seconds, or with an s or min suffix. */
    private static int seconds(String span) {
        assertThat(span).as("TimeoutStopSec").matches("\\d+(s|min)?");
        return span.endsWith("min") ? Integer.parseInt(span.replace("min", "")) * 60 : Integer.parseInt(span.replace("s", ""));
    }

    private static List<JsonNode> readManifests() {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile()).readAll().stream()
                        .map(JsonNode.class::cast).filter(n -> !n.isNull()).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
