package io.tradinggrid.bridge.cli;

import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlq list|show|replay|discard}: the dead-letter store as an operator works with it. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List, inspect, replay and discard dead letters (messages the bridge could not deliver).",
        subcommands = {DeadLetterCommand.ListCommand.class, DeadLetterCommand.ShowCommand.class,
            DeadLetterCommand.ReplayCommand.class, DeadLetterCommand.DiscardCommand.class})
public class DeadLetterCommand implements Runnable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Filters shared by list and bulk replay. */
    static class Filters {
        @Option(names = "--status", description = "new (default), waiting, replayed, resolved, discarded, superseded (done another way), or any") String status = "new";
        @Option(names = "--route", description = "route id, e.g. thread-intake") String route;
        @Option(names = "--error", description = "text in the exception class or message, e.g. 400 or 'Invalid table'") String error;
        @Option(names = "--since", description = "ISO instant (2026-11-21T08:00:00Z) or a duration back from now (PT24H)") String since;
        @Option(names = "--thread", description = "community thread id") String thread;
        @Option(names = "--target", description = "the system that failed: servicenow, workflow or community") String target;
        @Option(names = "--limit", defaultValue = "200", description = "at most this many (default: ${DEFAULT-VALUE})") int limit;

        DeadLetterStore.Filter toFilter() {
            Instant from = DeadLetterStore.parseSince(since);
            return new DeadLetterStore.Filter("any".equals(status) ? null : status, route, error, from, thread, target, limit);
        }
    }

    abstract static class StoreCommand implements Callable<Integer> {
        @Mixin
        RuntimeOptions options;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /**
         * The operator's terminal. What is printed comes from the store (messages, reasons, headers: partners' text and
         * whatever else wrote the row), so control characters are shown as '?' rather than run by the terminal: an
         * escape sequence in a stored message must not retitle, rewrite or hide what the operator sees.
         */
        PrintWriter out() {
            if (printable == null) {
                printable = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()), true);
            }
            return printable;
        }

        private PrintWriter printable;

        ConfigValues config() {
            return new ConfigValues(options.configDir, options.overrides());
        }

        /** The store, or null when a running bridge holds it: the command then goes through that bridge's admin API. */
        BridgeStore openStore() {
            ConfigValues config = config();
            try {
                return BridgeStore.open(config.get("tgb.store.url", null), config.get("tgb.store.username", "sa"),
                        config.get("tgb.store.password", ""), 2);
            } catch (BridgeStore.InUseException e) {
                return null;
            }
        }

        AdminClient runningBridge(String operator) {
            AdminClient bridge = AdminClient.of(config(), operator);
            spec.commandLine().getErr().println("The store is in use by the running bridge: asking it through " + bridge.url());
            return bridge;
        }
    }

    /** A dead letter's summary row as the admin API gives it, in the columns of {@link DeadLetter#summary()}. */
    static String summary(JsonNode d) {
        return DeadLetter.summaryLine(d.path("id").asLong(), d.path("status").asText(), d.path("lastFailedAt").asText(),
                d.path("route").asText(), d.path("thread").isNull() ? null : d.path("thread").asText(null), d.path("reason").asText(""));
    }

    static Map<String, String> query(Filters filters, boolean dryRun, boolean force) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("status", filters.status);
        q.put("route", filters.route);
        q.put("error", filters.error);
        q.put("since", filters.since);
        q.put("thread", filters.thread);
        q.put("target", filters.target);
        q.put("limit", String.valueOf(filters.limit));
        if (dryRun) {
            q.put("dryRun", "true");
        }
        if (force) {
            q.put("force", "true");
        }
        return q;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters, oldest first.")
    static class ListCommand extends StoreCommand {
        @Mixin
        Filters filters;

        @Override
        public Integer call() {
            try (BridgeStore store = openStore()) {
                out().printf("%6s  %-10s  %-27s  %-26s  %-12s  %s%n", "id", "status", "last failed", "route", "thread", "reason");
                if (store == null) {
                    JsonNode rows = runningBridge(null).get("/dead-letters", query(filters, false, false)).path("deadLetters");
                    rows.forEach(r -> out().println(summary(r)));
                    out().printf("%d dead letter(s)%n", rows.size());
                    return 0;
                }
                List<DeadLetter> rows = new DeadLetterStore(store.dataSource(), new AuditTrail(store.dataSource())).list(filters.toFilter());
                rows.forEach(r -> out().println(r.summary()));
                out().printf("%d dead letter(s)%n", rows.size());
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead letter whole: reason, headers, message.")
    static class ShowCommand extends StoreCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        public Integer call() {
            try (BridgeStore store = openStore()) {
                if (store == null) {
                    out().println(runningBridge(null).get("/dead-letters/" + id, Map.of()).toPrettyString());
                    return 0;
                }
                DeadLetter d = new DeadLetterStore(store.dataSource(), new AuditTrail(store.dataSource())).find(id).orElse(null);
                if (d == null) {
                    spec.commandLine().getErr().println("No dead letter " + id);
                    return 1;
                }
                out().printf("id:          %d%nstatus:      %s%nroute:       %s%nendpoint:    %s%nsystem:      %s%nthread:      %s%n"
                        + "key:         %s%nattempts:    %d%nfirst/last:  %s / %s%nexception:   %s%nreason:      %s%nreplay into: %s%n",
                        d.id(), d.status(), d.routeId(), d.endpoint(), d.targetSystem(), d.threadId(), d.messageKey(), d.attempts(),
                        d.firstFailedAt(), d.lastFailedAt(), d.exceptionClass(), d.exceptionMessage(), d.replayUri());
                if (d.changedBy() != null) {
                    out().printf("changed:     %s by %s: %s%n", d.changedAt(), d.changedBy(), d.changeReason());
                }
                out().printf("headers:     %s%nmessage:%n%s%n", d.headers(), d.body());
                return 0;
            }
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Mark a dead letter as not to be replayed, with the reason.")
    static class DiscardCommand extends StoreCommand {
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--reason", required = true, description = "why, for the audit trail") String reason;
        @Option(names = "--operator", description = "who (default: the OS user)") String operator = System.getProperty("user.name");

        @Override
        public Integer call() throws IOException {
            try (BridgeStore store = openStore()) {
                if (store == null) {
                    runningBridge(operator).post("/dead-letters/" + id + "/discard", Map.of(), MAPPER.writeValueAsString(Map.of("reason", reason)));
                    out().printf("#%d discarded: %s%n", id, reason);
                    return 0;
                }
                new DeadLetterStore(store.dataSource(), new AuditTrail(store.dataSource())).mark(id, "discarded", operator, reason);
                out().printf("#%d discarded: %s%n", id, reason);
                return 0;
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Send dead letters back through the flow they failed in. Replaying something that meanwhile succeeded",
                "creates nothing twice (idempotent consumer and look-up in the target system). Give ids, or filters for a bulk replay."})
    static class ReplayCommand extends StoreCommand {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "dead letter ids; none: every dead letter the filters select") List<Long> ids = new ArrayList<>();
        @Mixin
        Filters filters;
        @Option(names = "--dry-run", description = "say what would be replayed, change nothing") boolean dryRun;
        @Option(names = "--body-file", description = "replay this corrected message instead of the stored one (one ID)") Path bodyFile;
        @Option(names = "--force", description = "replay also dead letters already replayed, resolved or discarded (never superseded ones: their work was done)") boolean force;
        @Option(names = "--operator", description = "who (default: the OS user)") String operator = System.getProperty("user.name");

        @Override
        public Integer call() throws Exception {
            String body = null;
            if (bodyFile != null) {
                if (ids.size() != 1) {
                    spec.commandLine().getErr().println("--body-file replays exactly one ID");
                    return 2;
                }
                body = Files.readString(bodyFile);
            }
            List<Long> selected = new ArrayList<>(ids);
            try (BridgeStore store = openStore()) {
                if (store == null) {
                    return replayInRunningBridge(body);
                }
                if (selected.isEmpty()) {
                    new DeadLetterStore(store.dataSource(), new AuditTrail(store.dataSource())).list(filters.toFilter())
                            .forEach(d -> selected.add(d.id()));
                }
            }
            if (selected.isEmpty()) {
                out().println("Nothing to replay.");
                return 0;
            }
            Main main = BridgeRuntime.createHeadless(options.configDir, options.routesDir, options.overrides());
            main.start();
            Map<DeadLetterReplayer.Outcome, Integer> counts = new EnumMap<>(DeadLetterReplayer.Outcome.class);
            try {
                DeadLetterReplayer replayer = main.lookup("deadLetterReplayer", DeadLetterReplayer.class);
                for (int i = 0; i < selected.size(); i++) {
                    DeadLetterReplayer.Result result = replayer.replay(selected.get(i), operator, dryRun, body, force);
                    counts.merge(result.outcome(), 1, Integer::sum);
                    out().printf("[%d/%d] %s%n", i + 1, selected.size(), result);
                    out().flush();
                }
            } finally {
                main.stop();
            }
            out().printf("%s%n", counts);
            return counts.getOrDefault(DeadLetterReplayer.Outcome.FAILED_AGAIN, 0) > 0
                    || counts.getOrDefault(DeadLetterReplayer.Outcome.REFUSED, 0) > 0 ? 1 : 0;
        }

        /** As {@link DeadLetterReplayer.Result#toString()}. */
        private static String result(JsonNode r) {
            String detail = r.path("detail").isNull() || r.path("detail").isMissingNode() ? "" : ": " + r.path("detail").asText();
            return "#" + r.path("id").asLong() + " " + r.path("outcome").asText() + detail;
        }

        /** The running bridge replays: its in-flight keys then cover the replay as they cover its own work. */
        private int replayInRunningBridge(String body) {
            AdminClient bridge = runningBridge(operator);
            Map<String, String> flags = new LinkedHashMap<>();
            if (dryRun) {
                flags.put("dryRun", "true");
            }
            if (force) {
                flags.put("force", "true");
            }
            List<JsonNode> results = new ArrayList<>();
            if (ids.isEmpty()) {
                bridge.post("/dead-letters/replay", query(filters, dryRun, force), null).path("results").forEach(results::add);
            } else {
                for (int i = 0; i < ids.size(); i++) {
                    results.add(bridge.post("/dead-letters/" + ids.get(i) + "/replay", flags, body));
                    out().printf("[%d/%d] %s%n", i + 1, ids.size(), result(results.get(i)));
                    out().flush();
                }
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                if (ids.isEmpty()) {
                    out().printf("[%d/%d] %s%n", i + 1, results.size(), result(results.get(i)));
                }
                counts.merge(results.get(i).path("outcome").asText(), 1, Integer::sum);
            }
            if (results.isEmpty()) {
                out().println("Nothing to replay.");
                return 0;
            }
            out().printf("%s%n", counts);
            return counts.getOrDefault(DeadLetterReplayer.Outcome.FAILED_AGAIN.name(), 0) > 0
                    || counts.getOrDefault(DeadLetterReplayer.Outcome.REFUSED.name(), 0) > 0 ? 1 : 0;
        }
    }

    /** Passes text through with control and bidi formatting characters (but newlines and tabs) replaced by '?'. */
    static final class PrintableWriter extends java.io.FilterWriter {

        PrintableWriter(java.io.Writer out) {
            super(out);
        }

        /** A carriage return only where the platform ends lines with one: elsewhere it lets text overwrite a line. */
        private static final boolean CR_ENDS_LINES = System.lineSeparator().indexOf('\r') >= 0;

        static char printable(char c) {
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t' && !(c == '\r' && CR_ENDS_LINES);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F';
            return control || bidi ? '?' : c;
        }

        @Override
        public void write(int c) throws IOException {
            out.write(printable((char) c));
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            char[] copy = new char[len];
            for (int i = 0; i < len; i++) {
                copy[i] = printable(buf[off + i]);
            }
            out.write(copy, 0, len);
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            write(text.toCharArray(), off, len);
        }
    }
}
