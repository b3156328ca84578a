package io.tradinggrid.bridge.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one place where partner text enters the bridge: a thread or a post as the community gives it, with every text a
 * partner wrote made plain ({@link PlainText}). Everything the bridge builds from it (record fields, process
 * variables, templated fields, comments) starts from this copy.
 * <p>
 * Only the texts are cleaned: title, body, the partner's and the author's names, and the business references (names
 * and values). Ids, statuses, versions and origins stay exactly as the community sent them, because the bridge
 * addresses the community with them; a cleaned id could name another thread.
 */
public final class PartnerInput {

    /** Longer than anything the contract allows (a body is at most 64 KiB); fields are cut to their own size later. */
    private static final int UNBOUNDED = 1 << 20;
    /** A reference name is a short key (purchaseOrder, claim); longer ones are cut. */
    private static final int REFERENCE_NAME = 100;

    private PartnerInput() {
    }

    /** A copy of the thread with its partner-written texts made plain. */
    public static JsonNode thread(JsonNode thread) {
        return cleaned(thread, copy -> {
            cleanText(copy, "title");
            cleanText(copy, "body");
            cleanText(copy.path("partner"), "companyName");
            cleanText(copy.path("createdBy"), "displayName");
            JsonNode references = copy.get("references");
            if (references != null && references.isObject()) {
                copy.set("references", references(references));
            }
        });
    }

    /** A copy of the post with its body and its author's name made plain. */
    public static JsonNode post(JsonNode post) {
        return cleaned(post, copy -> {
            cleanText(copy, "body");
            cleanText(copy.path("author"), "displayName");
        });
    }

    /** A copy of an onboarding request (a prospective partner wrote it) with its names and contacts made plain. */
    public static JsonNode onboardingRequest(JsonNode request) {
        return cleaned(request, copy -> {
            cleanText(copy, "companyName");
            cleanText(copy, "country");
            for (JsonNode contact : copy.path("contacts")) {
                for (String field : new String[] {"name", "email", "phone", "role"}) {
                    cleanText(contact, field);
                }
            }
        });
    }

    /** A copy of a compliance document with the name its partner gave it made plain. */
    public static JsonNode complianceDocument(JsonNode document) {
        return cleaned(document, copy -> cleanText(copy, "name"));
    }

    /** Partner text made plain, unbounded (the caller cuts it to its field). */
    public static String text(String text) {
        return PlainText.of(text, UNBOUNDED);
    }

    private static ObjectNode references(JsonNode references) {
        ObjectNode clean = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = references.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = PlainText.of(e.getKey(), REFERENCE_NAME);
            if (name.isEmpty()) {
                continue;
            }
            JsonNode value = e.getValue();
            if (value.isNumber() || value.isBoolean() || value.isNull()) {
                clean.set(name, value);
            } else if (value.isValueNode()) {
                clean.put(name, text(value.asText()));
            } else {
                // the contract's references are flat; a nested value is kept as its plain JSON text
                clean.put(name, text(value.toString()));
            }
        }
        return clean;
    }

    /** A cleaned copy of what a partner sent; the original stays as it came, for the dead-letter store. */
    private static JsonNode cleaned(JsonNode node, Consumer<ObjectNode> clean) {
        if (node == null || !node.isObject()) {
            return node;
        }
        ObjectNode copy = node.deepCopy();
        clean.accept(copy);
        return copy;
    }

    private static void cleanText(JsonNode node, String field) {
        if (node instanceof ObjectNode object && object.hasNonNull(field) && object.get(field).isValueNode()) {
            object.put(field, text(object.get(field).asText()));
        }
    }
}
