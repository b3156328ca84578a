package io.tradinggrid.bridge.rules;

import io.tradinggrid.bridge.flow.Sha256;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.status.ServiceNowStatusSync;
import io.tradinggrid.bridge.status.StatusMaps;
import io.tradinggrid.bridge.status.WorkflowStatusSync;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.UncheckedIOException;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies edits to the rule files (classification rules, routing table, status maps) to the running bridge: notices a
 * change by content hash, validates the whole set first, and swaps it in atomically; messages already past their
 * routing decision finish under the rules they started with. An invalid edit is rejected with its findings and the
 * bridge keeps the rules it has. Every applied set is stored, so {@code rules revert} can restore the previous one.
 * Route files are validated the same way and swapped in route by route ({@link RouteSwap}), with the previous routes
 * put back if the new ones do not start.
 */
public class RulesReloader {

    public static final List<String> FILES = List.of("classification-rules.yaml", "routing-table.yaml", "status-maps.yaml");
    /** Kinds of applied versions kept in config_version. */
    public static final String RULES = "rules";
    public static final String ROUTES = "routes";
    private static final Pattern ROUTE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*\\.camel\\.yaml");
    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path configDir;
    private final Path routesDir;
    private final DataSource dataSource;
    private final ConfigVersions versions;
    private final AuditTrail audit;
    private final ThreadRouting routing;
    private final ServiceNowStatusSync serviceNowStatus;
    private final WorkflowStatusSync workflowStatus;
    private final RouteSwap routeSwap;
    private String appliedHash;
    private String routesHash;
    private Map<String, String> appliedRoutes = Map.of();
    private String rejectedHash;

    public RulesReloader(Path configDir, Path routesDir, DataSource dataSource, AuditTrail audit, ThreadRouting routing,
            ServiceNowStatusSync serviceNowStatus, WorkflowStatusSync workflowStatus, RouteSwap routeSwap) {
        this.routeSwap = routeSwap;
        this.configDir = configDir;
        this.routesDir = routesDir;
        this.dataSource = dataSource;
        this.versions = new ConfigVersions(dataSource);
        this.audit = audit;
        this.routing = routing;
        this.serviceNowStatus = serviceNowStatus;
        this.workflowStatus = workflowStatus;
    }

    /** Records the rules the bridge started with as the first applied version (once per content). */
    public synchronized void started() throws IOException {
        Map<String, String> files = read(configDir);
        appliedHash = rulesHash(files);
        appliedRoutes = readRoutes();
        routesHash = hash(appliedRoutes);
        if (!appliedHash.equals(latest(RULES).map(ConfigVersions.Version::hash).orElse(null))) {
            store(RULES, files, appliedHash, "bridge start");
        }
        if (!routesHash.equals(latest(ROUTES).map(ConfigVersions.Version::hash).orElse(null))) {
            store(ROUTES, appliedRoutes, routesHash, "bridge start");
        }
    }

    /** Applies the rule files if they changed and are valid; returns what happened, for logs and tests. */
    public String check() throws IOException {
        return check("bridge");
    }

    /** As {@link #check()}, on behalf of an operator (admin API), who the audit trail then names. */
    public synchronized String check(String actor) throws IOException {
        Map<String, String> files = read(configDir);
        String hash = rulesHash(files);
        Map<String, String> routeFiles = readRoutes();
        String routes = hash(routeFiles);
        StringBuilder outcome = new StringBuilder();
        if (!routes.equals(routesHash)) {
            // looked at once per content: a rejected edit is not tried again until the files change again
            routesHash = routes;
            List<RulesValidator.Finding> routeErrors = new RulesValidator(configDir, routesDir).validate().stream()
                    .filter(f -> f.error() && f.file().toString().endsWith(".camel.yaml")).toList();
            String message;
            boolean applied = false;
            if (!routeErrors.isEmpty()) {
                message = "route files changed and are not valid, the running routes stay as they are: " + routeErrors.get(0);
            } else {
                RouteSwap.Outcome swap = routeSwap.apply(appliedRoutes, routeFiles);
                applied = swap.applied();
                message = swap.message();
                // what runs now: files that apply at the next start keep their running content here, so they do not
                // stand in the way of later edits
                appliedRoutes = swap.running();
                if (applied) {
                    store(ROUTES, routeFiles, routes, actor);
                }
            }
            if (applied) {
                LOG.info("Route files {} applied: {}", shortHash(routes), message);
            } else {
                LOG.error("Route files {} not applied: {}", shortHash(routes), message);
            }
            audit.record(actor, applied ? "routes.applied" : "routes.rejected", null, "routes:" + routes, message);
            outcome.append(applied ? "" : "routes rejected: ").append(message);
        }
        if (hash.equals(appliedHash) || hash.equals(rejectedHash)) {
            return outcome.length() == 0 ? "unchanged" : outcome.toString();
        }
        return applyRules(files, hash, actor);
    }

