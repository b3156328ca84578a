package io.tradinggrid.bridge.resilience;

import io.tradinggrid.bridge.exchange.ExchangeKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tradinggrid.bridge.store.AuditTrail;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per system the bridge calls (servicenow, workflow, community). It watches every HTTP call the
 * routes make (Camel's "exchange sent" events), so no route has to wrap its calls: 5xx answers, timeouts and refused
 * or reset connections count as failures, any other answer as success (a 4xx means the system is up). When most
 * recent calls to a system fail, its circuit opens: new work for it waits in the store instead of being tried, and
 * {@link WaitingWork} resumes it once a probe call succeeds.
 */
public class TargetCircuits extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(TargetCircuits.class);

    private final List<Map.Entry<String, String>> prefixes = new ArrayList<>();
    private final Map<String, CircuitBreaker> circuits = new LinkedHashMap<>();
    private final Map<String, String> targetsByUri = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param urls for each system, the URL prefixes its calls start with (base URL, token URL)
     */
    public TargetCircuits(Map<String, List<String>> urls, CircuitBreakerConfig config, AuditTrail audit) {
        urls.forEach((target, list) -> {
            list.stream().filter(u -> u != null && !u.isBlank()).forEach(u -> prefixes.add(Map.entry(normalise(u), target)));
            CircuitBreaker circuit = CircuitBreaker.of(target, config);
            circuit.getEventPublisher().onStateTransition(event -> {
                String to = event.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT);
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
            circuits.put(target, circuit);
        });
        // the longest prefix wins, so a token URL under a shared host is told apart from a base URL
        prefixes.sort(Comparator.comparing((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreExchangeSentEvents(false);
    }

    public static CircuitBreakerConfig config(int window, int minimumCalls, float failureRatePercent, long openMillis, int probes) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(java.time.Duration.ofMillis(openMillis))
                .permittedNumberOfCallsInHalfOpenState(probes)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // probes whose outcome never comes (work that failed before calling) must not hold it half open
                .maxWaitDurationInHalfOpenState(java.time.Duration.ofMillis(openMillis))
                .recordException(e -> true)
                .build();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        String target = targetOf(sent.getEndpoint().getEndpointUri());
        if (target == null) {
            return;
        }
        CircuitBreaker circuit = circuits.get(target);
        Exchange exchange = sent.getExchange();
        Exception failure = exchange.getException();
        if (isOutage(failure)) {
            circuit.onError(sent.getTimeTaken(), TimeUnit.MILLISECONDS, failure);
            exchange.setProperty(ExchangeKeys.FAILED_TARGET, target);
        } else {
            // any answer that is not an outage (a 4xx too) says the system is up
            circuit.onSuccess(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
            if (failure == null) {
                // progress: the count of consecutive retries starts again at the next failure
                exchange.removeProperty(ExchangeKeys.RETRIES);
                exchange.removeProperty(ExchangeKeys.FAILED_TARGET);
            }
        }
    }

    /** The system an endpoint URI belongs to, or null for anything else (direct:, sql:, ...). */
    public String targetOf(String endpointUri) {
        if (endpointUri == null || !endpointUri.startsWith("http")) {
            return null;
        }
        // the routes call a handful of endpoint URIs (paths travel in headers): remember their systems
        String known = known(endpointUri);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String target = resolve(endpointUri);
        if (targetsByUri.size() < 10_000) {
            targetsByUri.put(endpointUri, target == null ? "" : target);
        }
        return target;
    }

    private String known(String endpointUri) {
        return targetsByUri.get(endpointUri);
    }

    private String resolve(String endpointUri) {
        String uri = normalise(endpointUri);
        for (Map.Entry<String, String> prefix : prefixes) {
            String p = prefix.getKey();
            if (uri.startsWith(p) && (uri.length() == p.length() || "/?#".indexOf(uri.charAt(p.length())) >= 0)) {
                return prefix.getValue();
            }
        }
        return null;
    }

    /**
     * Throws {@link TargetUnavailableException} instead of calling the system while its circuit is open, and while it
     * is half open beyond the few probe calls it lets through.
     */
    public void ensureAvailable(String target) {
        CircuitBreaker circuit = target == null ? null : circuits.get(target);
        if (circuit != null && !circuit.tryAcquirePermission()) {
            throw new TargetUnavailableException(target, circuit.getState().name().toLowerCase(java.util.Locale.ROOT));
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
            row.put("state", circuit.getState().name().toLowerCase(java.util.Locale.ROOT));
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

    private static String normalise(String url) {
        String u = url.trim().toLowerCase(java.util.Locale.ROOT);
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
