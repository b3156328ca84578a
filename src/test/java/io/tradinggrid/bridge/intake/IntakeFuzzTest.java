package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.emulator.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generated input against the inbound parsing and the classifier: whatever arrives, the outcome is a classification
 * or a named, expected rejection (which the routes send to the dead-letter store), never an unexpected exception that
 * would stop a poller.
 */
class IntakeFuzzTest {

    private static final List<String> FIELDS = List.of("id", "communityId", "title", "body", "category", "priority", "version",
            "status", "references", "partner", "attachments", "origin", "createdBy");
    private static final List<String> WORDS = List.of("invoice", "VAT", "missing", "ASN", "856", "short", "damaged", "<script>",
            "chargeback", "\u0000", "\uD83D\uDE00", "../../", "GTIN", "late", "delivery", "price", "mismatch", "'", "\"", "\\", "%s");

    private final Random random = new Random(20261121);
    private final ThreadIntake intake = new ThreadIntake("tradinggrid-bridge", Set.of("OPEN", "IN_PROGRESS", "AWAITING_PARTNER"));

    private ThreadClassifier classifier() throws Exception {
        return new ThreadClassifier(ClassificationRules.load(Path.of("config/classification-rules.yaml")));
    }

    private JsonNode value(int depth) {
        switch (random.nextInt(depth > 2 ? 5 : 8)) {
            case 0: return Json.MAPPER.getNodeFactory().textNode(text());
            case 1: return Json.MAPPER.getNodeFactory().numberNode(random.nextLong());
            case 2: return Json.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 3: return Json.MAPPER.getNodeFactory().nullNode();
            case 4: return Json.MAPPER.getNodeFactory().numberNode(random.nextDouble() * 1e6);
            case 5: {
                ArrayNode array = Json.array();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = Json.object();
                for (int i = random.nextInt(6); i > 0; i--) {
                    object.set(random.nextBoolean() ? FIELDS.get(random.nextInt(FIELDS.size())) : text(), value(depth + 1));
                }
                return object;
            }
        }
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : WORDS.get(random.nextInt(WORDS.size()))).append(' ');
        }
        return text.toString();
    }

    private String threadLike() {
        ObjectNode thread = Json.object();
        for (String field : FIELDS) {
            if (random.nextInt(5) > 0) {
                thread.set(field, field.equals("category") && random.nextBoolean()
                        ? Json.MAPPER.getNodeFactory().textNode(random.nextBoolean() ? "GENERAL" : "CLAIM") : value(1));
            }
        }
        String json = thread.toString();
        // every fifth input is cut, spliced or otherwise broken JSON
        if (random.nextInt(5) == 0 && json.length() > 2) {
            int cut = random.nextInt(json.length());
            json = random.nextBoolean() ? json.substring(0, cut) : json.substring(0, cut) + "}{" + json.substring(cut);
        }
        return json;
    }

    @Test
    void should_classify_or_reject_with_a_clear_reason_every_one_of_5000_generated_threads() throws Exception {
        ThreadClassifier classifier = classifier();
        int classified = 0;
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            String input = threadLike();
            try {
                IncomingThread thread = intake.describe(input);
                Classification c = classifier.classify(thread.json());
                assertThat(c.type()).as(input).isNotBlank();
                classified++;
            } catch (ThreadIntake.InvalidThreadException | JsonProcessingException expected) {
                assertThat(expected.getMessage()).as(input).isNotBlank();
                rejected++;
            }
        }
        assertThat(classified).as("some inputs are usable threads").isPositive();
        assertThat(rejected).as("some are not").isPositive();
    }
}
