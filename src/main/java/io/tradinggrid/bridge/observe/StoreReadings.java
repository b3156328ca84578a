package io.tradinggrid.bridge.observe;

import io.tradinggrid.bridge.intake.ThreadPoller;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gauges read from the store: dead letters by state, waiting work and its oldest item per system, and the
 * last successful poll of each community. Read together, at most once per refresh interval, however often Prometheus
 * and the console ask; a store that does not answer leaves the last readings (and logs why once per failure streak).
 * Read in the background once {@link #refreshEvery} runs, so a scrape never waits on a store that is down: that is
 * when the alerts matter most.
 */
public class StoreReadings {

    private static final Logger LOG = LoggerFactory.getLogger(StoreReadings.class);

    public record Readings(Map<String, Long> deadLetters, Map<String, Long> waiting, Map<String, Double> oldestWaitingSeconds,
            Map<String, Double> lastPollEpochSeconds, Instant readAt) {
        static final Readings NONE = new Readings(Map.of(), Map.of(), Map.of(), Map.of(), Instant.EPOCH);
    }

    private final DataSource dataSource;
    private final WatermarkStore watermarks;
    private final Duration refresh;
    private final Clock clock;
    private volatile Readings last = Readings.NONE;
    private volatile boolean failing;
    private volatile boolean background;

    public StoreReadings(DataSource dataSource, WatermarkStore watermarks, Duration refresh, Clock clock) {
        this.dataSource = dataSource;
        this.watermarks = watermarks;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Reads the store every interval on the given scheduler; {@link #now()} then only hands out the last readings. */
    public void refreshEvery(ScheduledExecutorService scheduler) {
        if (refresh.isZero()) {
            return;
        }
        background = true;
        scheduler.scheduleWithFixedDelay(() -> {
            synchronized (this) {
                refreshNow(clock.instant(), last);
            }
        }, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Readings now() {
        if (background) {
            return last;
        }
        Readings current = last;
        Instant at = clock.instant();
        if (Duration.between(current.readAt(), at).compareTo(refresh) < 0) {
            return current;
        }
        synchronized (this) {
            if (last != current) {
                return last;
            }
            refreshNow(at, current);
            return last;
        }
    }

    private void refreshNow(Instant at, Readings current) {
        try {
            last = read(at);
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Metrics could not read the store ({}); gauges keep their last readings until it answers", e.getMessage());
            }
            failing = true;
            last = new Readings(current.deadLetters(), current.waiting(), current.oldestWaitingSeconds(), current.lastPollEpochSeconds(), at);
        }
    }

    private Readings read(Instant at) throws SQLException {
        Map<String, Long> deadLetters = new HashMap<>();
        Map<String, Long> waiting = new HashMap<>();
        Map<String, Double> oldest = new HashMap<>();
        Map<String, Double> polls = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM dead_letter GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deadLetters.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT target_system, COUNT(*), MIN(first_failed_at) FROM dead_letter WHERE status = 'waiting' GROUP BY target_system");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String system = rs.getString(1) == null ? "community" : rs.getString(1);
                    waiting.merge(system, rs.getLong(2), Long::sum);
                    Timestamp first = rs.getTimestamp(3);
                    if (first != null) {
                        oldest.merge(system, Math.max(0, Duration.between(first.toInstant(), at).toMillis() / 1000.0), Math::max);
                    }
                }
            }
        }
        ThreadPoller.communityPolls(watermarks).forEach(p -> polls.put(p.key(), p.updatedAt().toEpochMilli() / 1000.0));
        return new Readings(Map.copyOf(deadLetters), Map.copyOf(waiting), Map.copyOf(oldest), Map.copyOf(polls), at);
    }
}
