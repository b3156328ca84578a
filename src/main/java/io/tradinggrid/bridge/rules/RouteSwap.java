package io.tradinggrid.bridge.rules;

import java.util.ArrayList;
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
 * loaded back, so the bridge runs what it ran before. Route configurations (error handling) are built into every route that uses them,
 * so a change to one of those is reported and applied at the next start only.
 */
public class RouteSwap {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwap.class);

    private final CamelContext context;

    public RouteSwap(CamelContext context) {
        this.context = context;
    }

    /** What a swap did. */
    public record Outcome(boolean applied, String message) {
    }

    /**
     * @param before file name to content as the running routes were loaded
     * @param after  file name to content as the files are now (validated already)
     */
    public Outcome apply(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new LinkedHashMap<>();
        after.forEach((file, content) -> {
            if (!content.equals(before.get(file))) {
                changed.put(file, content);
            }
        });
        List<String> removedFiles = before.keySet().stream().filter(f -> !after.containsKey(f)).toList();
        for (String file : changed.keySet()) {
            if (holdsRouteConfiguration(before.get(file)) || holdsRouteConfiguration(changed.get(file))) {
                return new Outcome(false, file + " holds route configurations (error handling), which every route is built with: "
                        + "restart the bridge to apply it");
            }
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
                for (int i = applied.size() - 1; i >= 0; i--) {
                    restore(applied.get(i));
                }
                return new Outcome(false, file.getKey() + " could not be applied, the previous routes run on: " + e.getMessage());
            }
        }
        for (String file : removedFiles) {
            for (String id : routeIdsOf(file)) {
                remove(id);
            }
            done.add(file + " removed");
        }
        return new Outcome(true, done.isEmpty() ? "no route changed" : "routes applied: " + String.join("; ", done));
    }

    private Set<String> load(String file, String content) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + file, content);
        return PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(resource));
    }

    private record Applied(String file, String previous, Set<String> oldIds) {
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

    private static boolean holdsRouteConfiguration(String content) {
        return content != null && content.lines().anyMatch(l -> l.startsWith("- routeConfiguration:"));
    }
}
