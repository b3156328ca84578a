package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps the routes of edited route files into the running bridge, file by file. Each route of a changed file is
 * stopped gracefully (its in-flight messages finish on the old route), replaced, and started; routes that left the
 * file are removed. If anything fails while loading or starting, the previous content of every file of the swap is
 * loaded back, so the bridge runs what it ran before. Two kinds of file apply at the next start only: route
 * configurations (error handling), which every route is built with, and the routes that drive this swap (the reload
 * schedule and the admin API), which cannot stop themselves mid-request.
 */
public class RouteSwap {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwap.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final CamelContext context;

    public RouteSwap(CamelContext context) {
        this.context = context;
    }

    /**
     * What a swap did.
     *
     * @param applied false when the swap was refused or rolled back
     * @param running file name to content of what the bridge runs now
     */
    public record Outcome(boolean applied, String message, Map<String, String> running) {
    }

    /**
     * @param before file name to content as the running routes were loaded
     * @param after  file name to content as the files are now (validated already)
     */
    public Outcome apply(Map<String, String> before, Map<String, String> after) {
        Map<String, String> running = new LinkedHashMap<>(before);
        List<String> notes = new ArrayList<>();
        Map<String, String> changed = new LinkedHashMap<>();
        after.forEach((file, content) -> {
            if (!content.equals(before.get(file))) {
                changed.put(file, content);
            }
        });
        List<String> removedFiles = new ArrayList<>(before.keySet().stream().filter(f -> !after.containsKey(f)).toList());
        for (String file : new ArrayList<>(changed.keySet())) {
            if (appliesAtStart(before.get(file)) || appliesAtStart(changed.get(file))) {
                changed.remove(file);
                notes.add(file + " applies at the next restart (route configurations, or the routes that apply edits)");
            }
        }
        removedFiles.removeIf(file -> {
            if (appliesAtStart(before.get(file))) {
                notes.add(file + " was removed; that applies at the next restart");
                return true;
            }
            return false;
        });
        String duplicate = duplicateRouteId(after);
        if (duplicate != null) {
            return new Outcome(false, duplicate, running);
        }
        List<String> done = new ArrayList<>();
        // files applied so far in this swap, newest last, so a failure can put all of them back
        List<Applied> applied = new ArrayList<>();
        for (Map.Entry<String, String> file : changed.entrySet()) {
            String previous = before.get(file.getKey());
            Set<String> oldIds = routeIdsOf(file.getKey());
            applied.add(new Applied(file.getKey(), previous, oldIds));
            try {
                Set<String> newIds = load(file.getKey(), file.getValue());
                for (String gone : oldIds) {
                    if (!newIds.contains(gone)) {
                        remove(gone);
                    }
                }
                done.add(file.getKey() + " " + newIds);
            } catch (Exception e) {
                LOG.error("Route file {} could not be applied, putting the previous routes back: {}", file.getKey(), e.getMessage());
                rollBack(applied);
                return new Outcome(false, file.getKey() + " could not be applied, the previous routes run on: " + e.getMessage(), running);
            }
        }
        for (String file : removedFiles) {
            Set<String> ids = routeIdsOf(file);
            applied.add(new Applied(file, before.get(file), ids));
            try {
                for (String id : ids) {
                    remove(id);
                }
                done.add(file + " removed");
            } catch (Exception e) {
                LOG.error("Routes of the removed file {} could not be removed, putting the previous routes back: {}", file, e.getMessage());
                rollBack(applied);
                return new Outcome(false, "the routes of " + file + " could not be removed, the previous routes run on: " + e.getMessage(), running);
            }
        }
        changed.forEach(running::put);
        removedFiles.forEach(running::remove);
        List<String> said = new ArrayList<>();
        said.add(done.isEmpty() ? "no route changed" : "routes applied: " + String.join("; ", done));
        said.addAll(notes);
        return new Outcome(true, String.join("; ", said), running);
    }

    /** A route id defined by two files would make one replace the other now and the next start fail. */
    private static String duplicateRouteId(Map<String, String> files) {
        Map<String, String> owner = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            for (String id : idsIn(file.getValue())) {
                String other = owner.putIfAbsent(id, file.getKey());
                if (other != null && !other.equals(file.getKey())) {
                    return "route id " + id + " is defined in both " + other + " and " + file.getKey() + ": nothing applied";
                }
            }
        }
        return null;
    }

    private static Set<String> idsIn(String content) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            for (JsonNode item : YAML.readTree(content)) {
                String id = item.path("route").path("id").asText("");
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        } catch (Exception e) {
            // not readable: validation reports it before a swap is tried
        }
        return ids;
    }

    private Set<String> load(String file, String content) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + file, content);
        return PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(resource));
    }

    private record Applied(String file, String previous, Set<String> oldIds) {
    }

    private void rollBack(List<Applied> applied) {
        for (int i = applied.size() - 1; i >= 0; i--) {
            restore(applied.get(i));
        }
    }

    private void restore(Applied applied) {
        try {
            // routes the new content added, which the old one did not have, go first
            for (String id : routeIdsOf(applied.file())) {
                if (!applied.oldIds().contains(id)) {
                    remove(id);
                }
            }
            if (applied.previous() != null) {
                load(applied.file(), applied.previous());
            }
        } catch (Exception e) {
            // the bridge stays up with the routes it could start; the health check reports the ones that are down
            LOG.error("Previous routes of {} could not be restored either, restart the bridge: {}", applied.file(), e.getMessage(), e);
        }
    }

    private void remove(String routeId) {
        try {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
            LOG.info("Route {} removed: its file no longer defines it", routeId);
        } catch (Exception e) {
            throw new IllegalStateException("could not remove route " + routeId + ": " + e.getMessage(), e);
        }
    }

    private Set<String> routeIdsOf(String file) {
        Set<String> ids = new LinkedHashSet<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            Resource resource = route.getResource();
            if (resource != null && resource.getLocation() != null && fileName(resource.getLocation()).equals(file)) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    private static String fileName(String location) {
        String l = location.replace('\\', '/');
        return l.substring(l.lastIndexOf('/') + 1).replaceFirst("^file:", "");
    }

    /** Files that only a restart applies: route configurations, and the routes that run the swap itself. */
    private static boolean appliesAtStart(String content) {
        return content != null && content.lines().anyMatch(l -> l.startsWith("- routeConfiguration:")
                || l.trim().equals("ref: rulesReloader") || l.trim().equals("method: reloadRules"));
    }
}
