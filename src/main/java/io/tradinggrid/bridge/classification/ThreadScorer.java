package io.tradinggrid.bridge.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Scores a thread's words against the vocabulary of each exception type (classification-rules.yaml, vocabulary):
 * what decides when no rule holds. Text and terms are analysed per language by Lucene's analyzers (lower case, stop
 * words, accents and umlauts folded, stemmed: "shipped short", "short-shipped" and "shortages" meet "shortage"), so a
 * German term matches a German thread without the thread saying which language it is in. A term counts once per
 * thread; a phrase counts more than a single word. The partner's category adds its type a prior.
 */
public class ThreadScorer {

    /** How one type scored on a thread, and the terms that gave it the score. */
    public record Score(String key, double score, List<String> terms) {
    }

    /**
     * The ranked scores of a thread, best first, and how sure the best is.
     *
     * @param fromWords whether the thread's text gave any of the scores (else only its category and fields did)
     */
    public record Ranking(List<Score> scores, boolean fromWords) {

        public Ranking(List<Score> scores) {
            this(scores, true);
        }

        public Score best() {
            return scores.isEmpty() ? null : scores.get(0);
        }

        /** The best score's share of the best two: 1 when nothing else scored, 0.5 for a tie. */
        public double confidence() {
            if (scores.isEmpty()) {
                return 0;
            }
            double second = scores.size() > 1 ? scores.get(1).score() : 0;
            return scores.get(0).score() / (scores.get(0).score() + second);
        }
    }

    /** How the category's prior shows among a score's terms. */
    public static final String CATEGORY_PRIOR = "category ";

    private record Term(String key, String language, String text, String[] stems) {
    }

    private static final Map<String, Analyzer> ANALYZERS = Map.of("en", new EnglishAnalyzer(), "de", new GermanAnalyzer(),
            "fr", new FrenchAnalyzer(), "es", new SpanishAnalyzer());

    /** The analyzers' own stop words, which tell the languages of a text apart well enough to pick its analyzers. */
    private static final Map<String, CharArraySet> STOP_WORDS = Map.of("en", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET,
            "de", GermanAnalyzer.getDefaultStopSet(), "fr", FrenchAnalyzer.getDefaultStopSet(), "es", SpanishAnalyzer.getDefaultStopSet());

    private final List<Term> terms = new ArrayList<>();
    private final Map<String, String> categories;
    private final double categoryWeight;
    private final double wordWeight;

    /**
     * @param vocabulary     type key (type or type/subtype) -> language (en, de, fr, es) -> words and phrases
     * @param categories     the partner's category -> type key, whose score the category raises by categoryWeight
     * @param wordWeight     what a single word scores (a phrase scores 1 + 0.5 per further word): "invoice" alone is in
     *                       half of all threads, "invoice does not match" says much more
     * @throws IllegalArgumentException for a language without an analyzer, or a term that analyses to nothing
     */
    public ThreadScorer(Map<String, Map<String, List<String>>> vocabulary, Map<String, String> categories, double categoryWeight,
            double wordWeight) {
        this.categories = categories;
        this.categoryWeight = categoryWeight;
        this.wordWeight = wordWeight;
        vocabulary.forEach((key, byLanguage) -> byLanguage.forEach((language, words) -> {
            Analyzer analyzer = ANALYZERS.get(language);
            if (analyzer == null) {
                throw new IllegalArgumentException("vocabulary of " + key + ": no analyzer for language '" + language + "' (en, de, fr, es)");
            }
            for (String word : words) {
                List<String> stems = analyze(analyzer, word);
                if (stems.isEmpty()) {
                    throw new IllegalArgumentException("vocabulary of " + key + " (" + language + "): '" + word + "' has only stop words");
                }
                terms.add(new Term(key, language, word, stems.toArray(String[]::new)));
            }
        }));
    }

