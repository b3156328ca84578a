package io.tradinggrid.emulator;

import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, request by request, which fault of the current {@link FaultPlan} applies.
 * Synchronized: the plan can be replaced from the admin API while requests are in flight.
 */
public final class FaultInjector {

    public enum Decision { NONE, ERROR, RATE_LIMIT, RESET, ERROR_AFTER_COMMIT }

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private FaultPlan plan = FaultPlan.none();
    private Pattern pathPattern;
    private Random random = new Random();
    private long injected;

    public synchronized void apply(FaultPlan newPlan) {
        this.plan = newPlan == null ? FaultPlan.none() : newPlan;
        this.pathPattern = plan.pathPattern == null ? null : Pattern.compile(plan.pathPattern);
        this.random = plan.seed == null ? new Random() : new Random(plan.seed);
    }

    public synchronized FaultPlan plan() {
        return plan;
    }

    /** How many faults were injected since start (or since the last reset of the plan). */
    public synchronized long injectedCount() {
        return injected;
    }

    public synchronized long latencyFor(String method, String path) {
        return matches(method, path) ? plan.latencyMs : 0;
    }

    public synchronized Decision decide(String method, String path) {
        if (!matches(method, path)) {
            return Decision.NONE;
        }
        if (plan.resetCount > 0) {
            plan.resetCount--;
            return hit(Decision.RESET);
        }
        if (plan.rateLimitCount > 0) {
            plan.rateLimitCount--;
            return hit(Decision.RATE_LIMIT);
        }
        if (plan.errorCount > 0) {
            plan.errorCount--;
            return hit(Decision.ERROR);
        }
        boolean write = WRITES.contains(method);
        if (write && plan.errorAfterCommitCount > 0) {
            plan.errorAfterCommitCount--;
            return hit(Decision.ERROR_AFTER_COMMIT);
        }
        if (roll(plan.resetRate)) {
            return hit(Decision.RESET);
        }
        if (roll(plan.rateLimitRate)) {
            return hit(Decision.RATE_LIMIT);
        }
        if (roll(plan.errorRate)) {
            return hit(Decision.ERROR);
        }
        if (write && roll(plan.errorAfterCommitRate)) {
            return hit(Decision.ERROR_AFTER_COMMIT);
        }
        return Decision.NONE;
    }

    private Decision hit(Decision decision) {
        injected++;
        return decision;
    }

    private boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private boolean matches(String method, String path) {
        if (plan.methods != null && !plan.methods.isBlank()) {
            boolean any = false;
            for (String m : plan.methods.split(",")) {
                if (m.trim().equalsIgnoreCase(method)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return pathPattern == null || pathPattern.matcher(path).find();
    }
}
