package io.tradinggrid.bridge.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.classification.LabelledThread;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules on the held-out part of the labelled corpus (set "test", which rule tuning never looks at): an
 * edit of config/classification-rules.yaml that routes partners' wording worse than measured fails the build. The
 * floors are the figures measured when the vocabulary was last tuned; raise them when it gets better.
 */
class ShippedRulesCorpusTest {

    private static final Path CORPUS = Path.of("config/classification-corpus.jsonl");

    @Test
    void should_route_held_out_partner_threads_no_worse_than_last_measured() throws Exception {
        CorpusEvaluation.Report report = CorpusEvaluation.evaluate(Path.of("config"), LabelledThread.load(CORPUS, "test"), 20_000);

        assertThat(report.threads()).isGreaterThanOrEqualTo(100);
        assertThat(report.rightTargetAndTeam()).as("right target and team").isGreaterThanOrEqualTo(0.866);
        assertThat(report.rightFamily()).as("right family").isGreaterThanOrEqualTo(0.866);
        assertThat(report.triaged()).as("sent to triage").isLessThanOrEqualTo(0.053);
    }

    @Test
    void should_keep_a_corpus_of_at_least_300_labelled_threads_with_a_third_held_out() throws Exception {
        int all = LabelledThread.load(CORPUS, null).size();
        int heldOut = LabelledThread.load(CORPUS, "test").size();

        assertThat(all).isGreaterThanOrEqualTo(300);
        assertThat(heldOut).isBetween(all / 4, all / 2);
    }
}
