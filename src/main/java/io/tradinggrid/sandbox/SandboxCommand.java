package io.tradinggrid.sandbox;

import io.tradinggrid.bridge.cli.RuntimeOptions;
import io.tradinggrid.bridge.cli.BridgeRuntime;
import io.tradinggrid.bridge.cli.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the emulated ServiceNow, Workflow Service and Active Community, seeds them, and runs the bridge against them. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Start emulators of ServiceNow, OpenText Workflow Service and Active Community on loopback,",
                "seed a realistic partner community, and run the bridge wired to them until Ctrl-C.",
                "Endpoints and generated credentials are written to <data-dir>/endpoints.json."})
public class SandboxCommand implements Callable<Integer> {

    @Mixin
    RuntimeOptions options;

    @Option(names = "--no-seed", description = "Start the emulators empty (no communities, threads or groups).")
    boolean noSeed;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ConfigValues config = new ConfigValues(options.configDir, options.properties);
        SandboxSettings settings = SandboxSettings.from(config);
        try (Sandbox sandbox = Sandbox.start(settings, !noSeed)) {
            Map<String, String> overrides = new LinkedHashMap<>(sandbox.bridgeProperties());
            overrides.putAll(options.properties);
            Main main = BridgeRuntime.create(options.configDir, options.routesDir, overrides);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport m) {
                    sandbox.announceReady((System.nanoTime() - started) / 1_000_000);
                }
            });
            // On SIGTERM or Ctrl-C every shutdown hook runs at once. This one waits for Camel to finish its
            // in-flight work (camel-main's own hook stops it) and only then stops the emulators it talks to.
            Thread stopEmulators = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (main.getCamelContext() != null && !main.getCamelContext().isStopped() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                sandbox.close();
            }, "sandbox-shutdown");
            Runtime.getRuntime().addShutdownHook(stopEmulators);
            main.run();
            return main.getExitCode();
        }
    }
}
