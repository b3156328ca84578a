package io.tradinggrid.bridge.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Puts the circuits and retry budgets of a running bridge back to how a fresh start leaves them, so tests that share
 * one bridge do not inherit a tripped circuit or a spent budget from the test before.
 */
public final class ResilienceResets {

    private ResilienceResets() {
    }

    /** Every circuit closed, with no recent calls counted. */
    public static void closeAll(TargetCircuits circuits) {
        for (String target : circuits.states().keySet()) {
            CircuitBreaker circuit = circuits.circuit(target);
            switch (circuit.getState()) {
                // a real transition: it also cancels the pending automatic move of an open circuit to half open
                case OPEN, HALF_OPEN, FORCED_OPEN -> circuit.transitionToClosedState();
                // closed (counts dropped) or disabled (left as configured)
                case CLOSED -> circuit.reset();
                default -> {
                }
            }
        }
    }

    /** Every route's retry budget full again: buckets are created full on first use. */
    public static void refill(RetryBudget budget) {
        try {
            Field buckets = RetryBudget.class.getDeclaredField("buckets");
            buckets.setAccessible(true);
            ((Map<?, ?>) buckets.get(budget)).clear();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RetryBudget changed: update " + ResilienceResets.class.getSimpleName(), e);
        }
    }
}
