package io.tradinggrid.bridge.routing;

import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.classification.ThreadScorer;
import java.util.List;

/**
 * Why a thread goes where it goes, for an operator: the rule that decided (or the partner's category), what in the
 * thread made it hold, the target and team, and what came close.
 *
 * @param decidedBy the rule id, or "category:&lt;CATEGORY&gt;" when no rule held and the partner's category decided
 * @param because   what in the thread made the deciding rule hold (empty when the category decided)
 * @param runnersUp rules that held after the decider, then rules that failed with some of their conditions holding
 * @param words     the types the thread's words scored highest for, best first, with the terms found
 * @param confidence the best word score's share of the best two (what minConfidence is compared with)
 * @param learnt    whether words are ranked by the model learnt from labelled threads (scores are probabilities,
 *                  terms the evidence that weighed most) rather than by the vocabulary's scores
 */
public record RoutingExplanation(String threadId, String title, String category, String priority, String exceptionType,
        String decidedBy, List<String> because, String target, String team, List<ThreadClassifier.RuleCheck> runnersUp,
        List<ThreadScorer.Score> words, double confidence, boolean learnt) {

    /** The explanation as an operator reads it on a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(threadId).append("  \"").append(title).append("\"  category ").append(empty(category)).append(", priority ")
                .append(empty(priority)).append('\n');
        String by = decidedBy.startsWith("category:") ? "no rule held and the words did not decide; the partner's category did"
                : decidedBy.equals("words") ? String.format("no rule held; the words decided, confidence %.2f", confidence)
                : decidedBy.equals(ThreadClassifier.LEARNT_RULE)
                        ? String.format("no rule held that decides before the model; the model learnt from labelled threads decided, confidence %.2f", confidence)
                : "rule " + decidedBy;
        out.append("  type      ").append(exceptionType).append("  (").append(by).append(")\n");
        if (!because.isEmpty()) {
            out.append("  because   ").append(String.join("; ", because)).append('\n');
        }
        out.append("  goes to   ").append(target).append(" (").append(team).append(")\n");
        if (!words.isEmpty()) {
            boolean ruleDecided = !decidedBy.equals(ThreadClassifier.LEARNT_RULE) && !decidedBy.startsWith("category:");
            out.append(!learnt ? "  words:\n" : ruleDecided ? "  likely, had no rule held (learnt from labelled threads; what weighed most):\n"
                    : "  likely (learnt from labelled threads; what weighed most):\n");
            for (ThreadScorer.Score w : words) {
                out.append(learnt ? String.format("    %-40s %4.0f%%  %s%n", w.key(), w.score() * 100, String.join(", ", w.terms()))
                        : String.format("    %-40s %5.1f  %s%n", w.key(), w.score(), String.join(", ", w.terms())));
            }
        }
        if (runnersUp.isEmpty()) {
            out.append("  runners-up: none\n");
        } else {
            out.append("  runners-up:\n");
            for (ThreadClassifier.RuleCheck c : runnersUp) {
                out.append("    ").append(c.ruleId()).append(" -> ").append(c.key()).append(": ")
                        .append(c.matched() ? "also held" : "did not hold, " + c.failed());
                if (!c.evidence().isEmpty()) {
                    out.append(" (had ").append(String.join("; ", c.evidence())).append(')');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String empty(String value) {
        return value == null || value.isEmpty() ? "(none)" : value;
    }
}
