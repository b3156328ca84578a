package io.tradinggrid.bridge.link;

import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.TargetRecord;
import java.util.Date;
import org.apache.camel.ExchangeProperty;

/** The thread_link table: which record stands for which thread. One link per thread and target system. */
public class ThreadLinks {

    private static final String COLUMNS = "id, community_id, thread_id, exception_type, target_system, target_type, record_id, record_number, record_status, last_synced_hash, record_seen";

    private final DataSource dataSource;
    private final AuditTrail audit;

    public ThreadLinks(DataSource dataSource, AuditTrail audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    public Optional<ThreadLink> find(String threadId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM thread_link WHERE thread_id = ? ORDER BY id")) {
            ps.setString(1, threadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read link of thread " + threadId, e);
        }
    }

    /** The link of a record in a target system (servicenow sys_id, workflow process instance id). */
    public Optional<ThreadLink> findByRecord(String targetSystem, String recordId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM thread_link WHERE target_system = ? AND record_id = ?")) {
            ps.setString(1, targetSystem);
            ps.setString(2, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read link of record " + recordId, e);
        }
    }

    /** Links to Workflow Service processes that are not closed (those the status sync still watches). */
    public List<ThreadLink> openWorkflowLinks() {
        List<ThreadLink> links = new ArrayList<>();
        // record_status 'ended': links a bridge before the closed_at column ended
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM thread_link WHERE target_system = 'workflow' "
                        + "AND closed_at IS NULL AND (record_status IS NULL OR record_status <> 'ended') ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                links.add(read(rs));
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read open workflow links", e);
        }
        return links;
    }

    /** Remembers what the partner was last shown for this link, so an unchanged state is not published again. */
    public void markSynced(long linkId, String hash, String recordStatus) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE thread_link SET last_synced_hash = ?, record_status = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setString(2, recordStatus);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, linkId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not update link " + linkId, e);
        }
    }

    /** Remembers what was last read of the link's record; a record that ended closes the link (it is polled no more). */
    public void markSeen(long linkId, String seen, boolean closed) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE thread_link SET record_seen = ?, closed_at = COALESCE(closed_at, ?), updated_at = ? WHERE id = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, seen);
            ps.setTimestamp(2, closed ? now : null);
            ps.setTimestamp(3, now);
            ps.setLong(4, linkId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not update link " + linkId, e);
        }
    }

    /**
     * Closes the link of a record that is gone (removed or withdrawn in its system): it is polled no more.
     *
     * @return whether this call closed it (false when it was closed already)
     */
    public boolean close(long linkId, String recordStatus) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE thread_link SET record_status = ?, closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, recordStatus);
            ps.setTimestamp(2, now);
            ps.setTimestamp(3, now);
            ps.setLong(4, linkId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Could not close link " + linkId, e);
        }
    }

    /** Whether the link is closed (its record ended or is gone). */
    public boolean isClosed(long linkId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT closed_at FROM thread_link WHERE id = ?")) {
            ps.setLong(1, linkId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read link " + linkId, e);
        }
    }

    public boolean isLinked(String threadId) {
        return find(threadId).isPresent();
    }

    /** The link of a thread that has one (a later version of a linked thread, a status sync). */
    public ThreadLink linkOf(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        return find(threadId).orElseThrow(() -> new IllegalStateException("thread " + threadId + " has no link"));
    }

    /**
     * Records the link between a thread and the record made for it, and returns it. A second call for the same thread
     * keeps the first link: the unique key makes the store, not timing, decide.
     *
     * @param started when the bridge picked the thread up, for the time it took (operators and the benchmark read it)
     */
    public ThreadLink store(@ExchangeProperty(ExchangeKeys.COMMUNITY_ID) String communityId,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.DECISION) Decision decision,
            @ExchangeProperty(ExchangeKeys.RECORD) TargetRecord record, @ExchangeProperty(ExchangeKeys.INTAKE_STARTED) Date started) {
        Optional<ThreadLink> existing = find(threadId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Timestamp now = Timestamp.from(Instant.now());
        String sql = "INSERT INTO thread_link (community_id, thread_id, exception_type, target_system, target_type, record_id, "
                + "record_number, record_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, communityId);
            ps.setString(2, threadId);
            ps.setString(3, decision.classification().key());
            ps.setString(4, decision.target().system());
            ps.setString(5, decision.target().type());
            ps.setString(6, record.id());
            ps.setString(7, record.number());
            ps.setString(8, "opened");
            ps.setTimestamp(9, now);
            ps.setTimestamp(10, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            Optional<ThreadLink> raced = find(threadId);
            if (raced.isPresent()) {
                return raced.get();
            }
            throw new StoreException("Could not link thread " + threadId, e);
        }
        ThreadLink link = find(threadId).orElseThrow();
        long millis = started == null ? 0 : System.currentTimeMillis() - started.getTime();
        audit.recordFacts("bridge", "link.stored", threadId, link.ref(), AuditTrail.facts("number", link.recordNumber(), "system", link.targetSystem(),
                "target", link.targetType(), "exceptionType", link.exceptionType(), "team", decision.target().team(), "millis", millis));
        return link;
    }

    public List<ThreadLink> all() {
        List<ThreadLink> links = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM thread_link ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                links.add(read(rs));
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read links", e);
        }
        return links;
    }

    /** The ids of the threads most recently taken in, newest first (for {@code rules test --last N}). */
    public List<String> recentThreadIds(int limit) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT thread_id FROM thread_link ORDER BY created_at DESC, id DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read links", e);
        }
        return ids;
    }

    private static ThreadLink read(ResultSet rs) throws SQLException {
        return new ThreadLink(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }
}