    /**
     * Writes an operator's edited rule files (the console's upload) into the config folder and applies them at once,
     * under the same lock as the scheduled check, so no check sees half of them; when they do not validate, the files
     * as they were go back and the refusal is returned. Route files are left to the scheduled check.
     */
    public synchronized String applyEdit(Map<String, String> edited, String actor) throws IOException {
        Map<String, String> before = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : edited.entrySet()) {
            if (!FILES.contains(file.getKey())) {
                throw new IllegalArgumentException("not a rules file: " + file.getKey() + " (one of " + FILES + ")");
            }
            Path target = configDir.resolve(file.getKey());
            before.put(file.getKey(), Files.readString(target));
        }
        edited.forEach((name, content) -> write(configDir.resolve(name), content));
        Map<String, String> files = read(configDir);
        String outcome = applyRules(files, rulesHash(files), actor);
        if (outcome.startsWith("rejected")) {
            before.forEach((name, content) -> write(configDir.resolve(name), content));
        }
        return outcome;
    }

    private static void write(Path target, String content) {
        try {
            Path temp = target.resolveSibling("." + target.getFileName() + ".edit");
            Files.writeString(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target, e);
        }
    }

    private String applyRules(Map<String, String> files, String hash, String actor) throws IOException {
        List<RulesValidator.Finding> errors = new RulesValidator(configDir, routesDir).validate().stream()
                .filter(f -> f.error() && !f.file().toString().endsWith(".camel.yaml")).toList();
        if (!errors.isEmpty()) {
            rejectedHash = hash;
            String reason = errors.stream().map(Object::toString).collect(Collectors.joining("; "));
            LOG.error("Rule edit {} rejected, the bridge keeps routing under rules {}: {}", shortHash(hash), shortHash(appliedHash), reason);
            audit.record(actor, "config.rejected", null, "config:" + hash, reason);
            return "rejected: " + reason;
        }
        ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.load(configDir.resolve(FILES.get(0))));
        RoutingTable table = RoutingTable.load(configDir.resolve(FILES.get(1)));
        StatusMaps maps = StatusMaps.load(configDir.resolve(FILES.get(2)));
        routing.replace(classifier, table);
        serviceNowStatus.replace(maps);
        workflowStatus.replace(maps);
        store(RULES, files, hash, "bridge".equals(actor) ? "file change" : actor);
        LOG.info("Rules {} applied (were {})", shortHash(hash), shortHash(appliedHash));
        audit.record(actor, "config.applied", null, "config:" + hash, "replaced " + appliedHash);
        appliedHash = hash;
        rejectedHash = null;
        return "applied " + hash;
    }

    /**
     * Writes the previously applied rule (or route) files back into this bridge's folders, on behalf of an operator
     * (admin API); the next {@link #check} applies them. Returns the hash of what was restored.
     */
    public String revert(boolean routes, String actor) throws IOException {
        return routes ? revert(ROUTES, dataSource, audit, routesDir, actor) : revert(RULES, dataSource, audit, configDir, actor);
    }

    /** Writes the previously applied rule files back into a config folder; the running bridge then applies them. */
    public static String revert(DataSource dataSource, AuditTrail audit, Path configDir, String actor) throws IOException {
        return revert(RULES, dataSource, audit, configDir, actor);
    }

    /**
     * Writes the previously applied files of one kind (rules: config/*.yaml, routes: routes/*.camel.yaml) back into
     * their folder; for routes, files the previous version did not have are removed. The running bridge then applies
     * them at its next check, validated like any edit.
     */
    public static String revert(String kind, DataSource dataSource, AuditTrail audit, Path dir, String actor) throws IOException {
        List<ConfigVersions.Version> versions = new ConfigVersions(dataSource).latest(kind, 2);
        if (versions.size() < 2) {
            throw new IllegalStateException("there is no earlier applied version of the " + kind + " to revert to");
        }
        ConfigVersions.Version previous = versions.get(1);
        // every name is checked before anything is deleted or written: a bad row changes nothing
        Map<Path, String> targets;
        try {
            targets = targets(kind, dir, previous.files());
        } catch (UnsafeVersionException e) {
            audit.record(actor, kind + ".revert-refused", null, kind + ":" + previous.hash(), e.getMessage());
            throw e;
        }
        if (ROUTES.equals(kind)) {
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                    if (!previous.files().containsKey(f.getFileName().toString())) {
                        Files.delete(f);
                    }
                }
            }
        }
        for (Map.Entry<Path, String> file : targets.entrySet()) {
            Files.writeString(file.getKey(), file.getValue());
        }
        audit.record(actor, ROUTES.equals(kind) ? "routes.reverted" : "config.reverted", null, kind + ":" + previous.hash(),
                "restored the version applied at " + previous.appliedAt());
        return previous.hash();
    }

    /**
     * The files a revert writes, each checked against its folder. The names come from the store, and whoever can write
     * the store must not be able to write anywhere else: a name is a plain file name of the kind's files (rules: one of
     * {@link #FILES}; routes: {@code name.camel.yaml}), and its normalised path stays inside the folder.
     */
    static Map<Path, String> targets(String kind, Path dir, Map<?, ?> files) {
        Path folder = dir.toAbsolutePath().normalize();
        Map<Path, String> targets = new LinkedHashMap<>();
        for (Map.Entry<?, ?> file : files.entrySet()) {
            String name = String.valueOf(file.getKey());
            String shown = name.replaceAll("\\p{Cntrl}", "?");
            shown = shown.length() > 80 ? shown.substring(0, 79) + "…" : shown;
            boolean plain = ROUTES.equals(kind) ? ROUTE_FILE_NAME.matcher(name).matches() : FILES.contains(name);
            Path target = folder.resolve(name).normalize();
            if (!plain || !folder.equals(target.getParent())) {
                throw new UnsafeVersionException("the stored " + kind + " version names a file '" + shown + "' that is not "
                        + (ROUTES.equals(kind) ? "a plain name.camel.yaml" : "one of " + FILES) + " in " + folder
                        + ": nothing was written. The store has been changed by something other than the bridge; check it");
            }
            if (!(file.getValue() instanceof String content)) {
                throw new UnsafeVersionException("the stored " + kind + " version holds no text for '" + shown + "': nothing was written");
            }
            targets.put(target, content);
        }
        return targets;
    }

    /** A stored version that would write outside its folder, or something else than the kind's files. */
    public static class UnsafeVersionException extends IllegalStateException {
        public UnsafeVersionException(String message) {
            super(message);
        }
    }

    private Optional<ConfigVersions.Version> latest(String kind) {
        return versions.latest(kind, 1).stream().findFirst();
    }

    private void store(String kind, Map<String, String> files, String hash, String by) {
        versions.store(kind, files, hash, by);
    }

    /** The applied versions this bridge keeps, for the console's history. */
    public ConfigVersions versions() {
        return versions;
    }

    static Map<String, String> read(Path configDir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : FILES) {
            Path path = configDir.resolve(file);
            files.put(file, Files.isRegularFile(path) ? Files.readString(path) : "");
        }
        return files;
    }

    private Map<String, String> readRoutes() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (Files.isDirectory(routesDir)) {
            try (var list = Files.list(routesDir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                    files.put(f.getFileName().toString(), Files.readString(f));
                }
            }
        }
        return files;
    }

    private static final Pattern EXAMPLES = Pattern.compile("(?m)^\\s+examples:\\s*['\"]?([^'\"\\s#]+)");

    /**
     * The rule files' hash, and the labelled examples' when the rules learn from them: an edit of the examples alone
     * is applied as an edit of the rules (the model is learnt again), though the examples are not stored with each
     * version (they are data, kept beside the rules, and large).
     */
    private String rulesHash(Map<String, String> files) throws IOException {
        Matcher examples = EXAMPLES.matcher(files.getOrDefault(FILES.get(0), ""));
        if (!examples.find()) {
            return hash(files);
        }
        Path file = configDir.resolve(examples.group(1)).normalize();
        Map<String, String> watched = new LinkedHashMap<>(files);
        if (file.startsWith(configDir.normalize()) && Files.isRegularFile(file)) {
            watched.put(examples.group(1), Sha256.hex(Files.readAllBytes(file)));
        }
        return hash(watched);
    }

    static String hash(Map<String, String> files) {
        MessageDigest digest = Sha256.digest();
        for (Map.Entry<String, String> f : files.entrySet()) {
            digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(f.getValue().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return Sha256.hex(digest);
    }

    private static String shortHash(String hash) {
        return hash == null ? "-" : hash.substring(0, 12);
    }
}
