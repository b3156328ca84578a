package io.tradinggrid.bridge.routing;

import io.tradinggrid.bridge.classification.Classification;

/** Where a thread goes and why: its exception type (with the rule that decided it) and the routing-table target. */
public record Decision(Classification classification, Target target) {
}
