package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Poll positions. A poller reads its watermark before a batch and advances it only after the whole batch is done,
 * so a crash re-reads work instead of skipping it (the idempotent consumer absorbs the re-read).
 */
public class WatermarkStore {

    private final DataSource dataSource;

    public WatermarkStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> read(String pollerId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT watermark FROM poll_watermark WHERE poller_id = ?")) {
            ps.setString(1, pollerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read watermark of " + pollerId, e);
        }
    }

    /** Stores the watermark; an update that would move it backwards is ignored. */
    public void advance(String pollerId, String watermark, String lastItemId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String> current;
                try (PreparedStatement ps = c.prepareStatement("SELECT watermark FROM poll_watermark WHERE poller_id = ? FOR UPDATE")) {
                    ps.setString(1, pollerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        current = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                    }
                }
                Timestamp now = Timestamp.from(Instant.now());
                if (current.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO poll_watermark (poller_id, watermark, last_item_id, updated_at) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, pollerId);
                        ps.setString(2, watermark);
                        ps.setString(3, lastItemId);
                        ps.setTimestamp(4, now);
                        ps.executeUpdate();
                    }
                } else if (current.get().compareTo(watermark) <= 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE poll_watermark SET watermark = ?, last_item_id = ?, updated_at = ? WHERE poller_id = ?")) {
                        ps.setString(1, watermark);
                        ps.setString(2, lastItemId);
                        ps.setTimestamp(3, now);
                        ps.setString(4, pollerId);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not advance watermark of " + pollerId, e);
        }
    }
}
