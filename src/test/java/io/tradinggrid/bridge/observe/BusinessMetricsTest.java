package io.tradinggrid.bridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradinggrid.bridge.store.AuditTrail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The business meters from the audit trail's events and the store's readings, without a CamelContext. */
class BusinessMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BusinessMetrics metrics = new BusinessMetrics(registry, "tgb-test");

    @Test
    void should_count_records_opened_by_system_target_and_exception_type() {
        metrics.recorded("link.stored", "THR-1", "servicenow:incident:abc", AuditTrail.facts("system", "servicenow", "target", "incident",
                "exceptionType", "missing-asn"));
        metrics.recorded("link.stored", "THR-2", "servicenow:incident:def", AuditTrail.facts("system", "servicenow", "target", "incident",
                "exceptionType", "missing-asn"));
        metrics.recorded("link.stored", "THR-3", "workflow:claim:x", AuditTrail.facts("system", "workflow", "target", "claim",
                "exceptionType", "claim/damage"));

        assertThat(registry.get("tgb.records.opened").tags("system", "servicenow", "exception_type", "missing-asn", "bridge", "tgb-test")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tgb.records.opened").tags("target", "claim").counter().count()).isEqualTo(1.0);
    }

    @Test
    void should_time_status_to_partner_and_count_publishes_by_kind() {
        metrics.recorded("status.published", "THR-1", "workflow:claim:x", AuditTrail.facts("system", "workflow", "latencyMillis", 1500L));
        metrics.recorded("post.published", "THR-1", "workflow:claim:x", AuditTrail.facts("kind", "comment", "system", "workflow"));
        metrics.recorded("knowledge.created", null, "kb:1", Map.of());

        assertThat(registry.get("tgb.status.to.partner").timer().count()).isEqualTo(1);
        assertThat(registry.get("tgb.status.to.partner").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
        assertThat(registry.get("tgb.partner.publishes").tags("kind", "comment").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tgb.partner.publishes").tags("kind", "knowledge").counter().count()).isEqualTo(1.0);
    }

    @Test
    void should_read_dead_letters_waiting_work_and_circuits_when_scraped() {
        Map<String, Long> letters = new HashMap<>(Map.of("new", 2L));
        metrics.deadLetters(() -> letters);
        metrics.waiting(() -> Map.of("servicenow", 3L), () -> Map.of("servicenow", 620.0));
        Map<String, String> states = new HashMap<>(Map.of("servicenow", "OPEN", "workflow", "CLOSED"));
        metrics.circuits(List.of("servicenow", "workflow"), states::get);

        assertThat(registry.get("tgb.dead.letters").tags("state", "new").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("tgb.dead.letters").tags("state", "waiting").gauge().value()).as("a state at zero is a series").isZero();
        letters.put("new", 5L);
        assertThat(registry.get("tgb.dead.letters").tags("state", "new").gauge().value()).isEqualTo(5.0);
        assertThat(registry.get("tgb.waiting.work").tags("system", "servicenow").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("tgb.waiting.oldest.age.seconds").tags("system", "servicenow").gauge().value()).isEqualTo(620.0);
        assertThat(registry.get("tgb.waiting.oldest.age.seconds").tags("system", "workflow").gauge().value()).isZero();
        assertThat(registry.get("tgb.circuit.state").tags("system", "servicenow").gauge().value()).isEqualTo(1.0);
        states.put("servicenow", "HALF_OPEN");
        assertThat(registry.get("tgb.circuit.state").tags("system", "servicenow").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("tgb.circuit.state").tags("system", "workflow").gauge().value()).isZero();
    }

    @Test
    void should_keep_its_gauges_after_a_garbage_collection() {
        metrics.deadLetters(() -> Map.of("new", 1L));
        System.gc();
        assertThat(registry.get("tgb.dead.letters").tags("state", "new").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void should_measure_the_poll_interval_from_the_cron() throws Exception {
        assertThat(ObserveConfiguration.intervalSeconds("0/30 * * * * ?")).isEqualTo(30.0);
        assertThat(ObserveConfiguration.intervalSeconds("0 0/5 * * * ?")).isEqualTo(300.0);
    }
}
