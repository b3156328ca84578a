package io.tradinggrid.bridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.intake.ThreadPoller;
import io.tradinggrid.bridge.journal.ThreadHistory;
import io.tradinggrid.bridge.store.WatermarkStore;
import io.tradinggrid.bridge.observe.StoreReadings;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.rules.ConfigVersions;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.rules.RulesTester;
import io.tradinggrid.bridge.rules.RulesValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * What the operations console's pages read and do (routes/operations-console.camel.yaml): an overview of every flow,
 * thread search and timelines, the diff of a corrected dead letter, and the rules' versions, dry runs and applying an
 * uploaded edit. Answers are JSON; dead-letter replay, discard and rules revert are the admin API's own calls.
 */
public class ConsoleApi {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration UPLOAD_KEPT = Duration.ofHours(1);
    private static final List<String> SYSTEMS = List.of("servicenow", "workflow", "community");
    private static final String EXAMPLES = "classification-corpus.jsonl";
    private static final int MAX_UPLOADS = 20;
    private static final long MAX_DIFF_CELLS = 25_000_000L;

    private record Upload(Path dir, List<String> files, Instant at) {
    }

    private final ThreadHistory history;
    private final StoreReadings readings;
    private final TargetCircuits circuits;
    private final RetryBudget budget;
    private final DeadLetterStore deadLetters;
    private final RulesReloader reloader;
    private final WatermarkStore watermarks;
    private final Path configDir;
    private final Path routesDir;
    private final Clock clock;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    public ConsoleApi(ThreadHistory history, StoreReadings readings, TargetCircuits circuits, RetryBudget budget, DeadLetterStore deadLetters,
            RulesReloader reloader, WatermarkStore watermarks, Path configDir, Path routesDir, Clock clock) {
        this.watermarks = watermarks;
        this.history = history;
        this.readings = readings;
        this.circuits = circuits;
        this.budget = budget;
        this.deadLetters = deadLetters;
        this.reloader = reloader;
        this.configDir = configDir;
        this.routesDir = routesDir;
        this.clock = clock;
    }

    /** GET /admin/whoami */
    public String whoami(@ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        return json(Map.of("operator", operator));
    }

    /** GET /admin/overview : per flow and system, the last 24 hours; per community, the last poll. */
    public String overview() throws IOException {
        Instant now = clock.instant();
        Map<String, Map<String, Long>> counts = history.countsBySystem(now.minus(WINDOW));
        StoreReadings.Readings store = readings.now();
        Map<String, Map<String, Object>> states = circuits.states();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (String system : SYSTEMS) {
            Map<String, Long> c = counts.getOrDefault(system, Map.of());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("flow", "community".equals(system) ? "intake" : "records");
            row.put("system", system);
            row.put("takenIn", "community".equals(system) ? c.getOrDefault("threadsTakenIn", 0L) : c.getOrDefault("takenIn", 0L));
            row.put("created", c.getOrDefault("created", 0L));
            row.put("published", c.getOrDefault("published", 0L));
            row.put("failed", c.getOrDefault("failed", 0L));
            row.put("waiting", store.waiting().getOrDefault(system, 0L));
            row.put("oldestWaitingSeconds", store.oldestWaitingSeconds().get(system));
            Object state = states.getOrDefault(system, Map.of()).get("state");
            row.put("circuit", state == null ? "CLOSED" : state.toString().toUpperCase(Locale.ROOT));
            flows.add(row);
        }
        long triaged = counts.getOrDefault("triage", Map.of()).getOrDefault("takenIn", 0L);
        List<Map<String, Object>> communities = polls();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generatedAt", now);
        out.put("flows", flows);
        out.put("notYetRouted", triaged);
        out.put("communities", communities);
        out.put("deadLetters", store.deadLetters());
        out.put("retryBudgets", budget.remaining());
        return json(out);
    }

    /** GET /admin/threads?q=&amp;limit=50 */
    public String threads(@Header("q") String query, @Header("limit") String limit) throws IOException {
        List<ThreadHistory.Found> found = history.search(query, number(limit, 50, 500));
        return json(Map.of("count", found.size(), "threads", found));
    }

