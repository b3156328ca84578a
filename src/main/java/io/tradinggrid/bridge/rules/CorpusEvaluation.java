package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.LabelledThread;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PartnerInput;
import java.io.IOException;
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

    /** Where the rules sent one labelled thread. */
    public record Outcome(LabelledThread labelled, String key, String ruleId, String target, String team) {

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

    /** The scores of the rules in a config folder (classification-rules.yaml, routing-table.yaml). */
    public static Report evaluate(Path configDir, List<LabelledThread> cases, int maxTextChars) throws IOException {
        return evaluate(configDir, configDir, cases, maxTextChars);
    }

    /** The scores of edited rules, which learn from the examples of the folder in force when theirs has none. */
    public static Report evaluate(Path configDir, Path inForce, List<LabelledThread> cases, int maxTextChars) throws IOException {
        ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.loadEdited(configDir.resolve("classification-rules.yaml"), inForce));
        RoutingTable table = RoutingTable.load(configDir.resolve("routing-table.yaml"));
        return new Report(outcomes(classifier, table, cases, maxTextChars));
    }

    /**
     * How well the model generalises from its examples: they are cut into {@code folds} parts, and each part is
     * classified by a model learnt from the other parts only, so no thread is scored by a model that saw it.
     */
    public static Report crossValidate(Path configDir, int folds, int maxTextChars) throws IOException {
        ClassificationRules rules = ClassificationRules.load(configDir.resolve("classification-rules.yaml"));
        if (rules.learning == null || rules.examples.size() < folds) {
            throw new IllegalArgumentException("cross-validation needs a learning section in " + configDir.resolve("classification-rules.yaml")
                    + " whose examples hold at least " + folds + " labelled threads of set tune (to cross-validate an edited folder"
                    + " alone, give it as --config-dir)");
        }
        RoutingTable table = RoutingTable.load(configDir.resolve("routing-table.yaml"));
        List<Outcome> outcomes = new ArrayList<>();
        for (int fold = 0; fold < folds; fold++) {
            List<LabelledThread> learnt = new ArrayList<>();
            List<LabelledThread> scored = new ArrayList<>();
            for (int i = 0; i < rules.examples.size(); i++) {
                (i % folds == fold ? scored : learnt).add(rules.examples.get(i));
            }
            outcomes.addAll(outcomes(new ThreadClassifier(rules.withExamples(learnt)), table, scored, maxTextChars));
        }
        return new Report(outcomes);
    }

    private static List<Outcome> outcomes(ThreadClassifier classifier, RoutingTable table, List<LabelledThread> cases, int maxTextChars) {
        List<Outcome> outcomes = new ArrayList<>();
        for (LabelledThread labelled : cases) {
            JsonNode thread = PartnerInput.thread(labelled.thread());
            Classification c = classifier.classify(thread, maxTextChars);
            Target target = table.resolve(c);
            // both sides as the routing table's entries they resolve to: claim/shortage is a claim where the table says so
            LabelledThread resolved = new LabelledThread(labelled.id(), labelled.set(), labelled.thread(),
                    table.resolve(Classification.of(labelled.expectedKey(), "label", List.of())).key(), labelled.expectedTarget(),
                    labelled.expectedTeam());
            outcomes.add(new Outcome(resolved, target.key(), c.ruleId(), target.entry().target, target.team()));
        }
        return outcomes;
    }

    private static String family(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
