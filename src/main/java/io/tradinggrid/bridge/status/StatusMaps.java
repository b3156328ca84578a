package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The contents of config/status-maps.yaml: record state -> partner-visible thread status and text. */
public class StatusMaps {

    static final Set<String> THREAD_STATUSES = Set.of("OPEN", "IN_PROGRESS", "AWAITING_PARTNER", "RESOLVED", "CLOSED");

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class View {
        public String status;
        public String text;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    static class File {
        public Map<String, Map<String, View>> servicenow = new LinkedHashMap<>();
        public Map<String, Map<String, View>> workflow = new LinkedHashMap<>();
    }

    private final Map<String, Map<String, View>> serviceNow;
    private final Map<String, Map<String, View>> workflow;

    StatusMaps(Map<String, Map<String, View>> serviceNow, Map<String, Map<String, View>> workflow) {
        this.serviceNow = serviceNow;
        this.workflow = workflow;
        check("servicenow", serviceNow);
        check("workflow", workflow);
    }

    private static void check(String system, Map<String, Map<String, View>> map) {
        map.forEach((type, states) -> states.forEach((state, view) -> {
            String where = "status-maps.yaml " + system + "." + type + "." + state;
            if (view.status == null || !THREAD_STATUSES.contains(view.status)) {
                throw new IllegalArgumentException(where + ": status must be one of " + THREAD_STATUSES + ", not " + view.status);
            }
            if (view.text == null || view.text.isBlank()) {
                throw new IllegalArgumentException(where + ": text is missing");
            }
        }));
    }

    public static StatusMaps load(Path file) throws IOException {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File content = mapper.readValue(file.toFile(), File.class);
        return new StatusMaps(content.servicenow, content.workflow);
    }

    /** True when the ServiceNow table has any mapped state. */
    public boolean hasServiceNow(String table) {
        return !serviceNow.getOrDefault(table, Map.of()).isEmpty();
    }

    /** True when the process definition has any mapped stage or outcome. */
    public boolean hasWorkflow(String processKey) {
        return !workflow.getOrDefault(processKey, Map.of()).isEmpty();
    }

    /** The view of a process instance at an activity (a user task, or the end event it reached). */
    public Optional<View> workflow(String processKey, String activityId) {
        return Optional.ofNullable(workflow.getOrDefault(processKey, Map.of()).get(activityId));
    }

    /** The view of a ServiceNow record's state; incident On Hold is refined by its hold reason. */
    public Optional<View> serviceNow(String table, String state, String holdReason) {
        if ("incident".equals(table) && "3".equals(state) && holdReason != null) {
            View refined = serviceNow.getOrDefault("incidentHoldReasons", Map.of()).get(holdReason);
            if (refined != null) {
                return Optional.of(refined);
            }
        }
        return Optional.ofNullable(serviceNow.getOrDefault(table, Map.of()).get(state));
    }
}
