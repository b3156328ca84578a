package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PartnerInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How good a set of rules is, measured on a labelled corpus (JSONL: one thread per line with the exception type,
 * target and team it should get). Threads are classified as the running bridge classifies them, with the partner's
 * texts made plain. A corpus line: {@code {"id", "set": "tune"|"test", "thread": {...}, "expected": {"type",
 * "subtype"?, "target", "team"}}}; "test" lines are the ones rule tuning must never look at.
 */
public final class CorpusEvaluation {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One labelled thread. */
    public record Case(String id, String set, JsonNode thread, String expectedKey, String expectedTarget, String expectedTeam) {

        /** The exception type without its subtype: what the issue calls the family. */
        public String expectedFamily() {
            return family(expectedKey);
        }
    }

    /** Where the rules sent one labelled thread. */
    public record Outcome(Case labelled, String key, String ruleId, String target, String team) {

        public boolean rightTargetAndTeam() {
            return labelled.expectedTarget().equals(target) && labelled.expectedTeam().equals(team);
        }

        public boolean rightFamily() {
            return labelled.expectedFamily().equals(family(key));
        }

        public boolean triaged() {
            return Classification.UNCLASSIFIED.equals(key);
        }
    }

    /** Precision and recall of one exception type (type/subtype, as the routing table keys it). */
    public record TypeScore(String key, int expected, int predicted, int correct) {

        public double precision() {
            return predicted == 0 ? 1.0 : (double) correct / predicted;
        }

        public double recall() {
            return expected == 0 ? 1.0 : (double) correct / expected;
        }
    }

    /** The scores of one set of rules on the corpus. */
    public record Report(List<Outcome> outcomes) {

        public int threads() {
            return outcomes.size();
        }

        public double rightTargetAndTeam() {
            return share(outcomes.stream().filter(Outcome::rightTargetAndTeam).count());
        }

        public double rightFamily() {
            return share(outcomes.stream().filter(Outcome::rightFamily).count());
        }

        public double triaged() {
            return share(outcomes.stream().filter(Outcome::triaged).count());
        }

        /** Per exception type, sorted by key; a type counts when it was expected or predicted. */
        public List<TypeScore> perType() {
            TreeSet<String> keys = new TreeSet<>();
            outcomes.forEach(o -> {
                keys.add(o.labelled().expectedKey());
                keys.add(o.key());
            });
            List<TypeScore> scores = new ArrayList<>();
            for (String key : keys) {
                int expected = (int) outcomes.stream().filter(o -> o.labelled().expectedKey().equals(key)).count();
                int predicted = (int) outcomes.stream().filter(o -> o.key().equals(key)).count();
                int correct = (int) outcomes.stream().filter(o -> o.key().equals(key) && o.labelled().expectedKey().equals(key)).count();
                scores.add(new TypeScore(key, expected, predicted, correct));
            }
            return scores;
        }

        /** Expected type -> predicted type -> count, for the threads that got another type than expected. */
        public Map<String, Map<String, Integer>> confusion() {
            Map<String, Map<String, Integer>> confusion = new TreeMap<>();
            for (Outcome o : outcomes) {
                if (!o.key().equals(o.labelled().expectedKey())) {
                    confusion.computeIfAbsent(o.labelled().expectedKey(), k -> new TreeMap<>()).merge(o.key(), 1, Integer::sum);
                }
            }
            return confusion;
        }

        private double share(long count) {
            return outcomes.isEmpty() ? 0 : (double) count / outcomes.size();
        }
    }

    private CorpusEvaluation() {
    }

    /**
     * The labelled threads of a corpus file.
     *
     * @param set "tune", "test", or null for every line
     * @throws IllegalArgumentException naming the line, for a line that is not a labelled thread
     */
    public static List<Case> load(Path file, String set) throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            JsonNode entry;
            try {
                entry = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            JsonNode expected = entry.path("expected");
            String type = expected.path("type").asText("");
            if (!entry.path("thread").isObject() || type.isEmpty() || expected.path("target").asText("").isEmpty()
                    || expected.path("team").asText("").isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": needs thread, expected.type, expected.target and expected.team");
            }
            String subtype = expected.path("subtype").asText("");
            Case labelled = new Case(entry.path("id").asText("line " + (i + 1)), entry.path("set").asText("tune"), entry.path("thread"),
                    subtype.isEmpty() ? type : type + "/" + subtype, expected.path("target").asText(), expected.path("team").asText());
            if (set == null || set.equals(labelled.set())) {
                cases.add(labelled);
            }
        }
        return cases;
    }

    /** The scores of the rules in a config folder (classification-rules.yaml, routing-table.yaml). */
    public static Report evaluate(Path configDir, List<Case> cases, int maxTextChars) throws IOException {
        ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.load(configDir.resolve("classification-rules.yaml")));
        RoutingTable table = RoutingTable.load(configDir.resolve("routing-table.yaml"));
        List<Outcome> outcomes = new ArrayList<>();
        for (Case labelled : cases) {
            JsonNode thread = PartnerInput.thread(labelled.thread());
            Classification c = classifier.classify(thread, maxTextChars);
            Target target = table.resolve(c);
            // both sides as the routing table's entries they resolve to: claim/shortage is a claim where the table says so
            Case resolved = new Case(labelled.id(), labelled.set(), labelled.thread(),
                    table.resolve(Classification.of(labelled.expectedKey(), "label", List.of())).key(), labelled.expectedTarget(),
                    labelled.expectedTeam());
            outcomes.add(new Outcome(resolved, target.key(), c.ruleId(), target.entry().target, target.team()));
        }
        return new Report(outcomes);
    }

    private static String family(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
