package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.LabelledThread;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PartnerInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposes edits that operators' routing corrections support. For each type operators moved threads to, the phrases
 * those threads share are tried one by one, most shared first: as a vocabulary phrase where the rules do not learn, and
 * as a rule that decides before the learnt model where they do (a phrase among the model's evidence moves its
 * boundaries everywhere; a rule touches only the threads that say it). A phrase is kept when it undoes no fix and moves
 * no thread of the labelled corpus, until every corrected thread goes where the operator sent it; what no phrase fixes
 * is offered as labelled examples. The edit is written to a folder for `rules test --with`; nothing is applied.
 */
public final class RuleSuggester {

    /**
     * A thread an operator routed elsewhere: the thread as the community has it, the team the operator chose and, when
     * the operator changed the record's exception type, that type (else null: the team's first type is meant).
     */
    public record Corrected(JsonNode thread, String toTeam, String toKey) {
        public Corrected(JsonNode thread, String toTeam) {
            this(thread, toTeam, null);
        }
    }

    /**
     * An edit, and the corrected threads it sends where the operator did: a phrase to add to a type's vocabulary, or
     * (when the rules learn, and no phrase does it) a corrected thread added to the labelled examples.
     */
    public record Suggestion(Kind kind, String key, String phrase, List<String> fixes) {
        public static final String EXAMPLE = "labelled example";

        public boolean example() {
            return kind == Kind.EXAMPLE;
        }
    }

