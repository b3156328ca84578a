package io.tradinggrid.bridge.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Words matched on stems, per language, with the partner's category as a prior. */
class ThreadScorerTest {

    private static final ThreadScorer SCORER = new ThreadScorer(Map.of(
            "claim/shortage", Map.of("en", List.of("short shipment", "missing cartons", "shortage"), "de", List.of("Fehlmenge")),
            "claim/damage", Map.of("en", List.of("damaged"), "fr", List.of("cassé")),
            "missing-asn", Map.of("en", List.of("no ASN"), "de", List.of("Lieferavis fehlt"))),
            Map.of("CLAIM", "claim", "GENERAL", "unclassified"), 2.0, 1.0);

    @Test
    void should_match_inflected_words_and_phrases_on_their_stems() {
        ThreadScorer.Ranking ranking = SCORER.rank("We had two short shipments last week, and several cartons were missing: 3 missing cartons.", "GENERAL");

        assertThat(ranking.best().key()).isEqualTo("claim/shortage");
        assertThat(ranking.best().terms()).containsExactly("short shipment", "missing cartons");
        assertThat(ranking.best().score()).isEqualTo(3.0);
        assertThat(ranking.confidence()).isEqualTo(1.0);
    }

    @Test
    void should_match_a_german_term_in_a_german_thread_but_not_a_french_stem_in_an_english_one() {
        ThreadScorer.Ranking german = SCORER.rank("Guten Tag, das Lieferavis fehlt für die Bestellung 4500012345 und wir haben eine Fehlmenge.", "GENERAL");
        ThreadScorer.Ranking english = SCORER.rank("Each case was delivered on time and the case count is right.", "GENERAL");

        assertThat(german.scores()).extracting(ThreadScorer.Score::key).containsExactlyInAnyOrder("missing-asn", "claim/shortage");
        assertThat(english.scores()).as("'cassé' is French: its stem must not meet the English 'case'").isEmpty();
    }

    @Test
    void should_raise_the_family_of_the_partners_category_and_never_triage() {
        ThreadScorer.Ranking damaged = SCORER.rank("Two pallets arrived damaged.", "CLAIM");
        ThreadScorer.Ranking unsure = SCORER.rank("Two pallets arrived damaged, and a shortage too.", "GENERAL");

        assertThat(damaged.best().key()).isEqualTo("claim/damage");
        assertThat(damaged.best().score()).isEqualTo(3.0);
        assertThat(damaged.best().terms()).containsExactly("damaged", "category CLAIM");
        assertThat(unsure.confidence()).isLessThan(0.6);
        assertThat(unsure.scores()).noneMatch(s -> s.key().equals("unclassified"));
    }

    @Test
    void should_refuse_a_language_without_an_analyzer_and_a_term_of_stop_words_only() {
        assertThatThrownBy(() -> new ThreadScorer(Map.of("claim", Map.of("it", List.of("reclamo"))), Map.of(), 1.0, 1.0))
                .hasMessageContaining("no analyzer for language 'it'");
        assertThatThrownBy(() -> new ThreadScorer(Map.of("claim", Map.of("en", List.of("the and of"))), Map.of(), 1.0, 1.0))
                .hasMessageContaining("only stop words");
    }
}
