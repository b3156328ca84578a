package io.tradinggrid.bridge.resilience;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.store.WorkClaims;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Decides, for each failure the intake-errors dead letter channel sees, whether to try again now. Retries stop early
 * in two cases, and the message is then kept as waiting work (not a dead letter) to resume later:
 * the failed system's circuit is open, or the flow has spent its retry budget for that system (budgets are kept per
 * flow and system, e.g. {@code thread-intake:servicenow}, so a broken ServiceNow endpoint cannot spend the retries
 * Workflow Service work needs).
 * Otherwise the configured number of redeliveries applies to consecutive failures, and a total to all of them; a route
 * whose messages hold others up (a record of a walk) allows fewer in all ({@link ExchangeKeys#RETRIES_ALLOWED}).
 * A failed system call that spent those retries waits too, so scattered 5xx never make a dead letter; only a message
 * retried the configured total in all, over its resumed runs as well, becomes one.
 */
public class RetryDecision implements Predicate {
    /**
     * Exchange property counting the retries granted since the exchange's last successful (2xx) call to a system
     * (the system API routes clear it), so max-redeliveries bounds consecutive failures of one step. Camel's
     * redelivery counter header cannot be used: the steps clear headers before each call.
     */

    private final int maximumRedeliveries;
    private final int maximumTotal;
    private final TargetCircuits circuits;
    private final RetryBudget budget;

    /**
     * @param maximumRedeliveries consecutive retries of one failing step
     * @param maximumTotal        retries of one message in all, however many steps made progress in between (a step
     *                            that re-runs an earlier successful call must not retry forever)
     */
    public RetryDecision(int maximumRedeliveries, int maximumTotal, TargetCircuits circuits, RetryBudget budget) {
        this.maximumRedeliveries = maximumRedeliveries;
        this.maximumTotal = maximumTotal;
        this.circuits = circuits;
        this.budget = budget;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof TargetUnavailableException unavailable) {
            return waits(exchange, unavailable.target(), unavailable.getMessage());
        }
        int total = exchange.getProperty(ExchangeKeys.RETRIES_TOTAL, 0, Integer.class) + 1;
        if (failure instanceof WorkClaims.ClaimedElsewhereException) {
            // not a failure of this work: another journey holds the thread and ends (or its claim expires) soon; only
            // the total bounds the wait, so that consecutive claims by others do not dead-letter it
            exchange.setProperty(ExchangeKeys.RETRIES_TOTAL, total);
            return total <= maximumTotal;
        }
        // the system API route that failed names its system (routes/system-api.camel.yaml)
        String target = exchange.getProperty(ExchangeKeys.FAILED_TARGET, String.class);
        if (target != null && circuits.isOpen(target)) {
            return waits(exchange, target, target + " is unavailable (circuit open): the work waits and resumes when " + target + " answers again");
        }
        int next = exchange.getProperty(ExchangeKeys.RETRIES, 0, Integer.class) + 1;
        // a re-run step that repeats a call which succeeded before resets the consecutive count: the total bounds it
        int allowed = Math.min(maximumTotal, exchange.getProperty(ExchangeKeys.RETRIES_ALLOWED, maximumTotal, Integer.class));
        if (next > maximumRedeliveries || total > allowed) {
            // a system that keeps failing a call (5xx, timeout, 429) is not yet an operator's problem: the work waits
            // and resumes with that system's waiting work, until the message has been retried maximumTotal times in
            // all, counting the attempts of its earlier runs
            int before = exchange.getProperty(ExchangeKeys.ATTEMPTS_BEFORE, 0, Integer.class);
            if (target != null && before + total <= maximumTotal) {
                waits(exchange, target, target + " failed this work " + (next > maximumRedeliveries ? maximumRedeliveries + 1 + " times in a row" : total + " times in all")
                        + " (" + (before + total) + " of " + maximumTotal + " attempts): waits and resumes with " + target + "'s waiting work");
            }
            return false;
        }
        // the flow whose error handler decides (thread-intake, a status sync, ...), per system it calls
        String budgetKey = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class) + ":" + target;
        if (target != null && !budget.tryRetry(budgetKey)) {
            return waits(exchange, target, "retry budget of " + budgetKey + " is spent: waits and resumes with " + target + "'s waiting work");
        }
        exchange.setProperty(ExchangeKeys.RETRIES, next);
        exchange.setProperty(ExchangeKeys.RETRIES_TOTAL, total);
        return true;
    }

    private static boolean waits(Exchange exchange, String target, String reason) {
        exchange.setProperty(ExchangeKeys.WAITING_FOR, target);
        exchange.setProperty(ExchangeKeys.WAIT_REASON, reason);
        return false;
    }
}
