package io.tradinggrid.bridge.deadletter;

import java.sql.Types;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.language.simple.Simple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages that could not be delivered, in the database, whole: the original message as it entered the
 * failing flow (exchange property {@code tgbOriginal}, set on entry by intake-errors), the route and endpoint that
 * failed, the exception, the attempts, and the thread it concerns. Secrets are masked before anything is written.
 */
public class DeadLetterStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DataSource dataSource;
    private final AuditTrail audit;

    public DeadLetterStore(DataSource dataSource, AuditTrail audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /** Called by the dead letter channel of the route configurations. Returns the new entry's id. */
    public long store(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        String threadId = exchange.getProperty("threadId", String.class);
        Object original = exchange.getProperty(ExchangeKeys.ORIGINAL);
        String body = original != null ? original.toString() : exchange.getMessage().getBody(String.class);
        // retries granted by the retry decision (the redelivery header does not survive steps that clear headers)
        Integer redeliveries = exchange.getProperty(ExchangeKeys.RETRIES_TOTAL, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class), Integer.class);
        Map<String, Object> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null && !k.equalsIgnoreCase("Authorization") && (v instanceof CharSequence || v instanceof Number || v instanceof Boolean)) {
                headers.put(k, v.toString());
            }
        });
        // the flow to replay through: where the message entered the route configuration that dead-lettered it
        String replayRoute = exchange.getProperty("replayRouteId", String.class);
        org.apache.camel.Route route = replayRoute == null ? null : exchange.getContext().getRoute(replayRoute);
        String replayUri = route == null ? null : route.getEndpoint().getEndpointUri();
        if (replayUri != null) {
            headers.put(ExchangeKeys.REPLAY_URI, replayUri);
        }
        // work stopped early because its system is down or its route spent its retry budget waits, to resume on its own
        String waitReason = exchange.getProperty(ExchangeKeys.WAIT_REASON, String.class);
        String status = waitReason == null ? "new" : "waiting";
        String target = exchange.getProperty(ExchangeKeys.WAITING_FOR, String.class);
        if (target == null) {
            target = exchange.getProperty(ExchangeKeys.FAILED_TARGET, exchange.getProperty("targetSystem", String.class), String.class);
        }
        Long replayOf = exchange.getProperty(ExchangeKeys.REPLAY_OF, Long.class);
        if (replayOf != null && updateAfterReplay(replayOf, status, target, endpoint, failure, redeliveries + 1, waitReason)) {
            LOG.info("Replayed entry {} from route {} for thread {} failed again, now {}: {}", replayOf, routeId, threadId, status,
                    waitReason != null ? waitReason : failure == null ? "" : SecretMasker.mask(failure.getMessage()));
            return replayOf;
        }
        // the same message failing again (a poll takes the thread in again while its dead letter waits for an operator)
        // is one entry with more attempts, not one entry per poll
        String messageKey = exchange.getProperty("intakeKey", String.class);
        // the work the entry stands for: one file of a thread (its flow names it) or else the thread's journey
        String workKey = exchange.getProperty(ExchangeKeys.WORK_KEY, threadId, String.class);
        boolean ownWork = exchange.getProperty(ExchangeKeys.WORK_KEY) != null;
        // a file failing again (each later version of its thread tries it again) stays one entry too
        Long open = ownWork ? openWork(replayRoute, workKey) : messageKey == null ? null : openEntry(routeId, messageKey);
        if (open != null && updateAfterFailure(open, status, target, endpoint, failure, redeliveries + 1, waitReason, "failed again")) {
            LOG.warn("Dead letter {} from route {} for thread {} failed again, now {}: {}", open, routeId, threadId, status,
                    waitReason != null ? waitReason : failure == null ? "" : SecretMasker.mask(failure.getMessage()));
            return open;
        }
        String sql = "INSERT INTO dead_letter (status, route_id, endpoint, target_system, exception_class, exception_message, attempts, "
                + "thread_id, message_key, headers, body, first_failed_at, last_failed_at, changed_by, changed_at, change_reason, entry_route, work_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        long id;
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, status);
            ps.setString(2, routeId);
            ps.setString(3, SecretMasker.mask(endpoint));
            ps.setString(4, target);
            ps.setString(5, failure == null ? null : failure.getClass().getName());
            ps.setString(6, failure == null ? "no exception recorded" : SecretMasker.mask(describe(failure)));
            ps.setInt(7, redeliveries + 1);
            ps.setString(8, threadId);
            ps.setString(9, messageKey);
            ps.setString(10, SecretMasker.mask(MAPPER.writeValueAsString(headers)));
            ps.setString(11, SecretMasker.mask(body));
            ps.setTimestamp(12, now);
            ps.setTimestamp(13, now);
            ps.setString(14, waitReason == null ? null : "bridge");
            ps.setTimestamp(15, waitReason == null ? null : now);
            ps.setString(16, waitReason);
            ps.setString(17, replayRoute);
            ps.setString(18, workKey);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            // the caller's dead letter channel logs this; the message is not lost silently
            throw new StoreException("Could not store dead letter from route " + routeId, e instanceof SQLException s ? s : new SQLException(e));
        }
        // audited once the entry's connection is back in the pool: holding it while the audit waits for another one
        // exhausts the pool when many messages fail at once (a system outage), and every failure then waits forever
        if (waitReason != null) {
            LOG.info("Waiting work {} from route {} for thread {}: {}", id, routeId, threadId, waitReason);
            audit.recordFacts("bridge", "work.waiting", threadId, "dead_letter:" + id, AuditTrail.facts("route", routeId,
                    "system", target == null ? "unknown" : target, "reason", waitReason));
        } else {
            LOG.warn("Dead letter {} from route {} for thread {}: {}", id, routeId, threadId,
                    failure == null ? "" : SecretMasker.mask(failure.getMessage()));
            audit.recordFacts("bridge", "dlq.stored", threadId, "dead_letter:" + id, AuditTrail.facts("route", routeId,
                    "system", target == null ? "unknown" : target,
                    "reason", failure == null || failure.getMessage() == null ? "" : SecretMasker.mask(failure.getMessage())));
        }
        return id;
    }

    /** The entry of this message that still waits for an operator or for its system, if any. */
    private Long openEntry(String routeId, String messageKey) {
        List<DeadLetter> open = query("SELECT " + COLUMNS + " FROM dead_letter WHERE message_key = ? AND route_id = ? AND status IN ('new', 'waiting') ORDER BY id",
                List.of(messageKey, routeId), 1);
        return open.isEmpty() ? null : open.get(0).id();
    }

    /** The entry of this work (one file of a thread) that still waits for an operator or for its system, if any. */
    private Long openWork(String entryRoute, String workKey) {
        List<DeadLetter> open = query("SELECT " + COLUMNS + " FROM dead_letter WHERE work_key = ? AND entry_route = ? AND status IN ('new', 'waiting') ORDER BY id",
                List.of(workKey, entryRoute == null ? "" : entryRoute), 1);
        return open.isEmpty() ? null : open.get(0).id();
    }

    /**
     * Ends the open dead letters (new or waiting) of work that has just been done another way: a webhook redelivery,
     * the next poll or a later version of the thread got through, or a file was copied on a later try. Matched on the
     * same work: the entry route the work runs in and its work key (the file, else the thread). Each superseded entry
     * says what did the work; a replay of it is refused, so it cannot do the work twice. Returns how many.
     *
     * @param record the record the work reached, e.g. "servicenow INC0010001"
     */
    public int supersede(@ExchangeProperty(ExchangeKeys.REPLAY_ROUTE_ID) String entryRoute,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.WORK_KEY) String workKey,
            @ExchangeProperty(ExchangeKeys.INTAKE_KEY) String intakeKey, @ExchangeProperty(ExchangeKeys.REPLAY_OF) Long replayOf,
            @Simple("${exchangeProperty.link.targetSystem} ${exchangeProperty.link.recordNumber}") String record) {
        String work = workKey != null ? workKey : threadId;
        if (entryRoute == null || work == null) {
            return 0;
        }
        List<DeadLetter> open = query("SELECT " + COLUMNS + " FROM dead_letter WHERE work_key = ? AND entry_route = ? AND status IN ('new', 'waiting') ORDER BY id",
                List.of(work, entryRoute), 0);
        if (open.isEmpty()) {
            return 0;
        }
        String reason = "superseded: " + (workKey != null ? workKey : "thread " + threadId) + (intakeKey == null ? "" : " (" + intakeKey + ")")
                + " done on " + record + " by " + entryRoute + (replayOf == null ? "" : " replaying dead letter " + replayOf) + " at " + Instant.now();
        int done = 0;
        for (DeadLetter letter : open) {
            // only an entry still open: one a replay just claimed goes its own way
            if (execute("UPDATE dead_letter SET status = 'superseded', changed_by = 'bridge', changed_at = ?, change_reason = ? "
                    + "WHERE id = ? AND status IN ('new', 'waiting')", "supersede dead letter " + letter.id(),
                    Timestamp.from(Instant.now()), reason, letter.id()) == 1) {
                done++;
                LOG.info("Dead letter {} of thread {} {}", letter.id(), letter.threadId(), reason);
                audit.record("bridge", "dlq.superseded", letter.threadId(), "dead_letter:" + letter.id(), reason);
            }
        }
        return done;
    }

    private boolean updateAfterReplay(long id, String status, String target, String endpoint, Throwable failure, int attempts, String waitReason) {
        return updateAfterFailure(id, status, target, endpoint, failure, attempts, waitReason, "replayed, failed again");
    }

    private boolean updateAfterFailure(long id, String status, String target, String endpoint, Throwable failure, int attempts,
            String waitReason, String reason) {
        Timestamp now = Timestamp.from(Instant.now());
        return execute("UPDATE dead_letter SET status = ?, target_system = COALESCE(?, target_system), endpoint = ?, exception_class = ?, "
                + "exception_message = ?, attempts = attempts + ?, last_failed_at = ?, changed_by = 'bridge', changed_at = ?, change_reason = ? WHERE id = ?",
                "update dead letter " + id + " after its replay failed",
                status, target, SecretMasker.mask(endpoint), failure == null ? null : failure.getClass().getName(),
                failure == null ? "no exception recorded" : SecretMasker.mask(describe(failure)), attempts, now, now,
                waitReason != null ? waitReason : reason, id) == 1;
    }

    /**
     * Takes an entry for one replay: sets it to {@code replaying} if it still has the status it was read with. False
     * when another replay (another node, the CLI, the admin API) got there first.
     */
    public boolean claim(long id, String statusRead) {
        return execute("UPDATE dead_letter SET status = 'replaying', changed_at = ? WHERE id = ? AND status = ?", "claim dead letter " + id,
                Timestamp.from(Instant.now()), id, statusRead) == 1;
    }

    /** Puts an entry still marked replaying back to the status it had (the replay ended without recording an outcome). */
    public void release(long id, String status) {
        execute("UPDATE dead_letter SET status = ? WHERE id = ? AND status = 'replaying'", "release dead letter " + id, status, id);
    }

    /**
     * Entries left in {@code replaying} by a replay that never ended (the process was killed) become dead letters
     * again, for an operator to look at; nothing is lost. Returns how many.
     */
    public int recoverInterruptedReplays(Instant before) {
        return execute("UPDATE dead_letter SET status = 'new', changed_by = 'bridge', changed_at = ?, "
                + "change_reason = 'a replay was interrupted (the bridge stopped?): check the target, then replay' "
                + "WHERE status = 'replaying' AND changed_at < ?", "recover interrupted replays",
                Timestamp.from(Instant.now()), Timestamp.from(before));
    }

    /**
     * Waiting work that has waited since before {@code before} becomes a dead letter: a system down that long needs
     * an operator, and work must not cycle between waiting and resumed forever. Returns how many.
     */
    public int expireWaiting(Instant before) {
        return execute("UPDATE dead_letter SET status = 'new', changed_by = 'bridge', changed_at = ?, "
                + "change_reason = 'waited longer than tgb.circuit.max-wait-hours for its system' "
                + "WHERE status = 'waiting' AND first_failed_at < ?", "expire waiting work",
                Timestamp.from(Instant.now()), Timestamp.from(before));
    }

    /** One parameterised UPDATE; returns the rows it changed. */
    private int execute(String sql, String what, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    // the only nullable values here are texts; a typed null keeps PostgreSQL from guessing
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not " + what, e);
        }
    }

    /** Waiting work per system. */
    public Map<String, Integer> countWaitingByTarget() {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT target_system, COUNT(*) FROM dead_letter WHERE status = 'waiting' GROUP BY target_system");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1) == null ? "unknown" : rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new StoreException("Could not count waiting work", e);
        }
        return counts;
    }

    /** Records an operator's or the bridge's action on an entry in the audit trail. */
    public void audit(String actor, String action, String threadId, long id, String detail) {
        audit.record(actor, action, threadId, "dead_letter:" + id, detail);
    }

    /** What to list: each field optional. */
    public record Filter(String status, String routeId, String errorContains, Instant since, String threadId, String target, int limit) {
    }

    /** Reads a --since / since= value: an ISO instant (2026-11-21T08:00:00Z) or a duration back from now (PT24H). */
    public static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since.trim());
        } catch (DateTimeParseException e) {
            try {
                return Instant.now().minus(Duration.parse(since.trim()));
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("since must be an ISO instant such as 2026-11-21T08:00:00Z or a duration such as PT24H, got: " + since);
            }
        }
    }

    /** Waiting work of one system whose last failure is older than {@code before}, oldest first. */
    public List<DeadLetter> waitingSince(String target, Instant before, int limit) {
        return query("SELECT " + COLUMNS + " FROM dead_letter WHERE status = 'waiting' AND target_system = ? AND last_failed_at <= ? ORDER BY id",
                List.of(target, Timestamp.from(before)), limit);
    }

    private static final String COLUMNS = "id, status, route_id, endpoint, target_system, exception_class, exception_message, attempts, "
            + "thread_id, message_key, headers, body, first_failed_at, last_failed_at, changed_by, changed_at, change_reason";

    public List<DeadLetter> list(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.routeId() != null) {
            sql.append(" AND route_id = ?");
            args.add(filter.routeId());
        }
        if (filter.threadId() != null) {
            sql.append(" AND thread_id = ?");
            args.add(filter.threadId());
        }
        if (filter.target() != null) {
            sql.append(" AND target_system = ?");
            args.add(filter.target());
        }
        if (filter.errorContains() != null) {
            // the operator's text is matched as text: %, _ and \ in it are not wildcards (parameters already keep it out of the SQL)
            sql.append(" AND (LOWER(exception_message) LIKE ? ESCAPE '\\' OR LOWER(exception_class) LIKE ? ESCAPE '\\')");
            String like = "%" + filter.errorContains().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        if (filter.since() != null) {
            sql.append(" AND last_failed_at >= ?");
            args.add(Timestamp.from(filter.since()));
        }
        sql.append(" ORDER BY id");
        return query(sql.toString(), args, filter.limit());
    }

    private List<DeadLetter> query(String sql, List<Object> args, int limit) {
        List<DeadLetter> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit <= 0 ? 1000 : limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not list dead letters", e);
        }
        return rows;
    }

    public Optional<DeadLetter> find(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read dead letter " + id, e);
        }
    }

    /** Sets the status (new, waiting, replayed, resolved, discarded, superseded), who did it and why; recorded in the audit trail. */
    public void mark(long id, String status, String actor, String reason) {
        update(id, "UPDATE dead_letter SET status = ?, changed_by = ?, changed_at = ?, change_reason = ? WHERE id = ?", status, actor, reason);
        audit.record(actor, "dlq." + status, find(id).map(DeadLetter::threadId).orElse(null), "dead_letter:" + id, reason);
    }

    /** Replaces the stored message, for an operator who fixed what was wrong with it before replaying. */
    public void editBody(long id, String body, String actor) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET body = ?, changed_by = ?, changed_at = ? WHERE id = ?")) {
            ps.setString(1, body);
            ps.setString(2, actor);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not edit dead letter " + id, e);
        }
        audit.record(actor, "dlq.edited", find(id).map(DeadLetter::threadId).orElse(null), "dead_letter:" + id, "message replaced before replay");
    }

    private void update(long id, String sql, String status, String actor, String reason) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status);
            ps.setString(2, actor);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, reason);
            ps.setLong(5, id);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("no dead letter " + id);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not update dead letter " + id, e);
        }
    }

    private static DeadLetter read(ResultSet rs) throws SQLException {
        Timestamp changed = rs.getTimestamp(16);
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getTimestamp(13).toInstant(), rs.getTimestamp(14).toInstant(), rs.getString(15),
                changed == null ? null : changed.toInstant(), rs.getString(17));
    }

    public int countByStatus(String status) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter WHERE status = ?")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not count dead letters", e);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
            String body = http.getResponseBody();
            message = "HTTP " + http.getStatusCode() + " from " + http.getUri()
                    + (body == null || body.isBlank() ? "" : ": " + body.substring(0, Math.min(body.length(), 2000)));
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
