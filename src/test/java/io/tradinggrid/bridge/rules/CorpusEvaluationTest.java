package io.tradinggrid.bridge.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradinggrid.bridge.classification.LabelledThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores of the shipped rules on a small labelled corpus whose right answers are known. */
class CorpusEvaluationTest {

    @TempDir
    Path dir;

    private static String line(String id, String set, String category, String title, String body, String type, String subtype,
            String target, String team) {
        return "{\"id\":\"" + id + "\",\"set\":\"" + set + "\",\"thread\":{\"category\":\"" + category + "\",\"priority\":\"NORMAL\","
                + "\"title\":\"" + title + "\",\"body\":\"" + body + "\"},\"expected\":{\"type\":\"" + type + "\""
                + (subtype == null ? "" : ",\"subtype\":\"" + subtype + "\"") + ",\"target\":\"" + target + "\",\"team\":\"" + team + "\"}}";
    }

    private Path corpus(String... lines) throws Exception {
        return Files.writeString(dir.resolve("corpus.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void should_score_right_targets_families_and_triage_per_exception_type() throws Exception {
        Path file = corpus(
                line("C1", "tune", "DISPUTE", "Disputed freight charges", "We do not agree with the accessorial charges.", "dispute", null,
                        "workflow:partnerExceptionCase", "customer-service"),
                line("C2", "test", "GENERAL", "PO 4500098121 received short", "Only 38 of 40 cartons arrived, please credit the missing cartons.",
                        "claim", "shortage", "workflow:claim", "claims"),
                // labelled a dispute, but nothing in it says so: the shipped rules send it to triage
                line("C3", "test", "GENERAL", "Hello", "Please call me back.", "dispute", null, "workflow:partnerExceptionCase", "customer-service"));

        CorpusEvaluation.Report all = CorpusEvaluation.evaluate(Path.of("config"), LabelledThread.load(file, null), 20_000);

        assertThat(all.threads()).isEqualTo(3);
        assertThat(all.rightTargetAndTeam()).isEqualTo(2.0 / 3);
        assertThat(all.rightFamily()).isEqualTo(2.0 / 3);
        assertThat(all.triaged()).isEqualTo(1.0 / 3);
        assertThat(all.perType()).filteredOn(s -> s.key().equals("dispute")).singleElement().satisfies(s -> {
            assertThat(s.expected()).isEqualTo(2);
            assertThat(s.predicted()).isEqualTo(1);
            assertThat(s.precision()).isEqualTo(1.0);
            assertThat(s.recall()).isEqualTo(0.5);
        });
        assertThat(all.perType()).filteredOn(s -> s.key().equals("unclassified")).singleElement()
                .satisfies(s -> assertThat(s.precision()).isZero());
        assertThat(all.confusion()).isEqualTo(Map.of("dispute", Map.of("unclassified", 1)));

        List<LabelledThread> test = LabelledThread.load(file, "test");
        assertThat(test).extracting(LabelledThread::id).containsExactly("C2", "C3");
        assertThat(test.get(0).expectedKey()).as("as labelled").isEqualTo("claim/shortage");
        assertThat(test.get(0).expectedFamily()).isEqualTo("claim");
    }

    @Test
    void should_name_the_line_that_is_not_a_labelled_thread() throws Exception {
        Path file = corpus(line("C1", "tune", "DISPUTE", "t", "b", "dispute", null, "workflow:partnerExceptionCase", "customer-service"),
                "{\"id\":\"C2\",\"thread\":{}}", "not json");

        assertThatThrownBy(() -> LabelledThread.load(file, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("expected.type");
    }

    @Test
    void should_cross_validate_the_learnt_model_scoring_each_example_by_a_model_that_did_not_learn_it() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        for (String file : List.of("classification-rules.yaml", "routing-table.yaml", "classification-corpus.jsonl")) {
            Files.copy(Path.of("config", file), config.resolve(file));
        }
        Path rules = config.resolve("classification-rules.yaml");
        assertThat(Files.readString(rules)).as("the shipped rules learn").contains("\nlearning:\n  examples: classification-corpus.jsonl");
        int tune = LabelledThread.load(config.resolve("classification-corpus.jsonl"), "tune").size();

        CorpusEvaluation.Report report = CorpusEvaluation.crossValidate(config, 3, 20_000);

        assertThat(report.threads()).isEqualTo(tune);
        assertThat(report.outcomes()).extracting(o -> o.labelled().id()).doesNotHaveDuplicates();
        assertThat(report.outcomes()).anyMatch(o -> o.ruleId().equals("learnt"));
        // far better than chance over twenty-odd types, and not perfect: no example was scored by a model that saw it
        assertThat(report.rightTargetAndTeam()).isBetween(0.6, 0.99);
        Files.writeString(rules, Files.readString(rules).replaceAll("(?m)^learning:\n(  .*\n)+", ""));
        assertThatThrownBy(() -> CorpusEvaluation.crossValidate(config, 3, 20_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a learning section");
    }
}
