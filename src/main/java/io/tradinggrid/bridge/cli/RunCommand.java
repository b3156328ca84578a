package io.tradinggrid.bridge.cli;

import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the bridge against the endpoints in the configuration until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the bridge against the systems configured in config/application.properties.")
public class RunCommand implements Callable<Integer> {

    @Mixin
    RuntimeOptions options;

    @Override
    public Integer call() throws Exception {
        Main main = BridgeRuntime.create(options.configDir, options.routesDir, options.properties);
        // camel-main stops the routes gracefully on SIGTERM: consumers stop taking work, in-flight exchanges finish
        main.run();
        return main.getExitCode();
    }
}
