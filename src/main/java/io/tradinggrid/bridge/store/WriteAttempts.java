package io.tradinggrid.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Write-ahead notes of writes to other systems (table write_attempt). A POST can commit and still fail for the bridge
 * (a timeout, a 5xx after commit, kill -9 before its key is confirmed): the note tells the next attempt, in any
 * process, that it must look in the target for the earlier write before writing again. The note goes once the write
 * is known to have landed.
 */
public class WriteAttempts {

    private final DataSource dataSource;
    private final Clock clock;

    public WriteAttempts(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Notes an attempt of the write; returns when an earlier attempt began, or null when this is the first. */
    public Instant attempted(String key) {
        try (Connection c = dataSource.getConnection()) {
            Instant earlier = earlier(c, key);
            if (earlier != null) {
                return earlier;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO write_attempt (write_key, attempted_at) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setTimestamp(2, Timestamp.from(clock.instant()));
                insert.executeUpdate();
                return null;
            } catch (SQLException raced) {
                // another attempt of the same write noted itself first: it may have written
                Instant winner = earlier(c, key);
                if (winner == null) {
                    throw raced;
                }
                return winner;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not note the attempt of " + key, e);
        }
    }

    /** The write landed (or was found in the target): its note goes. */
    public void settled(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM write_attempt WHERE write_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not settle the attempt of " + key, e);
        }
    }

    private static Instant earlier(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT attempted_at FROM write_attempt WHERE write_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }
}
