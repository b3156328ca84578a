package io.tradinggrid.bridge;

import io.tradinggrid.bridge.runtime.BridgeCli;
import picocli.CommandLine;

/** Entry point of {@code java -jar tradinggrid-bridge.jar}: the command line picks what to run. */
public final class BridgeApplication {

    private BridgeApplication() {
    }

    public static void main(String[] args) {
        int exitCode = BridgeCli.commandLine().execute(args);
        System.exit(exitCode);
    }
}
