package io.tradinggrid.bridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /observe/metrics of a running bridge against the emulators: every meter the monitoring files use is there, the
 * business meters move as threads flow, and readiness is its own probe.
 */
class MetricsScrapeTest extends ForwardPathTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        // gauges read the store at each scrape here, not at most every few seconds
        p.setProperty("tgb.metrics.store-refresh-seconds", "0");
        return p;
    }

    private String scrape() throws Exception {
        return get("/observe/metrics").body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a metric's series whose labels contain every given label="value". */
    private static double sum(String scrape, String metric, String... labels) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([0-9.eE+-]+|NaN)$").matcher(scrape);
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all && !m.group(2).equals("NaN")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    @Test
    void should_expose_every_meter_the_dashboard_and_alerts_use_and_move_them_as_threads_flow() throws Exception {
        String before = scrape();
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        // one retry spends from a retry budget, whose gauge then shows
        clients.put(sandbox().workflow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/workflow/v1/process-instances$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":503}");
        pollAll();
        String after = scrape();

        for (String name : MonitoringFilesTest.DOCUMENTED_METRICS.keySet()) {
            assertThat(after).as(name).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
        }
        assertThat(sum(after, "tgb_threads_taken_in_total")).isGreaterThan(sum(before, "tgb_threads_taken_in_total"));
        assertThat(sum(after, "tgb_records_opened_total") - sum(before, "tgb_records_opened_total")).isEqualTo(links().all().size());
        assertThat(sum(after, "tgb_partner_publishes_total", "kind=\"status\"")).isGreaterThan(sum(before, "tgb_partner_publishes_total", "kind=\"status\""));
        assertThat(sum(after, "tgb_dead_letters_stored_total", "system=\"servicenow\"")
                - sum(before, "tgb_dead_letters_stored_total", "system=\"servicenow\"")).isEqualTo(1.0);
        assertThat(sum(after, "tgb_dead_letters", "state=\"new\"")).isEqualTo(1.0);
        assertThat(sum(after, "tgb_poll_last_success_timestamp_seconds")).isGreaterThan(0);
        assertThat(sum(after, "tgb_circuit_state", "system=\"servicenow\"")).isZero();
        assertThat(after).contains("bridge=\"");
    }

    @Test
    void should_answer_liveness_and_readiness_apart_with_the_store_in_readiness() throws Exception {
        HttpResponse<String> live = get("/observe/health/live");
        HttpResponse<String> ready = get("/observe/health/ready?exposureLevel=full");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(get("/observe/health?exposureLevel=full").body()).contains("store");
    }
}
