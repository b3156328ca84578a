package io.tradinggrid.bridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.text.PlainText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves ${path.to.field} in routing-table values against a thread (${title}, ${references.invoice}, ...). */
public final class ThreadReferences {

    /** A templated field is text for a record field or a process variable, never longer than this. */
    static final int MAX_TEMPLATED_LENGTH = 4000;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private ThreadReferences() {
    }

    /**
     * The template with the thread's values put in, as plain text: the whole result is cleaned, because the template's
     * own text and a value can spell markup together ({@code <${title}} with a title {@code img src=x onerror=...>}).
     */
    public static String resolve(String template, JsonNode thread) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode node = thread;
            for (String part : m.group(1).split("\\.")) {
                node = node.path(part);
            }
            String value = node.isMissingNode() || node.isNull() ? "" : node.asText();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return PlainText.of(out.toString(), MAX_TEMPLATED_LENGTH);
    }

    /** The correlation id / business key that ties a record to its thread in the target system. */
    public static String correlationId(String threadId) {
        return "activecommunity:" + threadId;
    }
}
