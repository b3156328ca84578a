package io.tradinggrid.bridge.cli;

import io.tradinggrid.bridge.cli.DeadLetterCommand;
import io.tradinggrid.bridge.cli.RulesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code run}, {@code sandbox}, and (with later features) {@code dlq}, {@code rules}. */
@Command(name = "tradinggrid-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = BridgeCli.Version.class,
        description = "Connects OpenText Active Community - Trading Grid with ServiceNow and OpenText Workflow Service.",
        subcommands = {RunCommand.class, DeadLetterCommand.class, RulesCommand.class, CommandLine.HelpCommand.class})
public class BridgeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new BridgeCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // what the user can fix gets one clear line; anything else its stack trace as well
                    cmd.getErr().println("Error: " + e.getMessage());
                    if (!(e instanceof IllegalArgumentException) && !(e instanceof IllegalStateException)) {
                        e.printStackTrace(cmd.getErr());
                    }
                    cmd.getErr().flush();
                    return 2;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BridgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"tradinggrid-bridge " + (version == null ? "development build" : version)};
        }
    }
}
