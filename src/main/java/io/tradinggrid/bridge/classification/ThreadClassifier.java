package io.tradinggrid.bridge.classification;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.text.PartnerInput;
import io.tradinggrid.bridge.flow.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Gives a community thread its exception type from its category, priority, text and business references, by the
 * rules of config/classification-rules.yaml. Rules are compiled once; a bad regular expression is an error at load
 * time with the rule's id, never at the first thread that reaches it.
 * <p>
 * Operators write the patterns and partners write the text they run over, so patterns run on RE2/J: matching takes
 * time linear in the text whatever the pattern, and a pattern that needs backtracking (backreferences, lookaround)
 * cannot compile and is refused at load. The text looked at is capped as well (tgb.classification.max-text-chars).
 */
public class ThreadClassifier {

    /** The rule id of a classification the learnt model decided. */
    public static final String LEARNT_RULE = "learnt";

    private record CompiledRule(ClassificationRules.Rule rule, List<Pattern> textAny, List<Pattern> textNone) {
    }

    private final List<CompiledRule> rules = new ArrayList<>();
    private final ClassificationRules source;
    private final ThreadScorer scorer;
    private final ThreadTypeModel model;
    /** Whether a model is learnt: known before it is, as which rules are its evidence depends on it. */
    private final boolean learning;

