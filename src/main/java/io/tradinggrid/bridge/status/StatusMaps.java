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
    }

    private final Map<String, Map<String, View>> serviceNow;

    StatusMaps(Map<String, Map<String, View>> serviceNow) {
        this.serviceNow = serviceNow;
        serviceNow.forEach((table, states) -> states.forEach((state, view) -> {
            if (view.status != null && !THREAD_STATUSES.contains(view.status)) {
                throw new IllegalArgumentException("status-maps.yaml servicenow." + table + "." + state + ": status must be one of "
                        + THREAD_STATUSES + ", not " + view.status);
            }
            if (view.text == null || view.text.isBlank()) {
                throw new IllegalArgumentException("status-maps.yaml servicenow." + table + "." + state + ": text is missing");
            }
        }));
    }

    public static StatusMaps load(Path file) throws IOException {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new StatusMaps(mapper.readValue(file.toFile(), File.class).servicenow);
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
