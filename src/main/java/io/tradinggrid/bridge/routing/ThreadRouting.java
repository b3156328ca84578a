package io.tradinggrid.bridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies the thread on the exchange and looks up its target, leaving the result in exchange properties that the
 * routes' content-based router reads: exceptionType, exceptionSubtype, exceptionKey, classificationRule,
 * targetSystem, targetType, team, teamLabel and target.
 */
public class ThreadRouting {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadRouting.class);

    /** Classification rules and routing table, always swapped together. */
    private record Rules(ThreadClassifier classifier, RoutingTable table) {
    }

    private volatile Rules rules;

    public ThreadRouting(ThreadClassifier classifier, RoutingTable table) {
        this.rules = new Rules(classifier, table);
    }

    /** Swaps in new rules in one step; a message decides with one set, never half of each. */
    public void replace(ThreadClassifier classifier, RoutingTable table) {
        this.rules = new Rules(classifier, table);
    }

    /** The routing-table entry for a classification, under the rules in force now. */
    public Target target(Classification classification) {
        return rules.table().resolve(classification);
    }

    public void decide(Exchange exchange) {
        Rules current = rules;
        JsonNode thread = exchange.getMessage().getBody(JsonNode.class);
        Classification classification = current.classifier().classify(thread);
        Target target = current.table().resolve(classification);
        exchange.setProperty("exceptionType", classification.type());
        exchange.setProperty("exceptionSubtype", classification.subtype());
        exchange.setProperty("exceptionKey", classification.key());
        exchange.setProperty("classificationRule", classification.ruleId());
        exchange.setProperty("target", target);
        exchange.setProperty("targetSystem", target.system());
        exchange.setProperty("targetType", target.type());
        exchange.setProperty("team", target.team());
        exchange.setProperty("teamLabel", target.teamLabel());
        LOG.info("Thread {} classified {} by {} -> {} for {}", exchange.getProperty("threadId"), classification.key(),
                classification.ruleId(), target.system() + ":" + target.type(), target.team());
    }
}
