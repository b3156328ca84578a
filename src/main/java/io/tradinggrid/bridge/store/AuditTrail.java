package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Appends what the bridge did to the audit_event table, and reads it back. */
public class AuditTrail {

    public record Event(long id, Instant occurredAt, String actor, String action, String threadId, String recordRef, String detail) {
    }

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(String actor, String action, String threadId, String recordRef, String detail) {
        String sql = "INSERT INTO audit_event (occurred_at, actor, action, thread_id, record_ref, detail) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, threadId);
            ps.setString(5, recordRef);
            ps.setString(6, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not write audit event " + action, e);
        }
    }

    /** The newest events first, optionally for one thread. */
    public List<Event> recent(String threadIdOrNull, int limit) {
        String sql = "SELECT id, occurred_at, actor, action, thread_id, record_ref, detail FROM audit_event"
                + (threadIdOrNull == null ? "" : " WHERE thread_id = ?") + " ORDER BY id DESC";
        List<Event> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (threadIdOrNull != null) {
                ps.setString(1, threadIdOrNull);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read audit events", e);
        }
        return events;
    }
}
