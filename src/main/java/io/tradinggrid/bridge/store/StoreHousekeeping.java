package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than the retention period: idempotent keys, audit events, and dead letters that were replayed,
 * resolved or discarded. New dead letters (waiting for an operator) and waiting work are never deleted.
 * Old idempotent keys are safe to forget because record creation also checks the target system for an existing
 * record (correlation id or business key) before it creates one.
 */
public class StoreHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHousekeeping.class);

    private final DataSource dataSource;
    private final int retentionDays;

    public StoreHousekeeping(DataSource dataSource, int retentionDays) {
        this.dataSource = dataSource;
        this.retentionDays = retentionDays;
    }

    /** Returns the number of rows deleted per table. */
    public Map<String, Integer> purge() {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(Duration.ofDays(retentionDays)));
        Map<String, Integer> deleted = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            deleted.put("camel_messageprocessed", delete(c, "DELETE FROM camel_messageprocessed WHERE createdAt < ?", cutoff));
            deleted.put("audit_event", delete(c, "DELETE FROM audit_event WHERE occurred_at < ?", cutoff));
            deleted.put("dead_letter", delete(c,
                    "DELETE FROM dead_letter WHERE status IN ('replayed', 'resolved', 'discarded') AND last_failed_at < ?", cutoff));
        } catch (SQLException e) {
            throw new StoreException("Housekeeping failed", e);
        }
        LOG.info("Housekeeping removed rows older than {} days: {}", retentionDays, deleted);
        return deleted;
    }

    private static int delete(Connection c, String sql, Timestamp cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, cutoff);
            return ps.executeUpdate();
        }
    }
}
