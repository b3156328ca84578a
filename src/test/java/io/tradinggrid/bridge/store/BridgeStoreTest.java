package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.tradinggrid.bridge.testing.EmbeddedPostgresStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's schema comes up by migration on H2, and unchanged on PostgreSQL. */
class BridgeStoreTest {

    private static final List<String> TABLES = List.of(
            "camel_messageprocessed", "thread_link", "poll_watermark", "dead_letter", "audit_event", "work_claim",
            "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks", "qrtz_scheduler_state");

    @TempDir
    Path dir;

    @Test
    void should_create_every_table_with_a_primary_key_on_an_h2_file_database() throws Exception {
        try (BridgeStore store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 2);
                Connection c = store.dataSource().getConnection()) {
            for (String table : TABLES) {
                try (ResultSet pk = c.getMetaData().getPrimaryKeys(null, null, table.toUpperCase(Locale.ROOT))) {
                    assertThat(pk.next()).as("primary key of %s", table).isTrue();
                }
            }
        }
    }

    @Test
    void should_keep_data_and_not_migrate_twice_when_reopened() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bridge");
        int applied;
        try (BridgeStore store = BridgeStore.open(url, "sa", "", 2)) {
            new AuditTrail(store.dataSource()).record("test", "store.opened", "THR-1", null, "first");
            applied = appliedMigrations(store);
        }
        try (BridgeStore store = BridgeStore.open(url, "sa", "", 2)) {
            assertThat(new AuditTrail(store.dataSource()).recent("THR-1", 10))
                    .extracting(AuditTrail.Event::detail).containsExactly("first");
            assertThat(appliedMigrations(store)).as("no migration runs twice").isEqualTo(applied).isPositive();
        }
    }

    private static int appliedMigrations(BridgeStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"type\" = 'SQL'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void should_open_the_shipped_auto_server_store_and_leave_other_h2_stores_to_camel_to_close() throws Exception {
        // the form of config/application.properties' default, which the commands open while the bridge runs
        try (BridgeStore store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("auto") + ";AUTO_SERVER=TRUE", "sa", "", 2);
                Connection c = store.dataSource().getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(BridgeStore.withoutCloseOnExit("jdbc:h2:file:./x")).isEqualTo("jdbc:h2:file:./x;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(BridgeStore.withoutCloseOnExit("jdbc:h2:file:./x;AUTO_SERVER=TRUE")).isEqualTo("jdbc:h2:file:./x;AUTO_SERVER=TRUE");
        assertThat(BridgeStore.withoutCloseOnExit("jdbc:postgresql://db/bridge")).isEqualTo("jdbc:postgresql://db/bridge");
    }

    @Test
    void should_fail_with_the_database_reason_when_the_url_is_wrong() {
        assertThatThrownBy(() -> BridgeStore.open("jdbc:nosuchdb:whatever", "sa", "", 1))
                .hasMessageContaining("jdbc:nosuchdb");
    }

    @Test
    void should_never_write_a_password_from_the_url_into_logs() {
        assertThat(BridgeStore.redact("jdbc:postgresql://db/bridge?user=b&password=hunter2&ssl=true"))
                .doesNotContain("hunter2").contains("password=******");
    }

    @Test
    void should_run_the_same_migrations_on_postgresql() throws Exception {
        try (BridgeStore store = BridgeStore.open(EmbeddedPostgresStore.newDatabase(), EmbeddedPostgresStore.USER, "", 2);
                Connection c = store.dataSource().getConnection()) {
            List<String> found = new ArrayList<>();
            for (String table : TABLES) {
                try (ResultSet rs = c.getMetaData().getTables(null, "public", table, null)) {
                    if (rs.next()) {
                        found.add(table);
                    }
                }
            }
            assertThat(found).containsExactlyElementsOf(TABLES);
        }
    }
}
