package io.tradinggrid.bridge.resilience;

import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

class TargetCircuitsTest {

    private final TargetCircuits circuits = new TargetCircuits(List.of("servicenow", "workflow", "community"),
            TargetCircuits.config(4, 4, 50, 60_000, 1), true, null);

    @Test
    void should_count_5xx_and_broken_connections_as_outage_but_not_4xx() {
        assertThat(TargetCircuits.isOutage(new HttpOperationFailedException("u", 503, "Unavailable", null, Map.of(), ""))).isTrue();
        assertThat(TargetCircuits.isOutage(new CamelExecutionException("x", null, new ConnectException("refused")))).isTrue();
        assertThat(TargetCircuits.isOutage(new HttpOperationFailedException("u", 400, "Bad", null, Map.of(), ""))).isFalse();
        assertThat(TargetCircuits.isOutage(new IllegalArgumentException("bad thread"))).isFalse();
        assertThat(TargetCircuits.isOutage(null)).isFalse();
    }

    @Test
    void should_open_when_most_recent_calls_fail_and_then_refuse_work_without_calling() {
        assertThat(circuits.resumable("servicenow", 10)).isEqualTo(10);
        circuits.ensureAvailable("servicenow");

        io.github.resilience4j.circuitbreaker.CircuitBreaker cb = circuitOf("servicenow");
        cb.onSuccess(1, TimeUnit.MILLISECONDS);
        for (int i = 0; i < 3; i++) {
            cb.onError(1, TimeUnit.MILLISECONDS, new ConnectException("refused"));
        }

        assertThat(circuits.isOpen("servicenow")).isTrue();
        assertThat(circuits.resumable("servicenow", 10)).isZero();
        assertThatThrownBy(() -> circuits.ensureAvailable("servicenow")).isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("servicenow is unavailable");
        assertThat(circuits.isOpen("workflow")).as("one system's outage is its own").isFalse();
        assertThat(circuits.states().get("servicenow")).containsEntry("state", "open").containsEntry("recentFailures", 3);
    }

    private io.github.resilience4j.circuitbreaker.CircuitBreaker circuitOf(String target) {
        return circuits.circuit(target);
    }
}
