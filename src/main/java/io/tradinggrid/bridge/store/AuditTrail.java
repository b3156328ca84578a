package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Appends what the bridge did to the audit_event table, and reads it back. It is also the one place every step of a
 * thread's journey is told to: the console's timeline reads it, and listeners (the business meters) hear each event as
 * it is written, with its facts.
 */
public class AuditTrail {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** Hears every event after it is stored; must be quick and must not throw. */
    public interface Listener {
        void recorded(String action, String threadId, String recordRef, Map<String, ?> facts);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public record Event(long id, Instant occurredAt, String actor, String action, String threadId, String recordRef, String detail) {
    }

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Facts from name, value pairs, in their order; a null value is left out. */
    public static Map<String, Object> facts(Object... namesAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                facts.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return facts;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** An event whose detail is a set of facts, stored as a JSON object (the timeline shows them, listeners count them). */
    public void recordFacts(String actor, String action, String threadId, String recordRef, Map<String, ?> facts) {
        Map<String, ?> told = facts == null ? Map.of() : facts;
        String detail;
        try {
            detail = MAPPER.writeValueAsString(told);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("facts of " + action + " are not JSON: " + e.getMessage(), e);
        }
        write(actor, action, threadId, recordRef, detail);
        tell(action, threadId, recordRef, told);
    }

    public void record(String actor, String action, String threadId, String recordRef, String detail) {
        write(actor, action, threadId, recordRef, detail);
        tell(action, threadId, recordRef, Map.of());
    }

    private void tell(String action, String threadId, String recordRef, Map<String, ?> facts) {
        for (Listener listener : listeners) {
            try {
                listener.recorded(action, threadId, recordRef, facts);
            } catch (RuntimeException e) {
                // the event is stored: a listener's failure (a meter) must not fail the step that wrote it
                LOG.warn("A listener of the audit trail failed on {}: {}", action, e.toString());
            }
        }
    }

    private void write(String actor, String action, String threadId, String recordRef, String detail) {
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
