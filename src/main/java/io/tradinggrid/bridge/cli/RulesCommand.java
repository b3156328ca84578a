package io.tradinggrid.bridge.cli;

import java.util.ArrayList;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.rules.RulesTester;
import io.tradinggrid.bridge.rules.RulesValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rules validate|test}: check edits to config/ and routes/, and see where threads would go, before running them. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check the rule and route files, and dry-run where threads go.",
        subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class, RulesCommand.Revert.class})
public class RulesCommand implements Runnable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check config/*.yaml and routes/*.camel.yaml: syntax, schema, references between them, unreachable rules.")
    static class Validate implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<RulesValidator.Finding> findings = new RulesValidator(options.configDir, options.routesDir).validate();
            findings.forEach(out::println);
            long errors = findings.stream().filter(RulesValidator.Finding::error).count();
            out.printf("%d error(s), %d warning(s) in %s and %s%n", errors, findings.size() - errors, options.configDir, options.routesDir);
            return errors == 0 ? 0 : 1;
        }
    }

    @Command(name = "revert", mixinStandardHelpOptions = true,
            description = {"Write the previously applied rule files back into --config-dir (with --routes: the route files into",
                "--routes-dir); the running bridge applies them within seconds."})
    static class Revert implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @Option(names = "--routes", description = "revert the route files instead of the rule files") boolean routes;
        @Option(names = "--operator", description = "who (default: the OS user)") String operator = System.getProperty("user.name");
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ConfigValues config = new ConfigValues(options.configDir, options.overrides());
            Path dir = routes ? options.routesDir : options.configDir;
            BridgeStore opened;
            try {
                opened = BridgeStore.open(config.get("tgb.store.url", null), config.get("tgb.store.username", "sa"),
                        config.get("tgb.store.password", ""), 2);
            } catch (BridgeStore.InUseException e) {
                // the running bridge owns the store: it writes the files back into its own folders and applies them
                AdminClient bridge = AdminClient.of(config, operator);
                spec.commandLine().getErr().println("The store is in use by the running bridge: asking it through " + bridge.url());
                try {
                    JsonNode done = bridge.post("/rules/revert", routes ? Map.of("routes", "true") : Map.of(), null);
                    spec.commandLine().getOut().printf("Restored %s %s in the running bridge's folders: %s%n", done.path("restored").asText(),
                            done.path("hash").asText().substring(0, Math.min(12, done.path("hash").asText().length())), done.path("outcome").asText());
                    return 0;
                } catch (IllegalStateException failed) {
                    spec.commandLine().getErr().println(failed.getMessage());
                    return 1;
                }
            }
            try (BridgeStore store = opened) {
                String hash = RulesReloader.revert(routes ? RulesReloader.ROUTES : RulesReloader.RULES, store.dataSource(),
                        new AuditTrail(store.dataSource()), dir, operator);
                spec.commandLine().getOut().printf("Restored %s %s into %s%n", routes ? "routes" : "rules", hash.substring(0, 12), dir);
                return 0;
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Show where each thread goes under the rules in --config-dir, and with --with where it would go under",
                "edited rules instead. Creates nothing. Threads: --threads FILE, or --last N (the threads the bridge took in most",
                "recently, read again from the community), else the sandbox's seeded threads."})
    static class Test implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @Option(names = "--threads", paramLabel = "FILE", description = "JSON array of threads (as the community API returns them)") Path threads;
        @Option(names = "--last", paramLabel = "N", description = "the N threads taken in most recently (ids from the store, threads from the community)") Integer last;
        @Option(names = "--with", paramLabel = "DIR", description = "folder with edited classification-rules.yaml and routing-table.yaml") Path edited;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (last != null && threads != null) {
                spec.commandLine().getErr().println("Give --threads or --last, not both");
                return 2;
            }
            List<JsonNode> input = last != null ? recentThreads(last) : RulesTester.threads(threads);
            List<RulesTester.Row> rows = RulesTester.run(options.configDir, edited, input);
            int changed = 0;
            for (RulesTester.Row row : rows) {
                if (edited == null) {
                    out.printf("  %-32s %-22s %s%n", row.thread(), row.category(), row.now());
                } else if (row.changed()) {
                    changed++;
                    out.printf("~ %-32s %-22s %s%n  %-32s %-22s => %s%n", row.thread(), row.category(), row.now(), "", "", row.edited());
                } else {
                    out.printf("  %-32s %-22s %s%n", row.thread(), row.category(), row.now());
                }
            }
            out.printf(edited == null ? "%d thread(s)%n" : "%d thread(s), %d would go elsewhere%n", rows.size(), changed);
            return 0;
        }

        /** The last threads taken in: ids from the store, content read again from the community by a headless bridge. */
        private List<JsonNode> recentThreads(int n) throws Exception {
            ConfigValues config = new ConfigValues(options.configDir, options.overrides());
            if (BridgeStore.heldByAnotherProcess(config.get("tgb.store.url", null), config.get("tgb.store.username", "sa"),
                    config.get("tgb.store.password", ""))) {
                AdminClient bridge = AdminClient.of(config, null);
                spec.commandLine().getErr().println("The store is in use by the running bridge: asking it through " + bridge.url());
                List<JsonNode> threads = new ArrayList<>();
                bridge.get("/threads/recent", Map.of("limit", String.valueOf(n))).forEach(threads::add);
                return threads;
            }
            Main main = BridgeRuntime.createHeadless(options.configDir, options.routesDir, options.overrides());
            main.start();
            try {
                List<String> ids = main.lookup("threadLinks", ThreadLinks.class).recentThreadIds(n);
                ProducerTemplate template = main.getCamelContext().createProducerTemplate();
                List<JsonNode> threads = new ArrayList<>();
                for (String id : ids) {
                    threads.add(MAPPER.readTree(template.requestBody("direct:community-read-thread", id, String.class)));
                }
                return threads;
            } finally {
                main.stop();
            }
        }
    }
}
