package io.tradinggrid;

import io.tradinggrid.bridge.cli.BridgeCli;
import io.tradinggrid.sandbox.SandboxCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar tradinggrid-bridge.jar}: the bridge's own commands, plus {@code sandbox}, which runs
 * the bridge against the emulators. It lives outside {@code io.tradinggrid.bridge} so that the product itself never
 * depends on the emulators.
 */
public final class TradingGridBridge {

    private TradingGridBridge() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = BridgeCli.commandLine().addSubcommand("sandbox", new SandboxCommand());
        System.exit(commandLine.execute(args));
    }
}
