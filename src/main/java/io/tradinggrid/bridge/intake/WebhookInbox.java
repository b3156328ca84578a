package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook events kept in the store between the answer to the community and their intake. The receiver keeps an event
 * and answers at once; any node takes kept events (a conditional UPDATE decides between nodes), takes in their
 * threads, and removes them. An event whose intake could not start (the community did not answer the read) is tried
 * again with a growing pause; one that keeps failing is given up with a warning, since the poll reads every thread
 * anyway. A node killed mid-intake leaves its events taken until their lease ends; then another node takes them.
 */
public class WebhookInbox {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookInbox.class);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private final DataSource dataSource;
    private final String node;
    private final Duration lease;
    private final int maxAttempts;
    private final Clock clock;

    public WebhookInbox(DataSource dataSource, String node, Duration lease, int maxAttempts, Clock clock) {
        this.dataSource = dataSource;
        this.node = node;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** Frees the events a predecessor took and never finished, when this process is the store's only user. */
    public int releaseAll() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE webhook_inbox SET taken_by = NULL, taken_at = NULL WHERE taken_by IS NOT NULL")) {
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not free webhook events", e);
        }
    }

    /** One kept event, as a node took it. */
    public record Event(String eventId, String eventType, String communityId, String threadId, int attempts) {
    }

    /** Keeps a delivery's event; a delivery of an event already kept keeps nothing more. */
    public void keep(@ExchangeProperty(ExchangeKeys.DELIVERY) WebhookReceiver.Delivery delivery) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            if (exists(c, delivery.eventId())) {
                return;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO webhook_inbox (event_id, event_type, community_id, thread_id, "
                    + "received_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                insert.setString(1, delivery.eventId());
                insert.setString(2, delivery.eventType());
                insert.setString(3, delivery.communityId());
                insert.setString(4, delivery.threadId());
                insert.setTimestamp(5, now);
                insert.setTimestamp(6, now);
                insert.executeUpdate();
            } catch (SQLException raced) {
                // the same event delivered to two nodes at once: the primary key keeps one
                if (!exists(c, delivery.eventId())) {
                    throw raced;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not keep webhook event " + delivery.eventId(), e);
        }
    }

    /** Takes up to {@code max} events that are due, oldest first, for this node. */
    public List<Event> take(int max) {
        Instant now = clock.instant();
        List<Event> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement select = c.prepareStatement("SELECT event_id, event_type, community_id, thread_id, attempts FROM webhook_inbox "
                    + "WHERE next_attempt_at <= ? AND (taken_by IS NULL OR taken_at < ?) ORDER BY received_at")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setTimestamp(2, Timestamp.from(now.minus(lease)));
                select.setMaxRows(max);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            List<Event> taken = new ArrayList<>();
            try (PreparedStatement update = c.prepareStatement("UPDATE webhook_inbox SET taken_by = ?, taken_at = ?, attempts = attempts + 1 "
                    + "WHERE event_id = ? AND (taken_by IS NULL OR taken_at < ?)")) {
                for (Event event : due) {
                    update.setString(1, node);
                    update.setTimestamp(2, Timestamp.from(now));
                    update.setString(3, event.eventId());
                    update.setTimestamp(4, Timestamp.from(now.minus(lease)));
                    if (update.executeUpdate() == 1) {
                        taken.add(event);
                    }
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new StoreException("Could not take webhook events", e);
        }
    }

    /** The event's thread was taken in (or its failure is in the dead-letter store): the event is done. */
    public void done(@ExchangeProperty(ExchangeKeys.EVENT_ID) String eventId) {
        execute("DELETE FROM webhook_inbox WHERE event_id = ? AND taken_by = ?", eventId, node);
    }

    /**
     * The event's intake could not start: it is due again after a pause that doubles with each attempt, or given up
     * (the next poll reads the thread) after the last attempt.
     */
    public void later(@ExchangeProperty(ExchangeKeys.EVENT_ID) String eventId, @ExchangeProperty(ExchangeKeys.INBOX_EVENT) Event event,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        int attempts = event == null ? maxAttempts : event.attempts() + 1;
        String reason = failure == null ? "unknown" : failure.getMessage();
        if (attempts >= maxAttempts) {
            LOG.warn("Webhook event {} (thread {}) given up after {} attempts, the poll takes the thread in: {}", eventId,
                    event == null ? "?" : event.threadId(), attempts, reason);
            execute("DELETE FROM webhook_inbox WHERE event_id = ? AND taken_by = ?", eventId, node);
            return;
        }
        Duration pause = Duration.ofSeconds(1L << Math.min(attempts, 20));
        Instant next = clock.instant().plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE webhook_inbox SET taken_by = NULL, taken_at = NULL, next_attempt_at = ?, last_error = ? WHERE event_id = ? AND taken_by = ?")) {
            update.setTimestamp(1, Timestamp.from(next));
            update.setString(2, reason);
            update.setString(3, eventId);
            update.setString(4, node);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not put back webhook event " + eventId, e);
        }
    }

    private static boolean exists(Connection c, String eventId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM webhook_inbox WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(String sql, String eventId, String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, eventId);
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not update webhook event " + eventId, e);
        }
    }
}
