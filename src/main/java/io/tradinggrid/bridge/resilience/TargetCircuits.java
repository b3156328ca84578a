package io.tradinggrid.bridge.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tradinggrid.bridge.store.AuditTrail;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per system the bridge calls (servicenow, workflow, community), fed by the system API routes
 * (routes/system-api.camel.yaml), which every call goes through: 5xx answers, timeouts and refused or reset
 * connections count as failures, any other answer as success (a 4xx means the system is up). When most recent calls
 * to a system fail, its circuit opens: new work for it waits in the store instead of being tried, and
 * {@link WaitingWork} resumes it once a probe call succeeds.
 */
public class TargetCircuits {
    private static final Logger LOG = LoggerFactory.getLogger(TargetCircuits.class);

    private final Map<String, CircuitBreaker> circuits = new LinkedHashMap<>();

    /**
     * @param enabled false to let every call through without counting (tgb.circuit.enabled): the circuits stay in
     *                resilience4j's DISABLED state
     */
    public TargetCircuits(List<String> systems, CircuitBreakerConfig config, boolean enabled, AuditTrail audit) {
        for (String target : systems) {
            CircuitBreaker circuit = CircuitBreaker.of(target, config);
            circuit.getEventPublisher().onStateTransition(event -> {
                String to = event.getStateTransition().getToState().name().toLowerCase(Locale.ROOT);
                LOG.warn("Circuit of {} is now {} ({}): {}", target, to, event.getStateTransition(),
                        switch (event.getStateTransition().getToState()) {
                            case OPEN -> "new work for " + target + " waits in the store and resumes when it answers again";
                            case HALF_OPEN -> "probing " + target + " with waiting work";
                            default -> "work for " + target + " flows";
                        });
                if (audit != null) {
                    audit.record("bridge", "circuit." + to, null, "target:" + target, event.getStateTransition().toString());
                }
            });
            if (!enabled) {
                circuit.transitionToDisabledState();
            }
            circuits.put(target, circuit);
        }
    }

    public static CircuitBreakerConfig config(int window, int minimumCalls, float failureRatePercent, long openMillis, int probes) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(Duration.ofMillis(openMillis))
                .permittedNumberOfCallsInHalfOpenState(probes)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // probes whose outcome never comes (work that failed before calling) must not hold it half open
                .maxWaitDurationInHalfOpenState(Duration.ofMillis(openMillis))
                .recordException(e -> true)
                .build();
    }

    /** A call to the system got an answer: it is up. */
    public void answered(String target) {
        CircuitBreaker circuit = circuits.get(target);
        if (circuit != null) {
            circuit.onSuccess(0, TimeUnit.MILLISECONDS);
        }
    }

    /** A call to the system failed: an outage counts against its circuit, any answer (a 4xx too) says it is up. */
    public void failed(String target, Throwable failure) {
        CircuitBreaker circuit = circuits.get(target);
        if (circuit == null) {
            return;
        }
        if (isOutage(failure)) {
            circuit.onError(0, TimeUnit.MILLISECONDS, failure);
        } else {
            circuit.onSuccess(0, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Throws {@link TargetUnavailableException} instead of calling the system while its circuit is open, and while it
     * is half open beyond the few probe calls it lets through.
     */
    public void ensureAvailable(String target) {
        CircuitBreaker circuit = target == null ? null : circuits.get(target);
        if (circuit != null && !circuit.tryAcquirePermission()) {
            throw new TargetUnavailableException(target, circuit.getState().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Throws {@link TargetUnavailableException} while the system's circuit is open, without taking a probe permit: the
     * calls of work already under way go through while it is half open, and their answers decide it. Only the entry
     * of new work ({@link #ensureAvailable}) and the resuming of waiting work hold the half-open probes to a few, so the
     * steps of one probe thread (a look-up, the create, its link) cannot use up the permits and flap it back open.
     */
    public void refuseWhileOpen(String target) {
        CircuitBreaker circuit = target == null ? null : circuits.get(target);
        if (circuit != null && isOpen(circuit.getState())) {
            throw new TargetUnavailableException(target, circuit.getState().name().toLowerCase(Locale.ROOT));
        }
    }

    public boolean isOpen(String target) {
        CircuitBreaker circuit = circuits.get(target);
        return circuit != null && isOpen(circuit.getState());
    }

    /**
     * Whether waiting work for the system may go now, and how much: all of it when the circuit is closed, one probe
     * at a time when it is half open, none when open.
     */
    public int resumable(String target, int batch) {
        CircuitBreaker circuit = circuits.get(target);
        if (circuit == null) {
            return batch;
        }
        // while half open, one message per run; it takes its probe permit when it is about to call the system
        return switch (circuit.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> batch;
            case HALF_OPEN -> 1;
            default -> 0;
        };
    }

    /** State and recent failure rate per system, for operators. */
    public Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        circuits.forEach((target, circuit) -> {
            CircuitBreaker.Metrics m = circuit.getMetrics();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("state", circuit.getState().name().toLowerCase(Locale.ROOT));
            row.put("failureRatePercent", m.getFailureRate() < 0 ? null : m.getFailureRate());
            row.put("recentCalls", m.getNumberOfBufferedCalls());
            row.put("recentFailures", m.getNumberOfFailedCalls());
            out.put(target, row);
        });
        return out;
    }

    CircuitBreaker circuit(String target) {
        return circuits.get(target);
    }

    /** Failures that say the system is down or overloaded, as opposed to answers about the request itself. */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() >= 500;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOpen(CircuitBreaker.State state) {
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

}
