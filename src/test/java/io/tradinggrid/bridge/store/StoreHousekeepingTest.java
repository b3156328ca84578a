package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void should_purge_old_rows_but_keep_dead_letters_still_waiting_for_an_operator() throws Exception {
        try (BridgeStore store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 2);
                Connection c = store.dataSource().getConnection()) {
            Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(100)));
            Timestamp recent = Timestamp.from(Instant.now());
            insertKey(c, "old", old);
            insertKey(c, "recent", recent);
            insertDeadLetter(c, "new", old);
            insertDeadLetter(c, "waiting", old);
            insertDeadLetter(c, "resolved", old);
            insertDeadLetter(c, "replayed", old);

            var deleted = new StoreHousekeeping(store.dataSource(), 90).purge();

            assertThat(deleted).containsEntry("camel_messageprocessed", 1).containsEntry("dead_letter", 2);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT status FROM dead_letter ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("new");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("work waiting for a system is never purged").isEqualTo("waiting");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private static void insertKey(Connection c, String key, Timestamp at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES ('p', ?, ?)")) {
            ps.setString(1, key);
            ps.setTimestamp(2, at);
            ps.executeUpdate();
        }
    }

    private static void insertDeadLetter(Connection c, String status, Timestamp at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (status, route_id, attempts, first_failed_at, last_failed_at) "
                + "VALUES (?, 'community-intake', 1, ?, ?)")) {
            ps.setString(1, status);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            ps.executeUpdate();
        }
    }
}
