package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.Target;
import io.tradinggrid.bridge.text.PartnerInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each sample thread goes under the rules of a config folder, and, given a second folder, where it would go
 * with those rules instead: a dry run that creates nothing.
 */
public final class RulesTester {

    /** One thread's route under the current rules and, when compared, under the edited ones. */
    public record Row(String thread, String category, String now, String edited) {
        public boolean changed() {
            return edited != null && !edited.equals(now);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SANDBOX_SEED = "/emulator/community/seed.json";

    private RulesTester() {
    }

    public static List<Row> run(Path configDir, Path editedDir, List<JsonNode> threads) throws IOException {
        ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.load(configDir.resolve("classification-rules.yaml")));
        RoutingTable table = RoutingTable.load(configDir.resolve("routing-table.yaml"));
        ThreadClassifier editedClassifier = null;
        RoutingTable editedTable = null;
        if (editedDir != null) {
            editedClassifier = new ThreadClassifier(ClassificationRules.loadEdited(editedDir.resolve("classification-rules.yaml"), configDir));
            editedTable = RoutingTable.load(editedDir.resolve("routing-table.yaml"));
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode raw : threads) {
            // classified as the running bridge classifies it: with the partner's texts made plain
            JsonNode thread = PartnerInput.thread(raw);
            String name = thread.path("id").asText(thread.path("key").asText("?"));
            rows.add(new Row(name, thread.path("category").asText(), describe(classifier, table, thread),
                    editedClassifier == null ? null : describe(editedClassifier, editedTable, thread)));
        }
        return rows;
    }

    /** Threads from a JSON file (an array of threads, or an object with a "threads" array), or the sandbox's seed. */
    public static List<JsonNode> threads(Path file) throws IOException {
        JsonNode root;
        if (file != null) {
            root = MAPPER.readTree(Files.readString(file));
        } else {
            try (InputStream in = RulesTester.class.getResourceAsStream(SANDBOX_SEED)) {
                root = MAPPER.readTree(in);
            }
        }
        JsonNode array = root.isArray() ? root : root.path("threads");
        List<JsonNode> threads = new ArrayList<>();
        array.forEach(threads::add);
        return threads;
    }

    private static String describe(ThreadClassifier classifier, RoutingTable table, JsonNode thread) {
        Classification c = classifier.classify(thread);
        Target target = table.resolve(c);
        return c.key() + " -> " + target.entry().target + " (" + target.team() + ")";
    }
}