    /**
     * Models by the evidence of the examples they were learnt from: training takes seconds, and every bridge, rules
     * reload and command that reads the same files would otherwise learn the same model again.
     */
    private static final Map<String, ThreadTypeModel> LEARNT = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ThreadTypeModel> eldest) {
            return size() > 8; // the rules in force, an edit being tried, the folds of a cross-validation
        }
    });

    public ThreadClassifier(ClassificationRules source) {
        this.source = source;
        this.scorer = source.vocabulary.isEmpty() ? null
                : new ThreadScorer(source.vocabulary, source.categories, source.scoring.categoryWeight, source.scoring.wordWeight);
        for (ClassificationRules.Rule rule : source.rules) {
            if (rule.id == null || rule.id.isBlank()) {
                throw new IllegalArgumentException("every classification rule needs an id (rule with type " + rule.type + ")");
            }
            if (rule.type == null || rule.type.isBlank()) {
                throw new IllegalArgumentException("classification rule " + rule.id + " has no type");
            }
            if (!ClassificationRules.BEFORE_MODEL.equals(rule.decides) && !ClassificationRules.AFTER_MODEL.equals(rule.decides)) {
                throw new IllegalArgumentException("classification rule " + rule.id + " has decides: " + rule.decides
                        + "; it is " + ClassificationRules.BEFORE_MODEL + " (the default) or " + ClassificationRules.AFTER_MODEL);
            }
            ClassificationRules.Conditions when = rule.when == null ? new ClassificationRules.Conditions() : rule.when;
            rule.when = when;
            rules.add(new CompiledRule(rule, compile(rule.id, when.textAny), compile(rule.id, when.textNone)));
        }
        this.learning = source.learning != null && !source.examples.isEmpty();
        this.model = learning ? learnt(source) : null;
    }

    /** Whether a model learnt from labelled threads decides where no rule holds (else the vocabulary's scores do). */
    public boolean learns() {
        return model != null;
    }

    private ThreadTypeModel learnt(ClassificationRules source) {
        List<ThreadTypeModel.Example> examples = new ArrayList<>();
        MessageDigest digest = Sha256.digest();
        digest.update(Integer.toString(source.learning.iterations).getBytes(StandardCharsets.UTF_8));
        for (LabelledThread labelled : source.examples) {
            // learnt from the thread as intake sees it (the partner's texts made plain), with the evidence the model has
            // when it is asked: a rule that decides first is never among it, so an example it holds for teaches its words
            Facts facts = Facts.of(PartnerInput.thread(labelled.thread()), Integer.MAX_VALUE);
            ThreadTypeModel.Example example = new ThreadTypeModel.Example(labelled.expectedKey(), evidence(facts, rank(facts), true));
            examples.add(example);
            digest.update(("\n" + example.key() + "\t" + String.join("\t", example.evidence())).getBytes(StandardCharsets.UTF_8));
        }
        // kept by what it is learnt from, the examples' evidence: training is deterministic, so an edit that changes no
        // example's evidence (a comment, a rule's type, a rule no example says) learns nothing new and is not retrained
        String key = Sha256.hex(digest);
        ThreadTypeModel known = LEARNT.get(key);
        if (known == null) {
            known = ThreadTypeModel.train(examples, source.learning.iterations);
            LEARNT.put(key, known);
        }
        return known;
    }

    private ThreadScorer.Ranking rank(Facts facts) {
        return scorer == null ? null : scorer.rank(facts.content, facts.category);
    }

    /**
     * What the model weighs: the rules that hold, the vocabulary's terms and scores, the category, the priority, the EDI
     * document type and which references the thread carries.
     */
    private String[] evidence(Facts facts, ThreadScorer.Ranking words, boolean othersFailed) {
        List<String> evidence = new ArrayList<>();
        for (CompiledRule compiled : rules) {
            if ((!othersFailed || !decidesFirst(compiled)) && check(compiled, facts, null) == null) {
                evidence.add("rule " + compiled.rule().id);
            }
        }
        if (words != null) {
            for (ThreadScorer.Score score : words.scores()) {
                // the score as a count, so that more and longer terms weigh more
                for (long i = Math.round(score.score() * 2); i > 0; i--) {
                    evidence.add("words for " + score.key());
                }
                score.terms().forEach(term -> evidence.add(score.key() + " \"" + term + "\""));
            }
            if (words.best() != null) {
                evidence.add("words mostly for " + words.best().key());
            }
        }
        if (source.learning != null && source.learning.title) {
            // a title names the matter in a few words ("Disputing chargeback ..."); the body adds the story around it
            ThreadScorer.stems(facts.title).forEach(stem -> evidence.add("title " + stem));
        }
        if (source.learning != null && source.learning.words) {
            ThreadScorer.stems(facts.content).forEach(stem -> evidence.add("word " + stem));
        }
        evidence.add("category " + (facts.category.isEmpty() ? "(none)" : facts.category));
        evidence.add("priority " + (facts.priority.isEmpty() ? "(none)" : facts.priority));
        String edi = text(facts.references, "ediDocumentType").toUpperCase(Locale.ROOT);
        if (!edi.isEmpty()) {
            evidence.add("ediDocumentType " + edi);
        }
        if (facts.references != null) {
            facts.references.fieldNames().forEachRemaining(name -> evidence.add("reference " + name));
        }
        return evidence.toArray(String[]::new);
    }

    /**
     * One rule tried on one thread: whether it held, what in the thread made its conditions hold (the category, the
     * words a pattern found, a reference), and the first condition that did not.
     */
    public record RuleCheck(String ruleId, String key, boolean matched, List<String> evidence, String failed) {
    }

    /**
     * Why a thread got its type: the deciding classification, every rule as tried, in order, and how the vocabulary
     * ranked the thread (null without a vocabulary).
     */
    public record Explanation(Classification decided, List<RuleCheck> checks, ThreadScorer.Ranking ranking) {

        /** What came close: the rules that held after the decider, then those that failed with some conditions holding. */
        public List<RuleCheck> runnersUp(int limit) {
            List<RuleCheck> close = new ArrayList<>();
            checks.stream().filter(c -> c.matched() && !c.ruleId().equals(decided.ruleId())).forEach(close::add);
            checks.stream().filter(c -> !c.matched() && !c.evidence().isEmpty()).forEach(close::add);
            return close.subList(0, Math.min(limit, close.size()));
        }
    }

    /** Classifies a thread as the Active Community API returns it, looking at all of its text. */
    public Classification classify(JsonNode thread) {
        return classify(thread, Integer.MAX_VALUE);
    }

    /**
     * Classifies a thread, looking at no more than the first {@code maxTextChars} characters of its title and body:
     * what decides a thread's type is said early, and the cost of matching stays bounded however long a partner writes.
     */
    public Classification classify(JsonNode thread, int maxTextChars) {
        Facts facts = Facts.of(thread, maxTextChars);
        // asked only once every rule that decides first has failed
        return decide(facts, () -> ranking(facts, true));
    }

    /**
     * How the thread's words rank the types: by the learnt model when there is one, else by the vocabulary's scores.
     *
     * @param othersFailed every rule that decides first is known not to hold (so they need no second check)
     */
    private ThreadScorer.Ranking ranking(Facts facts, boolean othersFailed) {
        ThreadScorer.Ranking words = rank(facts);
        if (model == null) {
            return words;
        }
        return new ThreadScorer.Ranking(model.rank(evidence(facts, words, othersFailed)).scores(), words != null && words.fromWords());
    }

    /**
     * The first rule that holds, else the words (ranked only when no rule holds), the rules that decide after the
     * model, the category rules and the category.
     */
    private Classification decide(Facts facts, Supplier<ThreadScorer.Ranking> ranking) {
        for (CompiledRule compiled : rules) {
            if (decidesFirst(compiled) && check(compiled, facts, null) == null) {
                return decided(compiled);
            }
        }
        return afterRules(facts, ranking.get());
    }

    /**
     * Whether a rule decides before the words: every rule but the category-only ones, except those that leave the
     * learnt model to decide first (a keyword rule is right most of the time; the model, which weighs it with the rest
     * of the thread, knows when it is not).
     */
    private boolean decidesFirst(CompiledRule compiled) {
        return !categoryOnly(compiled) && (!learning || compiled.rule().beforeModel());
    }

    /**
     * A rule whose only condition is the partner's category says less than the thread's own words (partners often
     * pick the wrong category): it decides after the vocabulary, and before the plain category map.
     */
    private static boolean categoryOnly(CompiledRule compiled) {
        ClassificationRules.Conditions when = compiled.rule().when;
        return when.categories != null && when.priorities == null && compiled.textAny().isEmpty() && compiled.textNone().isEmpty()
                && when.references == null && when.ediDocumentTypes == null;
    }

    private Classification afterRules(Facts facts, ThreadScorer.Ranking ranking) {
        Classification byWords = byWords(ranking);
        if (byWords != null) {
            if (byWords.subtype() == null) {
                // the words found the family; a rule of that family that decides after them may know the kind (a
                // damage claim), else a category rule of it (service-request)
                for (CompiledRule compiled : rules) {
                    if (!decidesFirst(compiled) && !categoryOnly(compiled) && byWords.type().equals(compiled.rule().type)
                            && check(compiled, facts, null) == null) {
                        return decided(compiled);
                    }
                }
                for (CompiledRule compiled : rules) {
                    if (categoryOnly(compiled) && byWords.type().equals(compiled.rule().type) && check(compiled, facts, null) == null) {
                        return decided(compiled);
                    }
                }
            }
            return byWords;
        }
        for (CompiledRule compiled : rules) {
            if (!decidesFirst(compiled) && !categoryOnly(compiled) && check(compiled, facts, null) == null) {
                return decided(compiled);
            }
        }
        for (CompiledRule compiled : rules) {
            if (categoryOnly(compiled) && check(compiled, facts, null) == null) {
                return decided(compiled);
            }
        }
        return byCategory(facts, ranking);
    }

    /** The same decision as {@link #classify(JsonNode, int)}, with every rule's evidence, for an operator to read. */
    public Explanation explain(JsonNode thread, int maxTextChars) {
        Facts facts = Facts.of(thread, maxTextChars);
        List<RuleCheck> checks = new ArrayList<>();
        for (CompiledRule compiled : rules) {
            List<String> evidence = new ArrayList<>();
            String failed = check(compiled, facts, evidence);
            ClassificationRules.Rule rule = compiled.rule();
            String key = blankToNull(rule.subtype) == null ? rule.type : rule.type + "/" + rule.subtype;
            checks.add(new RuleCheck(rule.id, key, failed == null, List.copyOf(evidence), failed));
        }
        ThreadScorer.Ranking ranking = ranking(facts, false);
        return new Explanation(decide(facts, () -> ranking), checks, ranking);
    }

    private record Facts(String category, String priority, String content, JsonNode references, String title) {
        static Facts of(JsonNode thread, int maxTextChars) {
            String content = text(thread, "title") + "\n" + text(thread, "body");
            if (content.length() > maxTextChars) {
                content = content.substring(0, Math.max(0, maxTextChars));
            }
            return new Facts(text(thread, "category"), text(thread, "priority"), content, thread.path("references"), text(thread, "title"));
        }
    }

    private static Classification decided(CompiledRule compiled) {
        return new Classification(compiled.rule().type, blankToNull(compiled.rule().subtype), compiled.rule().id);
    }

    /**
     * No rule held: the vocabulary decides when its best type scores enough and clearly leads (null when it does not).
     */
    private Classification byWords(ThreadScorer.Ranking ranking) {
        if (model != null) {
            ThreadScorer.Score best = ranking.best();
            // as with the vocabulary, a thread whose text says nothing known is left to the category rules and map
            if (best != null && ranking.fromWords() && ranking.confidence() >= source.learning.minConfidence) {
                // a confident "unclassified" is a thread the examples taught is not ours to sort (a thank-you, spam)
                return Classification.of(best.key(), LEARNT_RULE, best.key().equals(Classification.UNCLASSIFIED) ? likely(ranking) : List.of());
            }
            return null;
        }
        if (ranking != null && ranking.best() != null) {
            ThreadScorer.Score best = ranking.best();
            // the category alone is not words: with nothing found in the text, the category rules and map decide
            boolean wordsFound = best.terms().stream().anyMatch(t -> !t.startsWith(ThreadScorer.CATEGORY_PRIOR));
            if (wordsFound && best.score() >= source.scoring.minScore && ranking.confidence() >= source.scoring.minConfidence
                    && !Classification.UNCLASSIFIED.equals(best.key())) {
                return Classification.of(best.key(), "words", List.of());
            }
        }
        return null;
    }

    /** The partner's category decides; GENERAL or none goes to triage, naming the two types the words spoke for most. */
    private Classification byCategory(Facts facts, ThreadScorer.Ranking ranking) {
        List<String> likely = likely(ranking);
        String category = facts.category;
        String type = source.categories.get(category);
        if (type == null) {
            return new Classification(Classification.UNCLASSIFIED, null, "category:" + (category.isEmpty() ? "(none)" : category), likely);
        }
        return new Classification(type, null, "category:" + category, type.equals(Classification.UNCLASSIFIED) ? likely : List.of());
    }

    /** The two types the thread most likely is, other than unclassified. */
    private static List<String> likely(ThreadScorer.Ranking ranking) {
        return ranking == null ? List.of()
                : ranking.scores().stream().map(ThreadScorer.Score::key).filter(k -> !Classification.UNCLASSIFIED.equals(k)).limit(2).toList();
    }

    /**
     * Tries one rule: null when it holds, else the first condition that does not. With an evidence list, notes what
     * held on the way (and goes on past a failed condition, so a near miss shows all it had); without, stops early.
     */
    private static String check(CompiledRule compiled, Facts facts, List<String> evidence) {
        ClassificationRules.Conditions when = compiled.rule().when;
        String failed = null;
        if (when.categories != null) {
            if (!when.categories.contains(facts.category)) {
                failed = "category " + (facts.category.isEmpty() ? "(none)" : facts.category) + " is not one of " + when.categories;
            } else if (evidence != null) {
                evidence.add("category " + facts.category);
            }
        }
        if (failed != null && evidence == null) {
            return failed;
        }
        if (when.priorities != null) {
            if (!when.priorities.contains(facts.priority)) {
                failed = first(failed, "priority " + (facts.priority.isEmpty() ? "(none)" : facts.priority) + " is not one of " + when.priorities);
            } else if (evidence != null) {
                evidence.add("priority " + facts.priority);
            }
        }
        if (failed != null && evidence == null) {
            return failed;
        }
        if (!compiled.textAny().isEmpty()) {
            String found = null;
            for (Pattern p : compiled.textAny()) {
                Matcher m = p.matcher(facts.content);
                if (m.find()) {
                    found = m.group();
                    break;
                }
            }
            if (found == null) {
                failed = first(failed, "no textAny pattern matches the title or body");
            } else if (evidence != null) {
                evidence.add("text \"" + shorten(found) + "\"");
            }
        }
        if (failed != null && evidence == null) {
            return failed;
        }
        for (Pattern p : compiled.textNone()) {
            Matcher m = p.matcher(facts.content);
            if (m.find()) {
                failed = first(failed, "textNone matches \"" + shorten(m.group()) + "\"");
                break;
            }
        }
        if (failed != null && evidence == null) {
            return failed;
        }
        if (when.references != null) {
            for (String reference : when.references) {
                String value = text(facts.references, reference);
                if (value.isEmpty()) {
                    failed = first(failed, "no " + reference + " reference");
                    break;
                } else if (evidence != null) {
                    evidence.add(reference + " " + shorten(value));
                }
            }
        }
        if (failed != null && evidence == null) {
            return failed;
        }
        if (when.ediDocumentTypes != null) {
            String ediType = text(facts.references, "ediDocumentType").toUpperCase(Locale.ROOT);
            if (when.ediDocumentTypes.stream().noneMatch(t -> t.equalsIgnoreCase(ediType))) {
                failed = first(failed, "ediDocumentType " + (ediType.isEmpty() ? "(none)" : ediType) + " is not one of " + when.ediDocumentTypes);
            } else if (evidence != null) {
                evidence.add("ediDocumentType " + ediType);
            }
        }
        return failed;
    }

    private static String first(String failed, String next) {
        return failed != null ? failed : next;
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    private static List<Pattern> compile(String ruleId, List<String> expressions) {
        List<Pattern> patterns = new ArrayList<>();
        if (expressions != null) {
            for (String expression : expressions) {
                try {
                    patterns.add(Pattern.compile(expression, Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("classification rule " + ruleId + ": bad regular expression '"
                            + expression + "': " + e.getDescription() + " (patterns run on RE2: no backreferences,"
                            + " lookahead or lookbehind, possessive or atomic groups)");
                }
            }
        }
        return patterns;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
