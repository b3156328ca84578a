package io.tradinggrid.bridge.console;

import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.journal.ThreadHistory;
import io.tradinggrid.bridge.observe.StoreReadings;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The operations console: its pages and what they ask the bridge (routes/operations-console.camel.yaml). */
public class ConsoleConfiguration implements CamelConfiguration {

    @BindToRegistry("consoleAssets")
    public ConsoleAssets consoleAssets() {
        return new ConsoleAssets();
    }

    @BindToRegistry("consoleApi")
    public ConsoleApi consoleApi(@BeanInject("threadHistory") ThreadHistory history, @BeanInject("storeReadings") StoreReadings readings,
            @BeanInject("targetCircuits") TargetCircuits circuits, @BeanInject("retryBudget") RetryBudget budget,
            @BeanInject("deadLetterStore") DeadLetterStore deadLetters, @BeanInject("rulesReloader") RulesReloader reloader,
            @BeanInject("watermarkStore") WatermarkStore watermarks,
            @PropertyInject("tgb.config-dir") String configDir,
            @PropertyInject("tgb.routes-dir") String routesDir) {
        return new ConsoleApi(history, readings, circuits, budget, deadLetters, reloader, watermarks, Path.of(configDir),
                Path.of(routesDir), Clock.systemUTC());
    }
}
