package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Claims on work, kept in the store so that they hold across threads, processes and nodes: while a claim is held,
 * nobody else looks up and creates a thread's record. Two versions of one thread (a webhook and a poll, two nodes, a
 * replay) are therefore handled one after the other, and the second finds the first one's link.
 * <p>
 * Portable SQL only (H2 and PostgreSQL): take over an own or expired claim with a conditional UPDATE, otherwise
 * INSERT and let the primary key refuse a claim someone else holds. A claim expires after its lease, so work whose
 * owner was killed is taken over; an owner renews it by claiming again before each step that must not run twice.
 */
public class WorkClaims {

    private final DataSource dataSource;
    private final Duration lease;
    private final Clock clock;

    public WorkClaims(DataSource dataSource, Duration lease, Clock clock) {
        this.dataSource = dataSource;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Takes or renews the claim on {@code key} for {@code owner}.
     *
     * @throws ClaimedElsewhereException while another owner holds an unexpired claim
     */
    public void claim(String key, String owner) {
        Optional<Holder> holder = tryClaim(key, owner);
        if (holder.isPresent()) {
            throw new ClaimedElsewhereException(key, holder.get());
        }
    }

    /** Takes or renews the claim; empty when it is now {@code owner}'s, otherwise who holds it and until when. */
    public Optional<Holder> tryClaim(String key, String owner) {
        Instant now = clock.instant();
        Timestamp expires = Timestamp.from(now.plus(lease));
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE work_claim SET owner = ?, claimed_at = ?, expires_at = ? WHERE claim_key = ? AND (owner = ? OR expires_at < ?)")) {
                update.setString(1, owner);
                update.setTimestamp(2, Timestamp.from(now));
                update.setTimestamp(3, expires);
                update.setString(4, key);
                update.setString(5, owner);
                update.setTimestamp(6, Timestamp.from(now));
                if (update.executeUpdate() == 1) {
                    return Optional.empty();
                }
            }
            Optional<Holder> holder = holder(c, key);
            if (holder.isPresent()) {
                return holder;
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO work_claim (claim_key, owner, claimed_at, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, owner);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setTimestamp(4, expires);
                insert.executeUpdate();
                return Optional.empty();
            } catch (SQLException raced) {
                // the primary key: another owner inserted between the look and the insert
                Optional<Holder> winner = holder(c, key);
                if (winner.isPresent()) {
                    return winner;
                }
                throw raced;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not claim " + key, e);
        }
    }

    /** Gives up the claim if {@code owner} still holds it; a claim taken over after its lease stays with the new owner. */
    public boolean release(String key, String owner) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM work_claim WHERE claim_key = ? AND owner = ?")) {
            delete.setString(1, key);
            delete.setString(2, owner);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Could not release " + key, e);
        }
    }

    /**
     * Gives up every claim in the store, when this process is the only one that can hold any (an embedded H2 store is
     * owned by one process): what a killed predecessor held is free at once instead of after its lease.
     */
    public int releaseAll() {
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement("DELETE FROM work_claim")) {
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not release the claims", e);
        }
    }

    private Optional<Holder> holder(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT owner, expires_at FROM work_claim WHERE claim_key = ? AND expires_at >= ?")) {
            select.setString(1, key);
            select.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), rs.getTimestamp(2).toInstant())) : Optional.empty();
            }
        }
    }

    /** Who holds a claim, and until when at the latest. */
    public record Holder(String owner, Instant expiresAt) {
    }

    /**
     * Someone else works on this now. Transient: the work is tried again later, when the holder has finished (and
     * linked the thread, so the retry updates the record instead of creating one) or its claim has expired.
     */
    public static class ClaimedElsewhereException extends IllegalStateException {
        private final transient Holder holder;

        public ClaimedElsewhereException(String key, Holder holder) {
            super(key + " is being handled by " + holder.owner() + " (claim held until " + holder.expiresAt() + " at the latest)");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }
}
