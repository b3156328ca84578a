package io.tradinggrid.bridge.classification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A community thread with the exception type, target and team it should get: a line of a labelled corpus (JSONL).
 * {@code {"id", "set": "tune"|"test", "thread": {...}, "expected": {"type", "subtype"?, "target", "team"}}}. The
 * classifier learns from the "tune" lines; "test" lines are held out, for measuring only.
 */
public record LabelledThread(String id, String set, JsonNode thread, String expectedKey, String expectedTarget, String expectedTeam) {

    /** The lines the classifier may learn from and rule tuning may look at. */
    public static final String TUNE = "tune";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The exception type without its subtype: what the issue calls the family. */
    public String expectedFamily() {
        int slash = expectedKey.indexOf('/');
        return slash < 0 ? expectedKey : expectedKey.substring(0, slash);
    }

    /**
     * The labelled threads of a corpus file.
     *
     * @param set "tune", "test", or null for every line
     * @throws IllegalArgumentException naming the line, for a line that is not a labelled thread
     */
    public static List<LabelledThread> load(Path file, String set) throws IOException {
        List<LabelledThread> labelled = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            JsonNode entry;
            try {
                entry = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            JsonNode expected = entry.path("expected");
            String type = expected.path("type").asText("");
            if (!entry.path("thread").isObject() || type.isEmpty() || expected.path("target").asText("").isEmpty()
                    || expected.path("team").asText("").isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": needs thread, expected.type, expected.target and expected.team");
            }
            String subtype = expected.path("subtype").asText("");
            LabelledThread one = new LabelledThread(entry.path("id").asText("line " + (i + 1)), entry.path("set").asText(TUNE),
                    entry.path("thread"), subtype.isEmpty() ? type : type + "/" + subtype, expected.path("target").asText(),
                    expected.path("team").asText());
            if (set == null || set.equals(one.set())) {
                labelled.add(one);
            }
        }
        return labelled;
    }
}
