package io.tradinggrid.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.LabelledThread;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.RoutingExplanation;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.rules.CorpusEvaluation;
import io.tradinggrid.bridge.rules.RuleSuggester;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.rules.RulesTester;
import io.tradinggrid.bridge.rules.RulesValidator;
import io.tradinggrid.bridge.status.RoutingCorrections;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rules validate|test}: check edits to config/ and routes/, and see where threads would go, before running them. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check the rule and route files, and dry-run where threads go.",
        subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class, RulesCommand.Explain.class, RulesCommand.Evaluate.class,
            RulesCommand.Suggest.class, RulesCommand.Revert.class})
public class RulesCommand implements Runnable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Thread ids come from an operator's terminal but end up in a URL path: only the community's id characters pass. */
    private static final Pattern THREAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

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
        @Option(names = "--corpus", paramLabel = "FILE", description = "a labelled corpus (JSONL, see rules evaluate): its threads, and the scores before and after the edit") Path corpus;
        @Option(names = "--set", paramLabel = "SET", description = "with --corpus: tune, test or all (default: all)", defaultValue = "all") String set;
        @Option(names = "--with", paramLabel = "DIR", description = "folder with edited classification-rules.yaml and routing-table.yaml") Path edited;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if ((last != null ? 1 : 0) + (threads != null ? 1 : 0) + (corpus != null ? 1 : 0) > 1) {
                spec.commandLine().getErr().println("Give one of --threads, --last and --corpus");
                return 2;
            }
            List<LabelledThread> labelled = corpus == null ? null : LabelledThread.load(corpus, setFilter(set));
            List<JsonNode> input = last != null ? recentThreads(last) : labelled != null
                    ? labelled.stream().map(c -> withId(c.thread(), c.id())).toList() : RulesTester.threads(threads);
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
            if (labelled != null) {
                int maxText = maxTextChars(options);
                out.println();
                printScores(out, corpus, set, CorpusEvaluation.evaluate(options.configDir, labelled, maxText),
                        edited == null ? null : CorpusEvaluation.evaluate(edited, options.configDir, labelled, maxText), false);
            }
            return 0;
        }

        /** The last threads taken in: ids from the store, content read again from the community by a headless bridge. */
        private List<JsonNode> recentThreads(int n) throws Exception {
            return fromBridgeOrHeadless(options, spec, bridge -> {
                List<JsonNode> threads = new ArrayList<>();
                bridge.get("/threads/recent", Map.of("limit", String.valueOf(n))).forEach(threads::add);
                return threads;
            }, main -> {
                List<JsonNode> threads = new ArrayList<>();
                for (String id : main.lookup("threadLinks", ThreadLinks.class).recentThreadIds(n)) {
                    threads.add(readThread(main, id));
                }
                return threads;
            });
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Show why a thread goes where it goes: the rule that decided, the words or fields that made it hold,",
                "the target and team, and the rules that came close. THREAD is a thread id, read again from the community (through",
                "the running bridge and its rules in force when it holds the store); or --thread FILE, under the rules in --config-dir."})
    static class Explain implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @Parameters(arity = "0..1", paramLabel = "THREAD", description = "a thread id, e.g. THR-000123") String threadId;
        @Option(names = "--thread", paramLabel = "FILE", description = "a thread as the community API returns it (JSON)") Path file;
        @Option(names = "--json", description = "print the explanation as JSON") boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if ((threadId == null) == (file == null)) {
                spec.commandLine().getErr().println("Give a thread id or --thread FILE");
                return 2;
            }
            RoutingExplanation explanation;
            if (file != null) {
                ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.load(options.configDir.resolve("classification-rules.yaml")));
                RoutingTable table = RoutingTable.load(options.configDir.resolve("routing-table.yaml"));
                explanation = ThreadRouting.explain(classifier, table, MAPPER.readTree(Files.readString(file)), maxTextChars(options));
            } else if (!THREAD_ID.matcher(threadId).matches()) {
                spec.commandLine().getErr().println("Not a thread id: letters, digits, - and _ only (e.g. THR-000123)");
                return 2;
            } else {
                explanation = fromBridge(threadId);
            }
            out.print(json ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(explanation) + "\n" : explanation.text());
            out.flush();
            return 0;
        }

        /** Asks the running bridge (its rules in force), or reads the thread with a headless one when none runs. */
        private RoutingExplanation fromBridge(String id) throws Exception {
            return fromBridgeOrHeadless(options, spec,
                    bridge -> MAPPER.treeToValue(bridge.get("/threads/" + id + "/explain", Map.of()), RoutingExplanation.class),
                    main -> main.lookup("threadRouting", ThreadRouting.class).explain(readThread(main, id)));
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Score the rules in --config-dir (and with --with, an edited copy beside them) on a labelled corpus: right",
                "target and team, right exception family, sent to triage, precision and recall per exception type, and what went",
                "where instead. Corpus: JSONL, one {\"id\", \"set\": \"tune\"|\"test\", \"thread\": {...}, \"expected\": {\"type\",",
                "\"subtype\", \"target\", \"team\"}} per line. Tune rules on the tune set; the test set tells how they do on wording",
                "they were not tuned on. With --cross-validate K, the model's own examples (learning.examples) are scored instead,",
                "each by a model learnt without it."})
    static class Evaluate implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @Option(names = "--corpus", paramLabel = "FILE", description = "the labelled corpus") Path corpus;
        @Option(names = "--cross-validate", paramLabel = "K",
                description = "score the examples the classifier learns from, in K parts, each by a model learnt from the others") Integer folds;
        @Option(names = "--set", paramLabel = "SET", description = "tune, test or all (default: all)", defaultValue = "all") String set;
        @Option(names = "--with", paramLabel = "DIR", description = "folder with edited classification-rules.yaml and routing-table.yaml") Path edited;
        @Option(names = "--misses", description = "list each thread that went to another target or team") boolean misses;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((corpus == null) == (folds == null)) {
                spec.commandLine().getErr().println("Give one of --corpus and --cross-validate");
                return 2;
            }
            int maxText = maxTextChars(options);
            if (folds != null) {
                if (folds < 2) {
                    spec.commandLine().getErr().println("--cross-validate needs at least 2 parts");
                    return 2;
                }
                printScores(spec.commandLine().getOut(), Path.of("learning.examples"), folds + "-fold cross-validation",
                        CorpusEvaluation.crossValidate(options.configDir, folds, maxText),
                        edited == null ? null : CorpusEvaluation.crossValidate(edited, folds, maxText), misses);
                return 0;
            }
            List<LabelledThread> labelled = LabelledThread.load(corpus, setFilter(set));
            if (labelled.isEmpty()) {
                spec.commandLine().getErr().println("No labelled threads in " + corpus + " for set " + set);
                return 2;
            }
            printScores(spec.commandLine().getOut(), corpus, set, CorpusEvaluation.evaluate(options.configDir, labelled, maxText),
                    edited == null ? null : CorpusEvaluation.evaluate(edited, options.configDir, labelled, maxText), misses);
            return 0;
        }
    }

    @Command(name = "suggest", mixinStandardHelpOptions = true,
            description = {"Propose rule, vocabulary or example edits that operators' routing corrections support (records given another",
                "team or type in ServiceNow, processes re-routed or re-typed in Workflow Service). The edit is written to --out, shown as a rules test diff of the corrected threads, and checked to move",
                "no thread of --corpus. Nothing is applied: review it, then copy it into config/ (see README, Changing routing)."})
    static class Suggest implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @Option(names = "--corpus", paramLabel = "FILE", description = "a labelled corpus whose threads the edit must not move") Path corpus;
        @Option(names = "--out", paramLabel = "DIR", description = "where the edited rule files go (default: suggested-rules)",
                defaultValue = "suggested-rules") Path out;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<RuleSuggester.Corrected> corrected = corrections();
            if (corrected.isEmpty()) {
                out.println("No routing corrections yet: nothing to learn from.");
                return 0;
            }
            List<LabelledThread> labelled = corpus == null ? List.of() : LabelledThread.load(corpus, null);
            RuleSuggester.Result result = RuleSuggester.suggest(options.configDir, this.out, corrected, labelled, maxTextChars(options));
            out.printf("%d routing correction(s) by operators%n", corrected.size());
            for (RuleSuggester.Suggestion s : result.suggestions()) {
                out.printf("+ %-10s %-40s \"%s\"%s%n", s.kind().label(), s.key(), s.phrase(),
                        s.fixes().isEmpty() ? "" : "  fixes " + String.join(", ", s.fixes()));
            }
            for (RulesTester.Row row : result.corrected()) {
                out.printf("%s %-32s %s%n  %-32s => %s%n", row.changed() ? "~" : " ", row.thread(), row.now(), "", row.edited());
            }
            out.printf("%d of %d corrected thread(s) would go where the operators sent them; %d corpus thread(s) would move%s%n",
                    result.fixed(), result.corrected().size(), result.corpusMoved(), corpus == null ? " (no --corpus given)" : "");
            out.printf("Edited rules in %s: check with rules test --with %s, then copy into %s to apply%n", result.folder(), result.folder(),
                    options.configDir);
            return 0;
        }

        private List<RuleSuggester.Corrected> corrections() throws Exception {
            return fromBridgeOrHeadless(options, spec, bridge -> {
                List<RuleSuggester.Corrected> corrected = new ArrayList<>();
                bridge.get("/routing/corrections", Map.of()).forEach(c -> corrected.add(new RuleSuggester.Corrected(c.path("thread"),
                        c.path("toTeam").asText(), c.path("toKey").asText(null))));
                return corrected;
            }, main -> {
                List<RuleSuggester.Corrected> corrected = new ArrayList<>();
                for (RoutingCorrections.Correction c : main.lookup("routingCorrections", RoutingCorrections.class).all()) {
                    corrected.add(new RuleSuggester.Corrected(readThread(main, c.threadId()), c.toTeam(), c.toKey()));
                }
                return corrected;
            });
        }
    }

    /** Work that needs the store and the community: the running bridge does it when it holds the store, else a headless one. */
    private interface BridgeWork<T, B> {
        T apply(B bridge) throws Exception;
    }

    private static <T> T fromBridgeOrHeadless(RuntimeOptions options, CommandLine.Model.CommandSpec spec, BridgeWork<T, AdminClient> viaAdmin,
            BridgeWork<T, Main> headless) throws Exception {
        ConfigValues config = new ConfigValues(options.configDir, options.overrides());
        if (BridgeStore.heldByAnotherProcess(config.get("tgb.store.url", null), config.get("tgb.store.username", "sa"),
                config.get("tgb.store.password", ""))) {
            AdminClient bridge = AdminClient.of(config, null);
            spec.commandLine().getErr().println("The store is in use by the running bridge: asking it through " + bridge.url());
            return viaAdmin.apply(bridge);
        }
        Main main = BridgeRuntime.createHeadless(options.configDir, options.routesDir, options.overrides());
        main.start();
        try {
            return headless.apply(main);
        } finally {
            main.stop();
        }
    }

    private static JsonNode readThread(Main main, String id) throws Exception {
        try (ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
            return MAPPER.readTree(template.requestBody("direct:community-read-thread", id, String.class));
        }
    }

    private static String setFilter(String set) {
        String s = set == null ? "all" : set.toLowerCase(Locale.ROOT);
        if (!List.of("all", "tune", "test").contains(s)) {
            throw new CommandLine.ParameterException(new CommandLine(new RulesCommand()), "--set is tune, test or all, not " + set);
        }
        return s.equals("all") ? null : s;
    }

    private static int maxTextChars(RuntimeOptions options) {
        return Integer.parseInt(new ConfigValues(options.configDir, options.overrides()).get("tgb.classification.max-text-chars", "20000"));
    }

    private static JsonNode withId(JsonNode thread, String id) {
        if (thread.hasNonNull("id")) {
            return thread;
        }
        ObjectNode copy = thread.deepCopy();
        copy.put("id", id);
        return copy;
    }

    /** The scores of the rules, and of the edited ones beside them when given. */
    static void printScores(PrintWriter out, Path corpus, String set, CorpusEvaluation.Report now, CorpusEvaluation.Report edited,
            boolean misses) {
        out.printf("Corpus %s, set %s: %d labelled thread(s)%n", corpus, set, now.threads());
        out.printf("  %-24s %9s%s%n", "", "now", edited == null ? "" : String.format("  %9s", "with edit"));
        scoreLine(out, "right target and team", now.rightTargetAndTeam(), edited == null ? null : edited.rightTargetAndTeam());
        scoreLine(out, "right family", now.rightFamily(), edited == null ? null : edited.rightFamily());
        scoreLine(out, "sent to triage", now.triaged(), edited == null ? null : edited.triaged());
        out.println();
        out.printf("  %-44s %8s %9s %7s%s%n", "exception type", "expected", "precision", "recall",
                edited == null ? "" : "   with edit: precision  recall");
        List<CorpusEvaluation.TypeScore> after = edited == null ? List.of() : edited.perType();
        for (CorpusEvaluation.TypeScore score : now.perType()) {
            out.printf("  %-44s %8d %8.0f%% %6.0f%%", score.key(), score.expected(), 100 * score.precision(), 100 * score.recall());
            after.stream().filter(a -> a.key().equals(score.key())).findFirst()
                    .ifPresent(a -> out.printf("              %8.0f%% %6.0f%%", 100 * a.precision(), 100 * a.recall()));
            out.println();
        }
        printConfusion(out, "went elsewhere (expected -> got: threads)", now.confusion());
        if (edited != null) {
            printConfusion(out, "with the edit, went elsewhere", edited.confusion());
        }
        if (misses) {
            out.println();
            out.println("  threads with another target or team:");
            now.outcomes().stream().filter(o -> !o.rightTargetAndTeam()).forEach(o -> out.printf("    %-8s %-40s expected %s (%s), got %s (%s) by %s%n",
                    o.labelled().id(), o.labelled().expectedKey(), o.labelled().expectedTarget(), o.labelled().expectedTeam(), o.target(), o.team(),
                    o.ruleId()));
        }
    }

    private static void scoreLine(PrintWriter out, String label, double now, Double edited) {
        out.printf("  %-24s %8.1f%%%s%n", label, 100 * now, edited == null ? "" : String.format("  %8.1f%%", 100 * edited));
    }

    private static void printConfusion(PrintWriter out, String title, Map<String, Map<String, Integer>> confusion) {
        out.println();
        out.println("  " + title + (confusion.isEmpty() ? ": none" : ":"));
        confusion.forEach((expected, got) -> got.forEach((key, count) -> out.printf("    %-44s -> %-44s %d%n", expected, key, count)));
    }
}