    /** GET /admin/threads/{threadId}/timeline */
    public String timeline(@Header("threadId") String threadId) throws IOException {
        if (threadId == null || !threadId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("not a thread id: letters, digits, - and _ only (e.g. THR-000123)");
        }
        ThreadHistory.Timeline timeline = history.timeline(threadId)
                .orElseThrow(() -> new NoSuchElementException("the bridge has no record of thread " + threadId));
        List<Map<String, Object>> events = timeline.events().stream().map(ConsoleApi::event).toList();
        List<Map<String, Object>> letters = deadLetters.list(new DeadLetterStore.Filter(null, null, null, null, threadId, null, 200)).stream()
                .map(ConsoleApi::letter).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threadId", timeline.threadId());
        out.put("communityId", timeline.communityId());
        out.put("partner", timeline.partner());
        out.put("title", timeline.title());
        out.put("records", timeline.records());
        out.put("events", events);
        out.put("deadLetters", letters);
        return json(out);
    }

    /** POST /admin/dead-letters/{id}/diff with the edited message: what the correction changes, line by line. */
    public String deadLetterDiff(@Header("id") String id, @Body String edited) throws IOException {
        long entry = number(id, 0, Long.MAX_VALUE);
        DeadLetter letter = deadLetters.find(entry).orElseThrow(() -> new NoSuchElementException("no dead letter " + entry));
        String original = letter.body() == null ? "" : letter.body();
        String changed = edited == null ? "" : edited;
        JsonNode before = jsonOrNull(original);
        JsonNode after = jsonOrNull(changed);
        if (before != null && after != null) {
            // a message kept as one line of JSON is compared as the console shows it, one field a line
            return json(Map.of("changed", !before.equals(after), "lines", diff(PRETTY.writeValueAsString(before), PRETTY.writeValueAsString(after))));
        }
        return json(Map.of("changed", !original.equals(changed), "lines", diff(original, changed)));
    }

