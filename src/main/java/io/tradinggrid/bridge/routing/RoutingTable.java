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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The contents of config/routing-table.yaml, and the lookup of the most specific entry for a classification. */
public class RoutingTable {

    /**
     * The process variables the bridge itself sets (workflow/WorkflowProcessMapper). A table whose {@code fields} name
     * one is refused: these say who owns the case, whose thread and partner it is, and what it is, and only the bridge
     * decides that ({@code team} sets the owner). {@code claimAmount} and {@code currency} are not here: the bridge
     * derives them from the references only when the table does not say otherwise.
     */
    public static final Set<String> BRIDGE_VARIABLES = Set.of("ownerGroup", "reviewGroup", "ownerTeam", "threadId",
            "communityId", "partnerId", "partnerName", "caseType", "exceptionType", "exceptionSubtype", "claimType",
            "requestType", "summary", "partnerPriority", "priority", "dueDate", "partnerReferences");
    /**
     * The ServiceNow fields the bridge itself sets to tie a record to its thread and its owner; a table whose
     * {@code fields} name one (or a system field, sys_...) is refused. short_description and description may be set.
     */
    public static final Set<String> BRIDGE_RECORD_FIELDS = Set.of("correlation_id", "correlation_display",
            "assignment_group", "assigned_to", "parent", "work_notes", "number");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

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

    /**
     * The one type whose entry gives records of this target this category and subcategory (what an operator sets when
     * they correct a ServiceNow record's exception type); null when none or several do.
     */
    public String keyOfCategory(String target, String category, String subcategory) {
        if (category == null || category.isBlank()) {
            return null;
        }
        List<String> keys = routes().entrySet().stream()
                .filter(e -> target.equals(e.getValue().target) && category.equalsIgnoreCase(String.valueOf(e.getValue().category))
                        && (e.getValue().subcategory == null ? subcategory == null || subcategory.isBlank()
                                : e.getValue().subcategory.equalsIgnoreCase(String.valueOf(subcategory))))
                .map(Map.Entry::getKey).toList();
        return keys.size() == 1 ? keys.get(0) : null;
    }

    /** Whether a type (e.g. claim/shortage, or claim) has an entry of its own or its main type's. */
    public boolean knows(String key) {
        if (key == null || key.isBlank()) {
            return false;
        }
        int slash = key.indexOf('/');
        return routes().containsKey(key) || slash > 0 && routes().containsKey(key.substring(0, slash));
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
        boolean workflow = entry.target.startsWith("workflow:");
        for (String field : entry.fields.keySet()) {
            if (!FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("routing-table.yaml " + key + ": field name '" + field
                        + "' is not a name (a letter, then letters, digits or _)");
            }
            if (workflow && BRIDGE_VARIABLES.contains(field)) {
                throw new IllegalArgumentException("routing-table.yaml " + key + ": fields." + field
                        + " is a process variable the bridge sets itself; the bridge's own variables are " + new TreeSet<>(BRIDGE_VARIABLES));
            }
            if (!workflow && (BRIDGE_RECORD_FIELDS.contains(field) || field.startsWith("sys_"))) {
                throw new IllegalArgumentException("routing-table.yaml " + key + ": fields." + field
                        + " is a record field the bridge sets itself (" + new TreeSet<>(BRIDGE_RECORD_FIELDS) + ", sys_*)");
            }
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
