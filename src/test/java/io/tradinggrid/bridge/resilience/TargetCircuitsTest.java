package io.tradinggrid.bridge.resilience;

import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.CamelExecutionException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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

        CircuitBreaker cb = circuitOf("servicenow");
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

    @Test
    void should_let_the_calls_of_a_probe_through_while_half_open_and_close_on_their_answers() {
        TargetCircuits threeProbes = new TargetCircuits(List.of("servicenow"), TargetCircuits.config(4, 4, 50, 60_000, 3), true, null);
        CircuitBreaker cb = threeProbes.circuit("servicenow");
        cb.transitionToOpenState();
        assertThatThrownBy(() -> threeProbes.refuseWhileOpen("servicenow")).isInstanceOf(TargetUnavailableException.class);

        cb.transitionToHalfOpenState();
        // one probe thread: its entry takes a permit, then its own calls (look-up, create, link, files) run unpermitted
        threeProbes.ensureAvailable("servicenow");
        for (int call = 0; call < 6; call++) {
            threeProbes.refuseWhileOpen("servicenow");
        }
        assertThat(cb.getState()).as("calls of work under way use no probe permits").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        threeProbes.ensureAvailable("servicenow");
        threeProbes.ensureAvailable("servicenow");
        assertThatThrownBy(() -> threeProbes.ensureAvailable("servicenow")).as("new work beyond the probes waits")
                .isInstanceOf(TargetUnavailableException.class);

        for (int answer = 0; answer < 3; answer++) {
            threeProbes.answered("servicenow");
        }
        assertThat(cb.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        threeProbes.refuseWhileOpen("servicenow");
        threeProbes.ensureAvailable("servicenow");
    }

    private CircuitBreaker circuitOf(String target) {
        return circuits.circuit(target);
    }
}
