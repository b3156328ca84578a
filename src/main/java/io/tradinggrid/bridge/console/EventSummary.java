package io.tradinggrid.bridge.console;

import com.fasterxml.jackson.databind.JsonNode;

/** One line an operator reads for a timeline event; the event's facts stay beside it, whole. */
final class EventSummary {

    private EventSummary() {
    }

    static String of(String kind, Object detail) {
        JsonNode f = detail instanceof JsonNode json ? json : null;
        String text = detail instanceof String s ? s : null;
        return switch (kind) {
            case "thread.taken-in" -> "Version " + get(f, "version") + " taken in (" + get(f, "status") + ")";
            case "thread.routed" -> "Routed as " + get(f, "type") + " by " + rule(get(f, "rule")) + " to " + get(f, "system") + " "
                    + get(f, "target") + " for " + get(f, "team");
            case "link.stored" -> f == null ? "Record linked: " + text : "Record " + get(f, "number") + " created in " + get(f, "system")
                    + " (" + get(f, "target") + ") and linked";
            case "attachment.copied" -> "File copied to the record" + (text == null ? "" : ": " + text);
            case "attachment.refused" -> "File refused" + (text == null ? "" : ": " + text);
            case "status.published" -> f == null ? "Status published: " + text : "Partner sees " + get(f, "status") + ": " + get(f, "note");
            case "post.published" -> "Published to the partner: " + get(f, "kind");
            case "file.published" -> f == null ? "File published: " + text : "File shared with the partner: " + get(f, "file");
            case "retry" -> "Retry " + get(f, "attempt") + " of " + get(f, "route") + " after " + get(f, "failure");
            case "work.waiting" -> "Waiting for " + get(f, "system") + ": " + get(f, "reason");
            case "dlq.stored" -> "Dead letter from " + get(f, "route") + ": " + get(f, "reason");
            default -> text == null ? kind : kind + ": " + text;
        };
    }

    private static String rule(String rule) {
        return switch (rule) {
            case "learnt" -> "the learnt model";
            case "words" -> "the vocabulary";
            default -> rule.startsWith("category:") ? "the partner's category" : "rule " + rule;
        };
    }

    private static String get(JsonNode facts, String name) {
        return facts == null || facts.path(name).isMissingNode() || facts.path(name).isNull() ? "?" : facts.path(name).asText();
    }
}