    /** GET /admin/rules : the version in force, its files, and every version applied, newest first. */
    public String rules() throws IOException {
        List<Map<String, Object>> versions = versions();
        List<Map<String, Object>> files = new ArrayList<>();
        for (String name : RulesReloader.FILES) {
            Path file = configDir.resolve(name);
            files.add(Map.of("name", name, "content", Files.exists(file) ? Files.readString(file) : ""));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", versions.stream().filter(v -> RulesReloader.RULES.equals(v.get("kind"))).findFirst().orElse(null));
        out.put("files", files);
        out.put("history", versions);
        return json(out);
    }

    /** GET /admin/rules/history/{id}/diff : what the version changed against the one of its kind before it. */
    public String rulesDiff(@Header("id") String id) throws IOException {
        long version = number(id, 0, Long.MAX_VALUE);
        ConfigVersions.Version applied = reloader.versions().find(version)
                .orElseThrow(() -> new NoSuchElementException("no rules version " + version));
        Optional<ConfigVersions.Version> earlier = reloader.versions().before(applied);
        Map<String, String> files = applied.files();
        Map<String, String> previous = earlier.map(ConfigVersions.Version::files).orElse(Map.of());
        List<Map<String, Object>> changed = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(files.keySet());
        names.addAll(previous.keySet());
        for (String name : names) {
            String before = Objects.toString(previous.get(name), "");
            String after = Objects.toString(files.get(name), "");
            if (!before.equals(after)) {
                changed.add(Map.of("name", name, "lines", diff(before, after)));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", version);
        out.put("previousId", earlier.map(ConfigVersions.Version::id).orElse(null));
        out.put("files", changed);
        return json(out);
    }

    /**
     * POST /admin/rules/test, first half: the uploaded files ({"files": {"classification-rules.yaml": "..."}}) beside
     * the others in force, in a folder of their own; returns the upload's id.
     */
    public String stage(@Body String body) throws IOException {
        JsonNode request;
        try {
            request = MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON such as {\"files\": {\"classification-rules.yaml\": \"...\"}}");
        }
        JsonNode files = request.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new IllegalArgumentException("no files uploaded: send {\"files\": {\"<name>\": \"<content>\"}} with names among "
                    + RulesReloader.FILES);
        }
        for (var it = files.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            // only the rule files the bridge applies: a name is never a path
            if (!RulesReloader.FILES.contains(name)) {
                throw new IllegalArgumentException("not a rules file: " + name + " (one of " + RulesReloader.FILES + ")");
            }
        }
        forgetOldUploads();
        if (uploads.size() >= MAX_UPLOADS) {
            throw new IllegalStateException(MAX_UPLOADS + " uploads are waiting to be applied (each is kept an hour): apply or wait");
        }
        Path dir = Files.createTempDirectory("tgb-rules-upload-");
        for (String name : RulesReloader.FILES) {
            Files.copy(configDir.resolve(name), dir.resolve(name));
        }
        // the labelled threads the rules learn from, so the dry run learns as the bridge will
        Path examples = configDir.resolve(EXAMPLES);
        if (Files.exists(examples)) {
            Files.copy(examples, dir.resolve(EXAMPLES));
        }
        List<String> uploaded = new ArrayList<>();
        for (var it = files.fields(); it.hasNext(); ) {
            var file = it.next();
            Files.writeString(dir.resolve(file.getKey()), file.getValue().asText());
            uploaded.add(file.getKey());
        }
        String id = "u-" + UUID.randomUUID();
        uploads.put(id, new Upload(dir, List.copyOf(uploaded), clock.instant()));
        return id;
    }

    /** POST /admin/rules/test, second half: the upload validated, and the recent threads routed under both. */
    public String dryRun(@ExchangeProperty("uploadId") String uploadId, @Body List<Object> read) throws IOException {
        Upload upload = upload(uploadId);
        List<JsonNode> threads = read == null ? List.of() : read.stream().filter(JsonNode.class::isInstance).map(JsonNode.class::cast).toList();
        int unread = read == null ? 0 : read.size() - threads.size();
        List<RulesValidator.Finding> findings = new RulesValidator(upload.dir(), routesDir).validate();
        boolean valid = findings.stream().noneMatch(RulesValidator.Finding::error);
        List<Map<String, Object>> rows = new ArrayList<>();
        int changed = 0;
        if (valid) {
            for (RulesTester.Row row : RulesTester.run(configDir, upload.dir(), threads)) {
                if (row.changed()) {
                    changed++;
                    rows.add(Map.of("thread", row.thread(), "category", row.category(), "now", row.now(), "edited", row.edited(), "changed", true));
                }
            }
        }
        List<Map<String, Object>> described = findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", f.error());
            m.put("file", f.file() == null ? null : f.file().getFileName().toString());
            m.put("line", f.line());
            m.put("message", f.message());
            return m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uploadId", uploadId);
        out.put("valid", valid);
        out.put("files", upload.files());
        out.put("findings", described);
        out.put("threads", threads.size());
        out.put("unread", unread);
        out.put("changed", changed);
        out.put("rows", rows);
        return json(out);
    }

    /** POST /admin/rules/apply {"uploadId": "..."} : the uploaded files into config/, applied now (validated again). */
    public String apply(@Body String body, @ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        JsonNode request;
        try {
            request = MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON such as {\"uploadId\": \"u-...\"}");
        }
        String id = request.path("uploadId").asText(null);
        Upload upload = upload(id);
        Map<String, String> edited = new LinkedHashMap<>();
        for (String name : upload.files()) {
            edited.put(name, Files.readString(upload.dir().resolve(name)));
        }
        String outcome = reloader.applyEdit(edited, operator);
        if (outcome.startsWith("rejected")) {
            // validated again against the files in force now: another edit may have come in since the dry run
            throw new IllegalStateException("not applied, the rules in force stay: " + outcome);
        }
        uploads.remove(id);
        delete(upload.dir());
        return json(Map.of("outcome", outcome, "files", upload.files()));
    }

    private Upload upload(String id) {
        Upload upload = id == null ? null : uploads.get(id);
        if (upload == null) {
            throw new NoSuchElementException("no such upload (uploads are kept for an hour): upload the edit again");
        }
        return upload;
    }

    private void forgetOldUploads() {
        Instant cutoff = clock.instant().minus(UPLOAD_KEPT);
        uploads.entrySet().removeIf(e -> {
            if (e.getValue().at().isBefore(cutoff)) {
                delete(e.getValue().dir());
                return true;
            }
            return false;
        });
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp folder left behind is the operating system's to clean
        }
    }

    private List<Map<String, Object>> versions() {
        List<Map<String, Object>> versions = new ArrayList<>();
        for (ConfigVersions.Version version : reloader.versions().history(200)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", version.id());
            v.put("kind", version.kind());
            v.put("hash", version.hash());
            v.put("appliedAt", version.appliedAt());
            v.put("appliedBy", version.appliedBy());
            versions.add(v);
        }
        return versions;
    }

    /** Each community's last successful poll and its watermark, as the store has them now (one row each). */
    private List<Map<String, Object>> polls() {
        List<Map<String, Object>> polls = new ArrayList<>();
        for (WatermarkStore.Position p : ThreadPoller.communityPolls(watermarks)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("communityId", p.key());
            row.put("lastPollAt", p.updatedAt());
            row.put("watermark", p.watermark());
            polls.add(row);
        }
        return polls;
    }

    static List<Map<String, String>> diff(String before, String after) {
        List<String> a = Arrays.asList(before.split("\n", -1));
        List<String> b = Arrays.asList(after.split("\n", -1));
        if ((long) a.size() * b.size() > MAX_DIFF_CELLS) {
            // a line diff costs up to the product of the two lengths: past this, whole sides are shown as changed
            List<Map<String, String>> whole = new ArrayList<>();
            a.forEach(l -> whole.add(Map.of("op", "-", "text", l)));
            b.forEach(l -> whole.add(Map.of("op", "+", "text", l)));
            return whole;
        }
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Map<String, String>> lines = new ArrayList<>();
        int at = 0;
        List<AbstractDelta<String>> deltas = new ArrayList<>(patch.getDeltas());
        deltas.sort(Comparator.comparingInt(d -> d.getSource().getPosition()));
        for (AbstractDelta<String> delta : deltas) {
            for (; at < delta.getSource().getPosition(); at++) {
                lines.add(Map.of("op", " ", "text", a.get(at)));
            }
            delta.getSource().getLines().forEach(l -> lines.add(Map.of("op", "-", "text", l)));
            delta.getTarget().getLines().forEach(l -> lines.add(Map.of("op", "+", "text", l)));
            at += delta.getSource().size();
        }
        for (; at < a.size(); at++) {
            lines.add(Map.of("op", " ", "text", a.get(at)));
        }
        return lines;
    }

    private static JsonNode jsonOrNull(String text) {
        String t = text.strip();
        if (!t.startsWith("{") && !t.startsWith("[")) {
            return null;
        }
        try {
            return MAPPER.readTree(t);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Object> event(ThreadHistory.Event e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", e.at());
        out.put("kind", e.kind());
        out.put("actor", e.actor());
        out.put("recordRef", e.recordRef());
        out.put("summary", EventSummary.of(e.kind(), e.detail()));
        out.put("detail", e.detail());
        return out;
    }

    private static Map<String, Object> letter(DeadLetter d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", d.id());
        row.put("status", d.status());
        row.put("route", d.routeId());
        row.put("target", d.targetSystem());
        row.put("attempts", d.attempts());
        row.put("lastFailedAt", d.lastFailedAt());
        row.put("reason", d.listedReason());
        return row;
    }

    private static long number(String raw, long fallback, long max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(raw.trim());
            if (n < 0 || n > max) {
                throw new IllegalArgumentException("out of range: " + raw);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + raw);
        }
    }

    private static int number(String raw, int fallback, int max) {
        return (int) number(raw, (long) fallback, (long) max);
    }

    private static String json(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }
}
