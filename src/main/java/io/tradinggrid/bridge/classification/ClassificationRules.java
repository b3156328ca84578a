package io.tradinggrid.bridge.classification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contents of config/classification-rules.yaml; see that file for the meaning of each field. */
@JsonIgnoreProperties(ignoreUnknown = false)
public class ClassificationRules {

    public List<Rule> rules = new ArrayList<>();
    public Map<String, String> categories = new LinkedHashMap<>();
    public Scoring scoring = new Scoring();
    /** type key (type or type/subtype) -> language (en, de, fr, es) -> words and phrases that speak for it. */
    public Map<String, Map<String, List<String>>> vocabulary = new LinkedHashMap<>();
    /** Without it, the vocabulary's scores decide where no rule holds; with it, a model learnt from labelled threads. */
    public Learning learning;

    /** The labelled threads the model learns from (the "tune" lines of learning.examples), read with the rules. */
    @JsonIgnore
    public List<LabelledThread> examples = List.of();
    /** Why the model cannot learn (its examples file is missing), or null. */
    @JsonIgnore
    public String missingExamples;

    public static class Learning {
        /** The labelled corpus beside this file (JSONL); its "tune" lines are learnt, its "test" lines held out. */
        public String examples;
        public int iterations = 200;
        /** Whether the thread's own words (stemmed) are evidence too, beside the vocabulary's terms. */
        public boolean words = true;
        /** Whether the title's own words (stemmed) are evidence too. */
        public boolean title = true;
        public double minConfidence = 0.5;
    }

    public static class Scoring {
        public double minScore = 1.0;
        public double minConfidence = 0.6;
        public double categoryWeight = 2.0;
        public double wordWeight = 0.5;
    }

    public static class Rule {
        public String id;
        public Conditions when = new Conditions();
        public String type;
        public String subtype;
        /**
         * {@code before-model} (the default): the rule decides whenever it holds. {@code after-model}: it is evidence
         * for the learnt model and decides only where the model is unsure (without a model, it decides in its turn).
         */
        public String decides = BEFORE_MODEL;

        /** Whether the rule decides whenever it holds, before any learnt model. */
        public boolean beforeModel() {
            return !AFTER_MODEL.equals(decides);
        }
    }

    public static final String BEFORE_MODEL = "before-model";
    public static final String AFTER_MODEL = "after-model";

    public static class Conditions {
        public List<String> categories;
        public List<String> priorities;
        public List<String> textAny;
        public List<String> textNone;
        public List<String> references;
        public List<String> ediDocumentTypes;
    }

    public static ClassificationRules load(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /**
     * Edited rules in a folder of their own: an edit of the rules alone learns from the labelled threads of the
     * folder in force when its folder has none.
     */
    public static ClassificationRules loadEdited(Path file, Path inForce) throws IOException {
        return read(Files.readString(file), file.toAbsolutePath().getParent(), inForce.toAbsolutePath());
    }

    /**
     * The rules from a text, as load reads them from a file in {@code folder} (an edit being tried in memory).
     *
     * @throws IllegalArgumentException when learning.examples names a file outside the folder
     */
    public static ClassificationRules parse(String yaml, Path folder) throws IOException {
        return read(yaml, folder, null);
    }

    /** The rules, learning from the examples in {@code folder}, else in {@code fallback} when given and it has them. */
    private static ClassificationRules read(String yaml, Path folder, Path fallback) throws IOException {
        ClassificationRules rules = mapper().readValue(yaml, ClassificationRules.class);
        if (rules.learning != null && rules.learning.examples != null && !rules.learning.examples.isBlank()) {
            Path examples = inside(folder, rules.learning.examples);
            if (!Files.isRegularFile(examples) && fallback != null && Files.isRegularFile(inside(fallback, rules.learning.examples))) {
                examples = inside(fallback, rules.learning.examples);
            }
            if (Files.isRegularFile(examples)) {
                rules.examples = LabelledThread.load(examples, LabelledThread.TUNE);
            } else {
                // nothing to learn from: the vocabulary's scores decide, as without the section
                rules.missingExamples = "learning.examples: no file " + rules.learning.examples + " in " + folder
                        + " (the labelled threads the classifier learns from go beside classification-rules.yaml); the vocabulary decides";
            }
        }
        return rules;
    }

    private static Path inside(Path folder, String name) {
        Path file = folder.resolve(name).normalize();
        if (!file.startsWith(folder.normalize())) {
            throw new IllegalArgumentException("learning.examples must name a file in " + folder + ", not " + name);
        }
        return file;
    }

    /** These rules learning from other labelled threads (a fold of a cross-validation). */
    public ClassificationRules withExamples(List<LabelledThread> others) {
        ClassificationRules copy = new ClassificationRules();
        copy.rules = rules;
        copy.categories = categories;
        copy.scoring = scoring;
        copy.vocabulary = vocabulary;
        copy.learning = learning;
        copy.examples = List.copyOf(others);
        return copy;
    }

    private static YAMLMapper mapper() {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }
}
