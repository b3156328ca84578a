package io.tradinggrid.bridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves ${path.to.field} in routing-table values against a thread (${title}, ${references.invoice}, ...). */
public final class ThreadReferences {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private ThreadReferences() {
    }

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
        return out.toString();
    }

    /** The correlation id / business key that ties a record to its thread in the target system. */
    public static String correlationId(String threadId) {
        return "activecommunity:" + threadId;
    }
}
