package io.tradinggrid.bridge.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tradinggrid.bridge.classification.Classification;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The contents of config/routing-table.yaml, and the lookup of the most specific entry for a classification. */
public class RoutingTable {

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Entry {
        public String target;
        public String team;
        public String teamLabel;
        public Integer impact;
        public Integer urgency;
        public Integer priority;
        public String category;
        public String subcategory;
        public String dueIn;
        public Analysts analysts;
        public Map<String, String> fields = new LinkedHashMap<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Analysts {
        public Map<String, String> byPartner = new LinkedHashMap<>();
        public Map<String, String> byDocumentType = new LinkedHashMap<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    static class File {
        public Entry defaults;
        public Map<String, Entry> routes = new LinkedHashMap<>();

        @com.fasterxml.jackson.annotation.JsonProperty("default")
        public void setDefault(Entry entry) {
            this.defaults = entry;
        }
    }

    private final Entry defaults;
    private final Map<String, Entry> routes;

    RoutingTable(Entry defaults, Map<String, Entry> routes) {
        this.defaults = defaults;
        this.routes = routes;
        if (defaults != null) {
            check("default", defaults);
        }
        routes.forEach(this::check);
    }

    public static RoutingTable load(Path file) throws IOException {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File content = mapper.readValue(file.toFile(), File.class);
        return new RoutingTable(content.defaults, content.routes);
    }

    /** The entry for type/subtype, else for type, else the default. */
    public Target resolve(Classification classification) {
        Entry entry = routes.get(classification.key());
        String key = classification.key();
        if (entry == null) {
            entry = routes.get(classification.type());
            key = classification.type();
        }
        if (entry == null) {
            entry = defaults;
            key = "default";
        }
        if (entry == null) {
            throw new IllegalStateException("routing-table.yaml has no entry for " + classification.key() + " and no default");
        }
        return new Target(key, entry);
    }

    public Map<String, Entry> routes() {
        return routes;
    }

    private void check(String key, Entry entry) {
        if (entry.target == null || !(entry.target.startsWith("servicenow:") || entry.target.startsWith("workflow:"))) {
            throw new IllegalArgumentException("routing-table.yaml " + key + ": target must be servicenow:<table> or workflow:<process key>, not '" + entry.target + "'");
        }
        if (entry.team == null || entry.team.isBlank()) {
            throw new IllegalArgumentException("routing-table.yaml " + key + ": team is missing");
        }
        for (Integer level : new Integer[] {entry.impact, entry.urgency}) {
            if (level != null && (level < 1 || level > 3)) {
                throw new IllegalArgumentException("routing-table.yaml " + key + ": impact and urgency are 1, 2 or 3");
            }
        }
        if (entry.dueIn != null) {
            parseDuration(key, entry.dueIn);
        }
    }

    /** ISO-8601 period or duration: P5D, PT8H, P1DT12H. */
    static Duration parseDuration(String key, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            try {
                Period period = Period.parse(text);
                return Duration.ofDays(period.toTotalMonths() * 30 + period.getDays());
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("routing-table.yaml " + key + ": dueIn '" + text + "' is not an ISO-8601 duration such as P5D or PT8H");
            }
        }
    }
}
