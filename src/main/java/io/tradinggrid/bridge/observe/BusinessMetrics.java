package io.tradinggrid.bridge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tradinggrid.bridge.store.AuditTrail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The bridge's business meters, on /observe/metrics beside Camel's and the JVM's: what was taken in, created and
 * published, counted from the audit trail's events as they are written; dead letters, waiting work, polls, circuits and
 * retry budgets, read when Prometheus scrapes. Tags stay few and bounded (community, system, target, exception type,
 * kind, state): never a thread or record id.
 */
public class BusinessMetrics implements AuditTrail.Listener {

    /** The states a dead letter can be in: each is a series even at zero, so an alert sees it rise from zero. */
    static final List<String> DEAD_LETTER_STATES = List.of("new", "waiting", "replaying", "replayed", "resolved", "discarded", "superseded");
    static final List<String> SYSTEMS = List.of("servicenow", "workflow", "community");

    private final MeterRegistry registry;
    private final Tags bridgeTag;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer statusToPartner;
    private final Set<String> budgetsSeen = ConcurrentHashMap.newKeySet();
    private volatile Set<String> communities = Set.of();

    public BusinessMetrics(MeterRegistry registry, String bridge) {
        this.registry = registry;
        this.bridgeTag = Tags.of("bridge", bridge);
        this.statusToPartner = Timer.builder("tgb.status.to.partner")
                .description("From the bridge learning of a record's status change to the partner seeing it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .tags(bridgeTag).register(registry);
    }

    @Override
    public void recorded(String action, String threadId, String recordRef, Map<String, ?> facts) {
        String system = fact(facts, "system", systemOf(recordRef));
        switch (action) {
            case "thread.taken-in" -> count("tgb.threads.taken.in", "Community thread versions taken in", "community", community(fact(facts, "community", "")));
            case "link.stored" -> count("tgb.records.opened", "Records opened in ServiceNow or Workflow Service for threads", "system", system,
                    "target", fact(facts, "target", "unknown"), "exception_type", fact(facts, "exceptionType", "unclassified"));
            case "status.published" -> {
                published("status", system);
                Object latency = facts.get("latencyMillis");
                if (latency instanceof Number millis) {
                    statusToPartner.record(Duration.ofMillis(millis.longValue()));
                }
            }
            case "post.published" -> published(fact(facts, "kind", "post"), system);
            case "file.published" -> published("file", system);
            case "dlq.stored" -> count("tgb.dead.letters.stored", "Dead letters stored", "system", system);
            default -> {
                if (action.startsWith("knowledge.")) {
                    published("knowledge", "servicenow");
                } else if (action.startsWith("onboarding.")) {
                    published("onboarding", "community");
                } else if (action.startsWith("compliance.")) {
                    published("compliance", "workflow");
                }
            }
        }
    }

    /** Dead letters per state, from the store when scraped (a series per state even at zero). */
    public void deadLetters(Supplier<Map<String, Long>> byState) {
        for (String state : DEAD_LETTER_STATES) {
            gauge("tgb.dead.letters", "Dead letters in the store by state", byState, m -> m.getOrDefault(state, 0L), "state", state);
        }
    }

    /** Waiting work per system and the age of its oldest item (0 when nothing waits). */
    public void waiting(Supplier<Map<String, Long>> countBySystem, Supplier<Map<String, Double>> oldestAgeSecondsBySystem) {
        for (String system : SYSTEMS) {
            gauge("tgb.waiting.work", "Items waiting for their system to come back", countBySystem, m -> m.getOrDefault(system, 0L), "system", system);
            Gauge.builder("tgb.waiting.oldest.age.seconds", oldestAgeSecondsBySystem, m -> m.get().getOrDefault(system, 0.0))
                    .description("Age of the oldest waiting item").tag("system", system).strongReference(true).tags(bridgeTag).register(registry);
        }
    }

    /** Circuit state per system: 0 closed, 1 open, 2 half-open (as the alert rules read it). */
    public void circuits(List<String> systems, java.util.function.Function<String, String> stateOf) {
        for (String system : systems) {
            Gauge.builder("tgb.circuit.state", () -> switch (String.valueOf(stateOf.apply(system))) {
                case "OPEN", "FORCED_OPEN" -> 1;
                case "HALF_OPEN" -> 2;
                default -> 0;
            }).description("Circuit state: 0 closed, 1 open, 2 half-open").tag("system", system).tags(bridgeTag).register(registry);
        }
    }

    /** Retries left in one budget, registered when a route first spends from it. */
    public void retryBudget(String budget, ToDoubleFunction<String> remaining) {
        if (budgetsSeen.add(budget)) {
            Gauge.builder("tgb.retry.budget.remaining", budget, remaining).description("Retries left in a route's retry budget")
                    .tag("budget", budget).strongReference(true).tags(bridgeTag).register(registry);
        }
    }

    /** When each community was last polled successfully, and how often it is meant to be. */
    public void polls(List<String> communities, Supplier<Map<String, Double>> lastSuccessEpochSeconds, double intervalSeconds) {
        this.communities = Set.copyOf(communities);
        for (String community : communities) {
            Gauge.builder("tgb.poll.last.success.timestamp.seconds", lastSuccessEpochSeconds, m -> m.get().getOrDefault(community, Double.NaN))
                    .description("Unix time of the last successful poll of the community").tag("community", community).strongReference(true).tags(bridgeTag).register(registry);
            Gauge.builder("tgb.poll.interval.seconds", () -> intervalSeconds)
                    .description("How often the community is polled").tag("community", community).tags(bridgeTag).register(registry);
        }
    }

    /** Webhook deliveries refused as unauthorized, since start. */
    public <T> void webhookUnauthorized(T source, ToDoubleFunction<T> total) {
        FunctionCounter.builder("tgb.webhook.unauthorized", source, total).description("Webhook deliveries refused 401").tags(bridgeTag).register(registry);
    }

    private void published(String kind, String system) {
        count("tgb.partner.publishes", "Statuses, comments, files and notices published to partners", "kind", kind, "system", system);
    }

    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).tags(bridgeTag).register(registry)).increment();
    }

    private <M> void gauge(String name, String description, Supplier<M> source, ToDoubleFunction<M> value, String... tags) {
        Gauge.builder(name, source, s -> value.applyAsDouble(s.get())).description(description).tags(tags).strongReference(true).tags(bridgeTag).register(registry);
    }

    /** A thread's community as a tag: one of the configured ones, else "other" (the value comes from outside). */
    private String community(String id) {
        return communities.contains(id) ? id : "other";
    }

    private static String fact(Map<String, ?> facts, String name, String fallback) {
        Object value = facts.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static String systemOf(String recordRef) {
        if (recordRef == null) {
            return "community";
        }
        int colon = recordRef.indexOf(':');
        String system = colon < 0 ? recordRef : recordRef.substring(0, colon);
        return SYSTEMS.contains(system) ? system : "community";
    }
}
