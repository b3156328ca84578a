package io.tradinggrid.bridge.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.StoreException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Finds threads the bridge took in (by thread id, partner, record number or business reference) and reads a thread's
 * timeline: the records it has, and every step of its journey oldest first. What it reads back from the store is
 * shown to an operator as text, never run.
 */
public class ThreadHistory {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_EVENTS = 1000;

    public record Found(String threadId, String communityId, String partner, String title, String exceptionType, String system,
            String team, String recordNumber, String recordStatus, Instant lastEventAt, String lastEvent) {
    }

    public record Record(String system, String type, String id, String number, String status, String url) {
    }

    public record Event(Instant at, String kind, String actor, String recordRef, Object detail) {
    }

    public record Timeline(String threadId, String communityId, String partner, String title, List<Record> records, List<Event> events) {
    }

    private final DataSource dataSource;
    private final Map<String, String> recordUrls;

    /**
     * @param recordUrls per system, the address of a record for an operator, with {table} and {id} (sys_id or
     *                   process instance id) filled in
     */
    public ThreadHistory(DataSource dataSource, Map<String, String> recordUrls) {
        this.dataSource = dataSource;
        this.recordUrls = recordUrls;
    }

    /** The threads that match the text, newest first; an empty text lists the latest threads. */
    public List<Found> search(String query, int limit) {
        String q = query == null ? "" : query.trim();
        if (q.length() > 200) {
            throw new IllegalArgumentException("the search text is longer than 200 characters");
        }
        String select = "SELECT s.thread_id, s.community_id, s.partner_name, s.title, s.exception_type, s.target_system, s.team, "
                + "l.record_number, l.record_status, s.last_seen_at FROM thread_seen s LEFT JOIN thread_link l ON l.thread_id = s.thread_id";
        List<Found> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            PreparedStatement ps;
            if (q.isEmpty()) {
                ps = c.prepareStatement(select + " ORDER BY s.last_seen_at DESC");
            } else {
                // exact matches use the indexes; a part of a thread id or partner name is a scan, fine for the rows kept
                ps = c.prepareStatement(select + " WHERE s.thread_id = ? OR l.record_number = ? OR s.purchase_order = ? OR s.invoice = ?"
                        + " OR s.claim = ? OR s.shipment = ? OR s.ship_notice = ? OR UPPER(s.partner_name) LIKE ? ESCAPE '\\'"
                        + " OR UPPER(s.thread_id) LIKE ? ESCAPE '\\' ORDER BY s.last_seen_at DESC");
                for (int i = 1; i <= 7; i++) {
                    ps.setString(i, q);
                }
                String like = "%" + q.toUpperCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                ps.setString(8, like);
                ps.setString(9, like);
            }
            try (ps) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), null));
                    }
                }
            }
            List<Found> withLast = new ArrayList<>(found.size());
            try (PreparedStatement last = c.prepareStatement("SELECT action, occurred_at FROM audit_event WHERE thread_id = ? ORDER BY id DESC")) {
                last.setMaxRows(1);
                for (Found f : found) {
                    last.setString(1, f.threadId());
                    try (ResultSet rs = last.executeQuery()) {
                        withLast.add(rs.next() ? new Found(f.threadId(), f.communityId(), f.partner(), f.title(), f.exceptionType(), f.system(),
                                f.team(), f.recordNumber(), f.recordStatus(), rs.getTimestamp(2).toInstant(), rs.getString(1)) : f);
                    }
                }
            }
            return withLast;
        } catch (SQLException e) {
            throw new StoreException("Could not search threads", e);
        }
    }

    /** The thread's records and steps, oldest first; empty when the store knows nothing of the thread. */
    public Optional<Timeline> timeline(String threadId) {
        try (Connection c = dataSource.getConnection()) {
            String communityId = null;
            String partner = null;
            String title = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT community_id, partner_name, title FROM thread_seen WHERE thread_id = ?")) {
                ps.setString(1, threadId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        communityId = rs.getString(1);
                        partner = rs.getString(2);
                        title = rs.getString(3);
                    }
                }
            }
            List<Record> records = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT target_system, target_type, record_id, record_number, record_status, community_id "
                    + "FROM thread_link WHERE thread_id = ? ORDER BY id")) {
                ps.setString(1, threadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(new Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                url(rs.getString(1), rs.getString(2), rs.getString(3))));
                        communityId = communityId == null ? rs.getString(6) : communityId;
                    }
                }
            }
            List<Event> events = new ArrayList<>();
            // the newest events when a thread has more than the timeline shows, drawn oldest first
            try (PreparedStatement ps = c.prepareStatement("SELECT occurred_at, action, actor, record_ref, detail FROM audit_event "
                    + "WHERE thread_id = ? ORDER BY id DESC")) {
                ps.setString(1, threadId);
                ps.setMaxRows(MAX_EVENTS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), detail(rs.getString(5))));
                    }
                }
            }
            Collections.reverse(events);
            if (communityId == null && events.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Timeline(threadId, communityId, partner, title, records, events));
        } catch (SQLException e) {
            throw new StoreException("Could not read the timeline of thread " + threadId, e);
        }
    }

    /** Per system, since a moment: threads routed to it, records created, things published for its records, failures. */
    public Map<String, Map<String, Long>> countsBySystem(Instant since) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        Timestamp from = Timestamp.from(since);
        try (Connection c = dataSource.getConnection()) {
            tally(c, counts, "takenIn", "SELECT COALESCE(target_system, 'triage'), COUNT(*) FROM thread_seen WHERE last_seen_at >= ? "
                    + "GROUP BY COALESCE(target_system, 'triage')", from);
            tally(c, counts, "created", "SELECT target_system, COUNT(*) FROM thread_link WHERE created_at >= ? GROUP BY target_system", from);
            String system = "CASE WHEN record_ref LIKE 'servicenow:%' THEN 'servicenow' WHEN record_ref LIKE 'workflow:%' THEN 'workflow' "
                    + "ELSE 'community' END";
            tally(c, counts, "published", "SELECT " + system + ", COUNT(*) FROM audit_event WHERE occurred_at >= ? AND action IN "
                    + "('status.published', 'post.published', 'file.published') GROUP BY " + system, from);
            tally(c, counts, "failed", "SELECT COALESCE(target_system, 'community'), COUNT(*) FROM dead_letter WHERE first_failed_at >= ? "
                    + "AND status <> 'waiting' GROUP BY COALESCE(target_system, 'community')", from);
            tally(c, counts, "threadsTakenIn", "SELECT 'community', COUNT(*) FROM audit_event WHERE occurred_at >= ? AND action = 'thread.taken-in'", from);
        } catch (SQLException e) {
            throw new StoreException("Could not count the overview", e);
        }
        return counts;
    }

    private static void tally(Connection c, Map<String, Map<String, Long>> counts, String name, String sql, Timestamp from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(name, rs.getLong(2));
                }
            }
        }
    }

    private String url(String system, String table, String id) {
        String template = recordUrls.get(system);
        if (template == null || template.isBlank() || id == null) {
            return null;
        }
        return template.replace("{table}", enc(table)).replace("{id}", enc(id));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static Object detail(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.startsWith("{")) {
            try {
                JsonNode json = MAPPER.readTree(text);
                return json;
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }
}
