package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.status.StatusMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks what users edit before the bridge runs it: the rule files in config/ and the routes in routes/. Each problem
 * names its file and, where it can be found, its line. Errors stop a start or a reload; warnings do not.
 */
public final class RulesValidator {

    /** One finding. */
    public record Finding(boolean error, Path file, int line, String message) {
        @Override
        public String toString() {
            return (error ? "ERROR " : "WARN  ") + file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private static final Set<String> SERVICENOW_TABLES = Set.of("incident", "sn_customerservice_case", "sc_task");

    private final Path configDir;
    private final Path routesDir;

    public RulesValidator(Path configDir, Path routesDir) {
        this.configDir = configDir;
        this.routesDir = routesDir;
    }

    public List<Finding> validate() {
        List<Finding> findings = new ArrayList<>();
        Path rulesFile = configDir.resolve("classification-rules.yaml");
        Path tableFile = configDir.resolve("routing-table.yaml");
        Path mapsFile = configDir.resolve("status-maps.yaml");
        ClassificationRules rules = load(findings, rulesFile, () -> {
            ClassificationRules loaded = ClassificationRules.load(rulesFile);
            new ThreadClassifier(loaded);
            return loaded;
        });
        RoutingTable table = load(findings, tableFile, () -> RoutingTable.load(tableFile));
        StatusMaps maps = load(findings, mapsFile, () -> StatusMaps.load(mapsFile));
        if (rules != null) {
            unreachableRules(findings, rulesFile, rules);
        }
        if (rules != null && table != null) {
            Set<String> types = new HashSet<>(rules.categories.values());
            rules.rules.forEach(r -> types.add(r.subtype == null ? r.type : r.type + "/" + r.subtype));
            // the vocabulary's types go where the table says too: a misspelt key would route its threads to the default
            types.addAll(rules.vocabulary.keySet());
            for (String type : types) {
                int slash = type.indexOf('/');
                Classification c = slash < 0 ? new Classification(type, null, "check") : new Classification(type.substring(0, slash), type.substring(slash + 1), "check");
                Target target = table.resolve(c);
                if ("default".equals(target.key()) && !type.equals(Classification.UNCLASSIFIED)) {
                    findings.add(new Finding(false, tableFile, 0, "exception type '" + type + "' (from " + rulesFile.getFileName()
                            + ") has no entry and goes to the default target " + target.entry().target));
                }
            }
        }
        if (table != null && maps != null) {
            List<Target> targets = new ArrayList<>();
            table.routes().forEach((key, entry) -> targets.add(new Target(key, entry)));
            for (Target target : targets) {
                boolean mapped = target.serviceNow()
                        ? maps.hasServiceNow(target.type())
                        : maps.hasWorkflow(target.type());
                if (target.serviceNow() && !SERVICENOW_TABLES.contains(target.type())) {
                    findings.add(new Finding(true, tableFile, lineOf(tableFile, target.key() + ":"), target.key()
                            + ": ServiceNow table '" + target.type() + "' is not one the bridge creates (" + SERVICENOW_TABLES + ")"));
                } else if (!mapped) {
                    findings.add(new Finding(false, mapsFile, 0, target.key() + " goes to " + target.entry().target
                            + ", which status-maps.yaml does not map: partners would not see its progress"));
                }
            }
        }
        try {
            for (RouteFileValidator.Problem problem : new RouteFileValidator().validateFolder(routesDir)) {
                findings.add(new Finding(true, problem.file(), 0, problem.message()));
            }
        } catch (IOException e) {
            findings.add(new Finding(true, routesDir, 0, "cannot read the routes folder: " + e.getMessage()));
        }
        return findings;
    }

    /** A rule after another that matches everything it matches can never decide anything. */
    private static void unreachableRules(List<Finding> findings, Path file, ClassificationRules rules) {
        for (int i = 0; i < rules.rules.size(); i++) {
            ClassificationRules.Rule later = rules.rules.get(i);
            for (int j = 0; j < i; j++) {
                ClassificationRules.Rule earlier = rules.rules.get(j);
                if (covers(earlier, later)) {
                    findings.add(new Finding(false, file, lineOf(file, "id: " + later.id), "rule " + later.id
                            + " can never match: rule " + earlier.id + " before it matches every thread it would"));
                    break;
                }
            }
        }
    }

    private static boolean covers(ClassificationRules.Rule earlier, ClassificationRules.Rule later) {
        ClassificationRules.Conditions e = earlier.when;
        ClassificationRules.Conditions l = later.when;
        boolean onlyListConditions = e.textAny == null && e.textNone == null && e.references == null && e.ediDocumentTypes == null;
        return onlyListConditions && superset(e.categories, l.categories) && superset(e.priorities, l.priorities);
    }

    private static boolean superset(List<String> wider, List<String> narrower) {
        return wider == null || (narrower != null && new HashSet<>(wider).containsAll(narrower));
    }

    private interface Loader<T> {
        T load() throws Exception;
    }

    private static <T> T load(List<Finding> findings, Path file, Loader<T> loader) {
        if (!Files.isRegularFile(file)) {
            findings.add(new Finding(true, file, 0, "missing"));
            return null;
        }
        try {
            return loader.load();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            findings.add(new Finding(true, file, line, e.getOriginalMessage()));
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            findings.add(new Finding(true, file, guessLine(file, message), message));
        }
        return null;
    }

    /** The line of an entry named in a message ("routing-table.yaml claim: ...", "classification rule broken: ..."). */
    private static int guessLine(Path file, String message) {
        for (String word : message.replaceAll("[:,'()]", " ").split("\\s+")) {
            if (word.length() > 2) {
                int line = lineOf(file, word + ":");
                if (line == 0) {
                    line = lineOf(file, "id: " + word);
                }
                if (line > 0) {
                    return line;
                }
            }
        }
        return 0;
    }

    static int lineOf(Path file, String text) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (!line.startsWith("#") && (line.startsWith(text) || line.startsWith("- " + text))) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
