package io.tradinggrid.bridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.text.PartnerInput;
import java.util.List;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a thread and looks up its target in the routing table; the routes' content-based router reads the
 * {@link Decision} (exchange property decision).
 */
public class ThreadRouting {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadRouting.class);

    /** Classification rules and routing table, always swapped together. */
    private record Rules(ThreadClassifier classifier, RoutingTable table) {
    }

    private volatile Rules rules;
    private final int maxTextChars;

    public ThreadRouting(ThreadClassifier classifier, RoutingTable table) {
        this(classifier, table, Integer.MAX_VALUE);
    }

    /** @param maxTextChars how much of a thread's title and body classification looks at */
    public ThreadRouting(ThreadClassifier classifier, RoutingTable table, int maxTextChars) {
        this.rules = new Rules(classifier, table);
        this.maxTextChars = maxTextChars;
    }

    /** Swaps in new rules in one step; a message decides with one set, never half of each. */
    public void replace(ThreadClassifier classifier, RoutingTable table) {
        this.rules = new Rules(classifier, table);
    }

    /** The routing table in force now. */
    public RoutingTable table() {
        return rules.table();
    }

    /** The routing-table entry for a classification, under the rules in force now. */
    public Target target(Classification classification) {
        return rules.table().resolve(classification);
    }

    /** Why the thread goes where {@link #decide} sends it, with the same rules, and what came close (at most 3). */
    public RoutingExplanation explain(@Body JsonNode thread) {
        Rules current = rules;
        return explain(current.classifier(), current.table(), thread, maxTextChars);
    }

    /** An explanation under given rules (the command line's, from a config folder). */
    public static RoutingExplanation explain(ThreadClassifier classifier, RoutingTable table, JsonNode raw, int maxTextChars) {
        // classified as intake classifies it: with the partner's texts made plain
        JsonNode thread = PartnerInput.thread(raw);
        ThreadClassifier.Explanation why = classifier.explain(thread, maxTextChars);
        return explanation(classifier, thread, why, table.resolve(why.decided()));
    }

    private static RoutingExplanation explanation(ThreadClassifier classifier, JsonNode thread, ThreadClassifier.Explanation why, Target target) {
        Classification decided = why.decided();
        List<String> because = "words".equals(decided.ruleId()) || ThreadClassifier.LEARNT_RULE.equals(decided.ruleId()) ? why.ranking().best().terms()
                : why.checks().stream().filter(c -> c.ruleId().equals(decided.ruleId())).findFirst()
                .map(ThreadClassifier.RuleCheck::evidence).orElse(List.of());
        return new RoutingExplanation(thread.path("id").asText(""), thread.path("title").asText(""), thread.path("category").asText(""),
                thread.path("priority").asText(""), decided.key(), decided.ruleId(), because, target.entry().target, target.team(),
                why.runnersUp(3), why.ranking() == null ? List.of() : why.ranking().scores().stream().limit(3).toList(),
                why.ranking() == null ? 0 : why.ranking().confidence(), classifier.learns());
    }

    /**
     * Classifies the thread and looks up its target, with one set of rules, and says why in the same step: the
     * thread's timeline shows the explanation of this very decision, not one worked out again later.
     */
    public Decision decide(@Body JsonNode thread) {
        Rules current = rules;
        ThreadClassifier.Explanation why = current.classifier().explain(thread, maxTextChars);
        Classification classification = why.decided();
        Target target = current.table().resolve(classification);
        LOG.info("Thread {} classified {} by {} -> {} for {}", thread.path("id").asText(), classification.key(),
                classification.ruleId(), target.system() + ":" + target.type(), target.team());
        return new Decision(classification, target, explanation(current.classifier(), thread, why, target));
    }
}
