package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Poll positions. A poller reads its watermark before a batch and advances it only after the whole batch is done,
 * so a crash re-reads work instead of skipping it (the idempotent consumer absorbs the re-read).
 */
public class WatermarkStore {

    /** A poller's position: the part of its id between a prefix and a suffix, its watermark and when it last moved. */
    public record Position(String key, String watermark, Instant updatedAt) {
    }

    private final DataSource dataSource;

    public WatermarkStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The positions of every poller whose id is prefix + key + suffix, by key. */
    public List<Position> positions(String prefix, String suffix) {
        List<Position> positions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT poller_id, watermark, updated_at FROM poll_watermark WHERE poller_id LIKE ? ORDER BY poller_id")) {
            ps.setString(1, prefix + "%" + suffix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    positions.add(new Position(id.substring(prefix.length(), id.length() - suffix.length()), rs.getString(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read poll positions " + prefix + "*" + suffix, e);
        }
        return positions;
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
