package io.tradinggrid.bridge.resilience;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How many retries each route may spend on each system: a token bucket per key ({@code thread-intake:servicenow})
 * that holds at most {@code burst} retries and refills at {@code perSecond}. One endpoint that keeps failing spends
 * its own budget and no other's, so it cannot fill the redelivery scheduler while other work waits behind it. Work
 * whose budget is spent is not dead-lettered: it waits with the rest of its system's waiting work and resumes later.
 */
public class RetryBudget {

    private final double burst;
    private final double perNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public RetryBudget(int burst, double perSecond) {
        this(burst, perSecond, System::nanoTime);
    }

    RetryBudget(int burst, double perSecond, LongSupplier nanoClock) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("retry budget needs burst >= 1 and a positive refill rate, got " + burst + " and " + perSecond);
        }
        this.burst = burst;
        this.perNano = perSecond / 1_000_000_000d;
        this.nanoClock = nanoClock;
    }

    /** Takes one retry from the key's budget; false when it is spent. */
    public boolean tryRetry(String key) {
        String budget = key == null ? "unknown" : key;
        Bucket bucket = buckets.get(budget);
        if (bucket == null) {
            Bucket fresh = new Bucket(burst, nanoClock.getAsLong());
            bucket = buckets.putIfAbsent(budget, fresh);
            if (bucket == null) {
                bucket = fresh;
                listeners.forEach(listener -> listener.accept(budget));
            }
        }
        return bucket.take();
    }

    /**
     * Tells the listener each budget's name: those in use now, and each new one as a route first spends from it
     * (budgets are named by the routes that spend them, so they are not known at start).
     */
    public void onBudget(Consumer<String> listener) {
        listeners.add(listener);
        buckets.keySet().forEach(listener);
    }

    /** Retries the budget could spend now (NaN for a budget no route has spent from). */
    public double remaining(String key) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? Double.NaN : Math.floor(bucket.peek() * 10) / 10;
    }

    /** Retries the route could spend now, for the admin API. */
    public Map<String, Double> remaining() {
        Map<String, Double> out = new TreeMap<>();
        buckets.forEach((route, bucket) -> out.put(route, Math.floor(bucket.peek() * 10) / 10));
        return out;
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized double peek() {
            refill();
            return tokens;
        }

        private void refill() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }
    }
}
