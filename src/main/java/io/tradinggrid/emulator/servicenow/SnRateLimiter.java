package io.tradinggrid.emulator.servicenow;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * An inbound REST API rate limit rule for all users: a per-user counter per clock hour, as sys_rate_limit_rules
 * counts (without the 30 s commit lag of a real node). Off until a limit is set.
 */
final class SnRateLimiter {

    /** What one request got: whether it may run, and the values of the X-RateLimit-* and Retry-After headers. */
    record Decision(boolean allowed, int limit, long resetEpochSeconds, long retryAfterSeconds, String rule) {
    }

    static final String RULE_SYS_ID = "3c1e5f2a9b0d4e6f8a7b6c5d4e3f2a1b";

    private final Clock clock;
    private final Map<String, long[]> counters = new HashMap<>();
    private Integer limit;

    SnRateLimiter(Clock clock) {
        this.clock = clock;
    }

    synchronized void setLimit(Integer perHour) {
        this.limit = perHour == null || perHour <= 0 ? null : perHour;
        counters.clear();
    }

    synchronized Integer limit() {
        return limit;
    }

    synchronized void resetCounts() {
        counters.clear();
    }

    long nextResetEpochSeconds() {
        long now = clock.instant().getEpochSecond();
        return (now / 3600 + 1) * 3600;
    }

    /** Null when rate limiting is off. */
    synchronized Decision count(String user) {
        if (limit == null) {
            return null;
        }
        long now = clock.instant().getEpochSecond();
        long window = now / 3600;
        long[] c = counters.computeIfAbsent(user, k -> new long[]{window, 0});
        if (c[0] != window) {
            c[0] = window;
            c[1] = 0;
        }
        c[1]++;
        long reset = (window + 1) * 3600;
        return new Decision(c[1] <= limit, limit, reset, Math.max(1, reset - now), RULE_SYS_ID);
    }
}