    /**
     * Ranks the types by the terms found in the text, plus the category's prior. English terms always count (EDI
     * jargon is English whatever the rest is written in); the terms of another language count when the text is
     * written in it, by its stop words: a French stem must not match an English word ("cassé" and "case").
     */
    public Ranking rank(String text, String category) {
        Map<String, Map<String, List<Integer>>> positions = new HashMap<>();
        for (String language : languages(text)) {
            positions.put(language, index(analyze(ANALYZERS.get(language), text)));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, List<String>> found = new LinkedHashMap<>();
        Set<String> counted = new HashSet<>();
        for (Term term : terms) {
            Map<String, List<Integer>> at = positions.get(term.language());
            if (at != null && occurs(at, term.stems())) {
                // terms that analyse alike ("deduction", "deducted"; "set up", "set up the") count once
                if (counted.add(term.key() + "|" + term.language() + "|" + String.join(" ", term.stems()))) {
                    found.computeIfAbsent(term.key(), k -> new ArrayList<>()).add(term.text());
                    scores.merge(term.key(), term.stems().length == 1 ? wordWeight : 1.0 + 0.5 * (term.stems().length - 1), Double::sum);
                }
            }
        }
        // the category speaks for its family: for the family's types the words found, else for the bare type
        String prior = category == null ? null : categories.get(category);
        if (prior != null && !Classification.UNCLASSIFIED.equals(prior) && categoryWeight > 0) {
            List<String> family = scores.keySet().stream().filter(k -> k.equals(prior) || k.startsWith(prior + "/")).toList();
            for (String key : family.isEmpty() ? List.of(prior) : family) {
                scores.merge(key, categoryWeight, Double::sum);
                found.computeIfAbsent(key, k -> new ArrayList<>()).add(CATEGORY_PRIOR + category);
            }
        }
        List<Score> ranked = new ArrayList<>();
        scores.forEach((key, score) -> ranked.add(new Score(key, score, List.copyOf(found.get(key)))));
        ranked.sort(Comparator.comparingDouble(Score::score).reversed().thenComparing(Score::key));
        return new Ranking(ranked, !counted.isEmpty());
    }

    /**
     * The text's words as the vocabulary is matched on them: stemmed per language it is written in (English always),
     * each with its language ("en:damag", "de:beschad").
     */
    public static List<String> stems(String text) {
        List<String> stems = new ArrayList<>();
        for (String language : languages(text)) {
            analyze(ANALYZERS.get(language), text).forEach(stem -> stems.add(language + ":" + stem));
        }
        return stems;
    }

    /** English, and each other language whose stop words the text uses at least as often as English ones (and twice). */
    static List<String> languages(String text) {
        Map<String, Integer> hits = new HashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            STOP_WORDS.forEach((language, words) -> {
                if (words.contains(word)) {
                    hits.merge(language, 1, Integer::sum);
                }
            });
        }
        int english = hits.getOrDefault("en", 0);
        List<String> languages = new ArrayList<>(List.of("en"));
        for (String language : List.of("de", "fr", "es")) {
            int n = hits.getOrDefault(language, 0);
            if (n >= 2 && n >= english) {
                languages.add(language);
            }
        }
        return languages;
    }

    private static Map<String, List<Integer>> index(List<String> tokens) {
        Map<String, List<Integer>> at = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            at.computeIfAbsent(tokens.get(i), t -> new ArrayList<>()).add(i);
        }
        return at;
    }

    /** Whether the stems occur in this order, next to each other (stop words between them are already gone). */
    private static boolean occurs(Map<String, List<Integer>> at, String[] stems) {
        List<Integer> starts = at.get(stems[0]);
        if (starts == null) {
            return false;
        }
        for (int start : starts) {
            boolean all = true;
            for (int k = 1; k < stems.length && all; k++) {
                List<Integer> next = at.get(stems[k]);
                all = next != null && next.contains(start + k);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static List<String> analyze(Analyzer analyzer, String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
