package io.tradinggrid.bridge.classification;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Gives a community thread its exception type from its category, priority, text and business references, by the
 * rules of config/classification-rules.yaml. Rules are compiled once; a bad regular expression is an error at load
 * time with the rule's id, never at the first thread that reaches it.
 * <p>
 * Operators write the patterns and partners write the text they run over, so patterns run on RE2/J: matching takes
 * time linear in the text whatever the pattern, and a pattern that needs backtracking (backreferences, lookaround)
 * cannot compile and is refused at load. The text looked at is capped as well (tgb.classification.max-text-chars).
 */
public class ThreadClassifier {

    private record CompiledRule(ClassificationRules.Rule rule, List<Pattern> textAny, List<Pattern> textNone) {
    }

    private final List<CompiledRule> rules = new ArrayList<>();
    private final ClassificationRules source;

    public ThreadClassifier(ClassificationRules source) {
        this.source = source;
        for (ClassificationRules.Rule rule : source.rules) {
            if (rule.id == null || rule.id.isBlank()) {
                throw new IllegalArgumentException("every classification rule needs an id (rule with type " + rule.type + ")");
            }
            if (rule.type == null || rule.type.isBlank()) {
                throw new IllegalArgumentException("classification rule " + rule.id + " has no type");
            }
            ClassificationRules.Conditions when = rule.when == null ? new ClassificationRules.Conditions() : rule.when;
            rule.when = when;
            rules.add(new CompiledRule(rule, compile(rule.id, when.textAny), compile(rule.id, when.textNone)));
        }
    }

    /** Classifies a thread as the Active Community API returns it, looking at all of its text. */
    public Classification classify(JsonNode thread) {
        return classify(thread, Integer.MAX_VALUE);
    }

    /**
     * Classifies a thread, looking at no more than the first {@code maxTextChars} characters of its title and body:
     * what decides a thread's type is said early, and the cost of matching stays bounded however long a partner writes.
     */
    public Classification classify(JsonNode thread, int maxTextChars) {
        String category = text(thread, "category");
        String priority = text(thread, "priority");
        String content = (text(thread, "title") + "\n" + text(thread, "body"));
        if (content.length() > maxTextChars) {
            content = content.substring(0, Math.max(0, maxTextChars));
        }
        JsonNode references = thread.path("references");
        for (CompiledRule compiled : rules) {
            if (matches(compiled, category, priority, content, references)) {
                return new Classification(compiled.rule().type, blankToNull(compiled.rule().subtype), compiled.rule().id);
            }
        }
        String type = source.categories.get(category);
        if (type == null) {
            return new Classification(Classification.UNCLASSIFIED, null, "category:" + (category.isEmpty() ? "(none)" : category));
        }
        return new Classification(type, null, "category:" + category);
    }

    private static boolean matches(CompiledRule compiled, String category, String priority, String content, JsonNode references) {
        ClassificationRules.Conditions when = compiled.rule().when;
        if (when.categories != null && !when.categories.contains(category)) {
            return false;
        }
        if (when.priorities != null && !when.priorities.contains(priority)) {
            return false;
        }
        if (!compiled.textAny().isEmpty() && compiled.textAny().stream().noneMatch(p -> p.matcher(content).find())) {
            return false;
        }
        if (compiled.textNone().stream().anyMatch(p -> p.matcher(content).find())) {
            return false;
        }
        if (when.references != null) {
            for (String reference : when.references) {
                if (text(references, reference).isEmpty()) {
                    return false;
                }
            }
        }
        if (when.ediDocumentTypes != null) {
            String ediType = text(references, "ediDocumentType").toUpperCase(Locale.ROOT);
            return when.ediDocumentTypes.stream().anyMatch(t -> t.equalsIgnoreCase(ediType));
        }
        return true;
    }

    private static List<Pattern> compile(String ruleId, List<String> expressions) {
        List<Pattern> patterns = new ArrayList<>();
        if (expressions != null) {
            for (String expression : expressions) {
                try {
                    patterns.add(Pattern.compile(expression, Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("classification rule " + ruleId + ": bad regular expression '"
                            + expression + "': " + e.getDescription() + " (patterns run on RE2: no backreferences,"
                            + " lookahead or lookbehind, possessive or atomic groups)");
                }
            }
        }
        return patterns;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
