package io.tradinggrid.bridge.classification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
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

    public static class Scoring {
        public double minScore = 2.0;
        public double minConfidence = 0.6;
        public double categoryWeight = 2.0;
        public double wordWeight = 0.5;
    }

    public static class Rule {
        public String id;
        public Conditions when = new Conditions();
        public String type;
        public String subtype;
    }

    public static class Conditions {
        public List<String> categories;
        public List<String> priorities;
        public List<String> textAny;
        public List<String> textNone;
        public List<String> references;
        public List<String> ediDocumentTypes;
    }

    public static ClassificationRules load(Path file) throws IOException {
        return mapper().readValue(file.toFile(), ClassificationRules.class);
    }

    /** The rules from a text, as load reads them from a file (an edit being tried in memory). */
    public static ClassificationRules parse(String yaml) throws IOException {
        return mapper().readValue(yaml, ClassificationRules.class);
    }

    private static YAMLMapper mapper() {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }
}
