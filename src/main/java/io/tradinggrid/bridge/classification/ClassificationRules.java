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
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.readValue(file.toFile(), ClassificationRules.class);
    }
}
