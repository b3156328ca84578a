package io.tradinggrid.bridge.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradinggrid.bridge.intake.WebhookHealthCheck;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.quartz.CronExpression;

/**
 * What operators watch: the bridge's business meters on /observe/metrics beside Camel's route meters and the JVM's
 * (the bridge's carry its name as the tag {@code bridge}), and the store's readiness check.
 */
public class ObserveConfiguration implements CamelConfiguration {

    @BindToRegistry("storeReadings")
    public StoreReadings storeReadings(@BeanInject("bridgeStore") BridgeStore store, @BeanInject("watermarkStore") WatermarkStore watermarks,
            @PropertyInject("tgb.metrics.store-refresh-seconds") int refreshSeconds) {
        return new StoreReadings(store.dataSource(), watermarks, Duration.ofSeconds(refreshSeconds), Clock.systemUTC());
    }

    @BindToRegistry("storeHealth")
    public StoreHealthCheck storeHealth(@BeanInject("bridgeStore") BridgeStore store) {
        return new StoreHealthCheck(store.dataSource(), 2);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        String bridge = context.resolvePropertyPlaceholders("{{camel.main.name}}");
        // camel-micrometer makes its registry (under this name) while camel-main reads the properties, before the
        // configuration classes; the bridge's meters join it as the routes start, so everything is on one scrape
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext started, boolean alreadyStarted) throws Exception {
                MeterRegistry meters = started.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
                if (meters != null && !alreadyStarted) {
                    register(started, new BusinessMetrics(meters, bridge));
                }
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // all is done while starting
            }
        });
    }

    private static void register(CamelContext context, BusinessMetrics metrics) throws ParseException {
        var registry = context.getRegistry();
        registry.lookupByNameAndType("auditTrail", AuditTrail.class).listen(metrics);

        StoreReadings readings = registry.lookupByNameAndType("storeReadings", StoreReadings.class);
        readings.refreshEvery(context.getExecutorServiceManager().newSingleThreadScheduledExecutor(metrics, "store-readings"));
        metrics.deadLetters(() -> readings.now().deadLetters());
        metrics.waiting(() -> readings.now().waiting(), () -> readings.now().oldestWaitingSeconds());

        TargetCircuits circuits = registry.lookupByNameAndType("targetCircuits", TargetCircuits.class);
        List<String> systems = List.copyOf(circuits.states().keySet());
        metrics.circuits(systems, system -> String.valueOf(circuits.states().getOrDefault(system, Map.of()).get("state")).toUpperCase(Locale.ROOT));
        RetryBudget budget = registry.lookupByNameAndType("retryBudget", RetryBudget.class);
        budget.onBudget(name -> metrics.retryBudget(name, budget::remaining));

        List<String> communities = Arrays.stream(context.resolvePropertyPlaceholders("{{tgb.community.community-ids}}").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        metrics.polls(communities, () -> readings.now().lastPollEpochSeconds(),
                intervalSeconds(context.resolvePropertyPlaceholders("{{tgb.community.poll-cron}}")));
        WebhookHealthCheck webhook = registry.lookupByNameAndType("webhookHealth", WebhookHealthCheck.class);
        metrics.webhookUnauthorized(webhook, WebhookHealthCheck::unauthorizedTotal);
    }

    /** The poll cron's interval: the gap between its next two firings (what "no poll for 3 intervals" is measured in). */
    static double intervalSeconds(String cron) throws ParseException {
        CronExpression expression = new CronExpression(cron);
        Date first = expression.getNextValidTimeAfter(new Date());
        Date second = expression.getNextValidTimeAfter(first);
        return (second.getTime() - first.getTime()) / 1000.0;
    }
}