    /** What a suggestion edits: a type's vocabulary, a new rule at the top of the rules, or the labelled examples. */
    public enum Kind {
        VOCABULARY, RULE, EXAMPLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the suggested edit does: its phrases, where it is written, and the corrected threads before and after. */
    public record Result(List<Suggestion> suggestions, Path folder, List<RulesTester.Row> corrected, int fixed, int corpusMoved) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PHRASES_TRIED = 6;
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}-]+");
    private static final Set<String> FILLER = Set.of("the", "and", "for", "our", "your", "you", "are", "was", "with", "this", "that",
            "from", "have", "has", "please", "thanks", "thank", "hello", "regards", "can", "could", "would", "will", "not", "but", "all",
            "any", "its", "they", "them", "their", "there", "here", "what", "when", "who", "why", "how", "into", "over", "also", "just");
    private static final int CANDIDATES_PER_TEAM = 40;
    private static final int PHRASES_PER_TYPE = 5;

    private RuleSuggester() {
    }

    public static Result suggest(Path configDir, Path folder, List<Corrected> corrections, List<LabelledThread> corpus, int maxText)
            throws IOException {
        RoutingTable table = RoutingTable.load(configDir.resolve("routing-table.yaml"));
        String rulesText = Files.readString(configDir.resolve("classification-rules.yaml"));
        ThreadClassifier current = classifier(rulesText, configDir);
        List<JsonNode> corpusThreads = corpus.stream().map(c -> PartnerInput.thread(c.thread())).toList();
        List<String> corpusNow = corpusThreads.stream().map(t -> route(current, table, t, maxText)).toList();

        // the type each correction points at: the table's first entry for the operator's team
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        Map<JsonNode, Corrected> wantedOf = new LinkedHashMap<>();
        for (Corrected c : corrections) {
            String key = c.toKey() != null && table.knows(c.toKey()) ? c.toKey() : keyOfTeam(table, c.toTeam());
            JsonNode thread = PartnerInput.thread(c.thread());
            Corrected wanted = new Corrected(thread, c.toTeam(), c.toKey() == null ? null : key);
            if (key != null && !meets(current, table, thread, wanted, maxText)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(thread);
                wantedOf.put(thread, wanted);
            }
        }

        List<Suggestion> suggestions = new ArrayList<>();
        String edited = rulesText;
        ThreadClassifier editedClassifier = current;
        boolean learns = current.learns();
        for (Map.Entry<String, List<JsonNode>> entry : byKey.entrySet()) {
            List<String> fixedBefore = fixed(editedClassifier, table, entry.getValue(), wantedOf, maxText);
            // each try learns the model again (a second or two): the most widely shared phrases are tried, not all
            Kind kind = learns ? Kind.RULE : Kind.VOCABULARY;
            for (String phrase : candidates(entry.getValue()).stream().limit(PHRASES_TRIED).toList()) {
                if (fixedBefore.size() == entry.getValue().size()) {
                    break;
                }
                String tried = kind == Kind.RULE ? withRule(edited, entry.getKey(), phrase) : withPhrase(edited, entry.getKey(), phrase);
                ThreadClassifier trying;
                try {
                    trying = classifier(tried, configDir);
                } catch (IllegalArgumentException | IOException refused) {
                    continue; // e.g. a phrase of stop words only
                }
                List<String> fixedAfter = fixed(trying, table, entry.getValue(), wantedOf, maxText);
                // a vocabulary phrase may take another to decide (a rival type scores on the same threads): kept while
                // it fixes none undone and moves nothing, up to a few per type. A rule decides alone: one that fixes
                // nothing by itself is noise
                boolean gain = kind == Kind.RULE ? fixedAfter.size() > fixedBefore.size() : fixedAfter.size() >= fixedBefore.size();
                if (!gain || moved(trying, table, corpusThreads, corpusNow, maxText) > 0
                        || kept(suggestions, entry.getKey()) >= PHRASES_PER_TYPE) {
                    continue;
                }
                List<String> fixes = new ArrayList<>(fixedAfter);
                fixes.removeAll(fixedBefore);
                suggestions.add(new Suggestion(kind, entry.getKey(), phrase, fixes));
                edited = tried;
                editedClassifier = trying;
                fixedBefore = fixedAfter;
            }
        }

        Files.createDirectories(folder);
        List<String> beside = new ArrayList<>(List.of("routing-table.yaml", "status-maps.yaml", "application.properties"));
        ClassificationRules.Learning learning = ClassificationRules.parse(rulesText, configDir).learning;
        if (learning != null && learning.examples != null) {
            beside.add(learning.examples); // the edited rules learn from the same labelled threads
        }
        for (String file : beside) {
            if (Files.exists(configDir.resolve(file))) {
                Files.copy(configDir.resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(folder.resolve("classification-rules.yaml"), edited);
        List<JsonNode> correctedThreads = new ArrayList<>();
        byKey.values().forEach(correctedThreads::addAll);
        if (learning != null && learning.examples != null && !learning.examples.isBlank()) {
            ThreadClassifier taught = teach(folder, learning.examples, edited, byKey, wantedOf, editedClassifier, table, suggestions,
                    corpusThreads, corpusNow, maxText);
            editedClassifier = taught == null ? editedClassifier : taught;
        }
        List<RulesTester.Row> rows = RulesTester.run(configDir, folder, correctedThreads);
        int fixed = fixed(editedClassifier, table, correctedThreads, wantedOf, maxText).size();
        return new Result(suggestions, folder, rows, fixed, moved(editedClassifier, table, corpusThreads, corpusNow, maxText));
    }

    /**
     * The corrected threads no phrase sent where the operators did, as labelled examples beside the edited rules: kept
     * when the model learnt with them sends more of them there and moves no thread of the corpus; else the examples
     * go back as they were. Returns the classifier that learnt them, or null.
     */
    private static ThreadClassifier teach(Path folder, String examplesFile, String rulesText, Map<String, List<JsonNode>> byKey,
            Map<JsonNode, Corrected> wantedOf, ThreadClassifier before, RoutingTable table, List<Suggestion> suggestions,
            List<JsonNode> corpusThreads, List<String> corpusNow, int maxText) throws IOException {
        Path examples = folder.resolve(examplesFile);
        if (!Files.isRegularFile(examples)) {
            return null;
        }
        String original = Files.readString(examples);
        String base = original.endsWith("\n") || original.isEmpty() ? original : original + "\n";
        List<String> lines = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> entry : byKey.entrySet()) {
            for (JsonNode thread : entry.getValue()) {
                if (!meets(before, table, thread, wantedOf.get(thread), maxText)) {
                    lines.add(exampleLine(thread, entry.getKey(), table));
                    keys.add(entry.getKey());
                    ids.add(thread.path("id").asText("?"));
                }
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        List<JsonNode> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        int fixedBefore = fixed(before, table, all, wantedOf, maxText).size();
        // as few examples as it takes: each one more moves the model, and a corpus thread near a boundary with it
        for (int n = 1; ; n = Math.min(lines.size(), n * 2)) {
            Files.writeString(examples, base + String.join("\n", lines.subList(0, n)) + "\n");
            ThreadClassifier taught = new ThreadClassifier(ClassificationRules.parse(rulesText, folder));
            List<String> fixedAfter = fixed(taught, table, all, wantedOf, maxText);
            if (fixedAfter.size() > fixedBefore && moved(taught, table, corpusThreads, corpusNow, maxText) == 0) {
                Map<String, List<String>> taughtByKey = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    taughtByKey.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(ids.get(i));
                }
                taughtByKey.forEach((key, examplesOf) -> suggestions.add(new Suggestion(Kind.EXAMPLE, key, Suggestion.EXAMPLE + " (" + examplesOf.size()
                        + " corrected thread(s): " + String.join(", ", examplesOf) + ")", fixedAfter)));
                return taught;
            }
            if (n == lines.size()) {
                Files.writeString(examples, original);
                return null;
            }
        }
    }

    /** A corrected thread as a line of the labelled examples, learnt as the type the operator meant. */
    private static String exampleLine(JsonNode thread, String key, RoutingTable table) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("id", "corrected-" + thread.path("id").asText("?"));
        line.put("set", LabelledThread.TUNE);
        ObjectNode fields = line.putObject("thread");
        for (String field : List.of("title", "body", "category", "priority")) {
            if (thread.hasNonNull(field)) {
                fields.set(field, thread.get(field));
            }
        }
        if (thread.has("references")) {
            fields.set("references", thread.get("references"));
        }
        ObjectNode expected = line.putObject("expected");
        int slash = key.indexOf('/');
        expected.put("type", slash < 0 ? key : key.substring(0, slash));
        if (slash > 0) {
            expected.put("subtype", key.substring(slash + 1));
        }
        Target target = table.resolve(Classification.of(key, "operator", List.of()));
        expected.put("target", target.entry().target);
        expected.put("team", target.team());
        line.put("note", "an operator's routing correction");
        return line.toString();
    }

    private static long kept(List<Suggestion> suggestions, String key) {
        return suggestions.stream().filter(s -> s.key().equals(key)).count();
    }

    /** The first routing-table entry (not the default) whose team is the operator's, or null when none is. */
    static String keyOfTeam(RoutingTable table, String team) {
        return table.routes().entrySet().stream().filter(e -> team.equals(e.getValue().team) && !Classification.UNCLASSIFIED.equals(e.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Two- and three-word phrases of the threads' titles and bodies, the most widely shared first. */
    static List<String> candidates(List<JsonNode> threads) {
        Map<String, Integer> shared = new LinkedHashMap<>();
        for (JsonNode thread : threads) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> words = words(thread.path("title").asText("") + " \n " + thread.path("body").asText(""));
            for (int n = 2; n <= 3; n++) {
                for (int i = 0; i + n <= words.size(); i++) {
                    List<String> gram = words.subList(i, i + n);
                    if (FILLER.contains(gram.get(0)) || FILLER.contains(gram.get(n - 1)) || gram.contains("\n")) {
                        continue;
                    }
                    seen.add(String.join(" ", gram));
                }
            }
            seen.forEach(g -> shared.merge(g, 1, Integer::sum));
        }
        return shared.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(e -> e.getKey().length()))
                .limit(CANDIDATES_PER_TEAM).map(Map.Entry::getKey).toList();
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String line : text.toLowerCase(Locale.ROOT).split("\n")) {
            Matcher m = WORD.matcher(line);
            while (m.find()) {
                words.add(m.group());
            }
            words.add("\n");
        }
        return words;
    }

    /** The rules text with the phrase added to the key's English vocabulary (a new entry at the end when it has none). */
    static String withPhrase(String rules, String key, String phrase) {
        String quoted = "\"" + phrase.replace("\\", "").replace("\"", "") + "\"";
        Matcher block = Pattern.compile("(?m)^  " + Pattern.quote(key) + ":\\n((?:    .*\\n)+)").matcher(rules);
        if (block.find()) {
            Matcher en = Pattern.compile("(?m)^    en: \\[(.*)\\]$").matcher(block.group(1));
            if (en.find()) {
                int start = block.start(1) + en.start(1);
                int end = block.start(1) + en.end(1);
                return rules.substring(0, start) + rules.substring(start, end) + ", " + quoted + rules.substring(end);
            }
            return rules.substring(0, block.end(1)) + "    en: [" + quoted + "]\n" + rules.substring(block.end(1));
        }
        String base = rules.endsWith("\n") ? rules : rules + "\n";
        return (base.contains("\nvocabulary:") ? base : base + "vocabulary:\n") + "  " + key + ":\n    en: [" + quoted + "]\n";
    }

    /**
     * The rules text with a rule, first of all, that gives the key to a thread saying the phrase. Candidate phrases are
     * words of letters, digits and hyphens only, so the pattern needs no escaping.
     */
    static String withRule(String rules, String key, String phrase) {
        Matcher list = Pattern.compile("(?m)^rules:[ \\t]*\\n").matcher(rules);
        int slash = key.indexOf('/');
        long taken = Pattern.compile("(?m)^  - id: suggested-").matcher(rules).results().count();
        String rule = "  # suggested by rules suggest from operators' routing corrections: \"" + phrase + "\"\n"
                + "  - id: suggested-" + key.replace('/', '-') + "-" + (taken + 1) + "\n"
                + "    when:\n"
                + "      textAny: ['\\b" + String.join("\\s+", phrase.split(" ")) + "\\b']\n"
                + "    type: " + (slash < 0 ? key : key.substring(0, slash)) + "\n"
                + (slash < 0 ? "" : "    subtype: " + key.substring(slash + 1) + "\n");
        if (list.find()) {
            return rules.substring(0, list.end()) + rule + rules.substring(list.end());
        }
        String base = rules.endsWith("\n") ? rules : rules + "\n";
        return "rules:\n" + rule + "\n" + base;
    }

    private static ThreadClassifier classifier(String rulesText, Path configDir) throws IOException {
        return new ThreadClassifier(ClassificationRules.parse(rulesText, configDir));
    }

    private static String route(ThreadClassifier classifier, RoutingTable table, JsonNode thread, int maxText) {
        Target target = table.resolve(classifier.classify(thread, maxText));
        return target.entry().target + " " + target.team();
    }

    private static List<String> fixed(ThreadClassifier classifier, RoutingTable table, List<JsonNode> threads, Map<JsonNode, Corrected> wantedOf,
            int maxText) {
        List<String> fixed = new ArrayList<>();
        for (JsonNode thread : threads) {
            if (meets(classifier, table, thread, wantedOf.get(thread), maxText)) {
                fixed.add(thread.path("id").asText("?"));
            }
        }
        return fixed;
    }

    /** The thread goes where the operator sent it: to the type they gave it, or to their team when they gave a team only. */
    private static boolean meets(ThreadClassifier classifier, RoutingTable table, JsonNode thread, Corrected wanted, int maxText) {
        Classification c = classifier.classify(thread, maxText);
        return wanted.toKey() != null ? wanted.toKey().equals(c.key()) : table.resolve(c).team().equals(wanted.toTeam());
    }

    private static int moved(ThreadClassifier classifier, RoutingTable table, List<JsonNode> threads, List<String> before, int maxText) {
        int moved = 0;
        for (int i = 0; i < threads.size(); i++) {
            if (!route(classifier, table, threads.get(i), maxText).equals(before.get(i))) {
                moved++;
            }
        }
        return moved;
    }
}
