package io.tradinggrid.bridge.routing;

import io.tradinggrid.bridge.classification.Classification;

/**
 * Where a thread goes and why: its exception type (with the rule that decided it), the routing-table target, and the
 * explanation worked out with the same rules in the same step (null where none was asked for).
 */
public record Decision(Classification classification, Target target, RoutingExplanation why) {

    public Decision(Classification classification, Target target) {
        this(classification, target, null);
    }
}
