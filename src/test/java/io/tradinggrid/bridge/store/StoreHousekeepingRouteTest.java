package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.testing.BridgeMainTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.jdbc.JdbcConstants;
import org.apache.camel.component.jdbc.JdbcEndpoint;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The store-housekeeping route, as shipped in routes/, run against the bridge's real store: rows older than
 * tgb.store.retention-days are deleted where they are settled (idempotent keys, audit events, replayed, discarded and
 * resolved dead letters); dead letters still waiting for an operator or a system, and every other table, stay.
 */
class StoreHousekeepingRouteTest extends BridgeMainTestSupport {

    private static final String MARK = "housekeeping-test";

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        // the seeded 'waiting' letter must stay as seeded: nothing resumes or expires waiting work during the test
        p.setProperty("tgb.circuit.resume-enabled", "false");
        return p;
    }

    @Test
    void should_purge_settled_rows_older_than_the_retention_period_and_keep_everything_else() throws Exception {
        Map<String, Integer> removed = new ConcurrentHashMap<>();
        AdviceWith.adviceWith(context, "store-housekeeping", a -> {
            a.replaceFromWith("direct:housekeeping");
            for (String step : List.of("purge-idempotent-keys", "purge-audit-events", "purge-settled-dead-letters")) {
                a.weaveById(step).after().process(e -> removed.put(step, e.getMessage().getHeader(JdbcConstants.JDBC_UPDATE_COUNT, Integer.class)));
            }
        });
        context.start();
        // schedules are off in tests; this test fires the route itself
        context.getRouteController().startRoute("store-housekeeping");
        DataSource store = context.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
        int retentionDays = Integer.parseInt(context.resolvePropertyPlaceholders("{{tgb.store.retention-days}}"));
        Instant now = Instant.now();
        Timestamp old = Timestamp.from(now.minus(Duration.ofDays(retentionDays + 1)));
        Timestamp fresh = Timestamp.from(now.minus(Duration.ofDays(retentionDays - 1)));
        try (Connection c = store.getConnection()) {
            update(c, "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES (?, ?, ?)", "thread-intake", MARK + ":old", old);
            update(c, "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES (?, ?, ?)", "thread-intake", MARK + ":fresh", fresh);
            // a key that guards a write to the partner: its source is walked again, so it is kept however old
            update(c, "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES (?, ?, ?)", "published-to-partner", MARK + ":old", old);
            update(c, "INSERT INTO write_attempt (write_key, attempted_at) VALUES (?, ?)", MARK + ":old", old);
            update(c, "INSERT INTO write_attempt (write_key, attempted_at) VALUES (?, ?)", MARK + ":fresh", fresh);
            update(c, "INSERT INTO work_claim (claim_key, owner, claimed_at, expires_at) VALUES (?, 'killed-node/ex-1', ?, ?)", MARK + ":expired", old, old);
            update(c, "INSERT INTO work_claim (claim_key, owner, claimed_at, expires_at) VALUES (?, 'node-b/ex-2', ?, ?)", MARK + ":held", fresh,
                    Timestamp.from(now.plus(Duration.ofMinutes(5))));
            update(c, "INSERT INTO audit_event (occurred_at, actor, action) VALUES (?, ?, ?)", old, MARK, "old");
            update(c, "INSERT INTO audit_event (occurred_at, actor, action) VALUES (?, ?, ?)", fresh, MARK, "fresh");
            for (String settled : List.of("replayed", "discarded", "resolved", "superseded")) {
                deadLetter(c, settled, "old", old, old);
                deadLetter(c, settled, "fresh", fresh, fresh);
            }
            // settled, failed first long ago but last within the period: the last failure counts
            deadLetter(c, "replayed", "failed-again", old, fresh);
            // not settled: never purged, however old
            for (String open : List.of("new", "waiting", "replaying")) {
                deadLetter(c, open, "old", old, old);
            }
            update(c, "INSERT INTO thread_link (community_id, thread_id, target_system, target_type, record_id, created_at, updated_at) "
                    + "VALUES ('COM-1', ?, 'servicenow', 'incident', 'sys-1', ?, ?)", MARK, old, old);
            update(c, "INSERT INTO poll_watermark (poller_id, watermark, updated_at) VALUES (?, '2020-01-01T00:00:00Z', ?)", MARK, old);
            update(c, "INSERT INTO config_version (content_hash, files, applied_at, applied_by) VALUES (?, '{}', ?, 'test')", MARK, old);
        }

        template.sendBody("direct:housekeeping", null);

        try (Connection c = store.getConnection()) {
            assertThat(strings(c, "SELECT processorName || '/' || messageId FROM camel_messageprocessed WHERE messageId LIKE ? || ':%'"))
                    .containsExactlyInAnyOrder("thread-intake/" + MARK + ":fresh", "published-to-partner/" + MARK + ":old");
            assertThat(strings(c, "SELECT claim_key FROM work_claim WHERE claim_key LIKE ? || ':%'")).containsExactly(MARK + ":held");
            assertThat(strings(c, "SELECT write_key FROM write_attempt WHERE write_key LIKE ? || ':%'")).containsExactly(MARK + ":fresh");
            assertThat(strings(c, "SELECT action FROM audit_event WHERE actor = ?")).containsExactly("fresh");
            assertThat(strings(c, "SELECT message_key FROM dead_letter WHERE route_id = ?")).containsExactlyInAnyOrder(
                    "replayed:fresh", "discarded:fresh", "resolved:fresh", "superseded:fresh", "replayed:failed-again",
                    "new:old", "waiting:old", "replaying:old");
            assertThat(strings(c, "SELECT thread_id FROM thread_link WHERE thread_id = ?")).containsExactly(MARK);
            assertThat(strings(c, "SELECT poller_id FROM poll_watermark WHERE poller_id = ?")).containsExactly(MARK);
            assertThat(strings(c, "SELECT content_hash FROM config_version WHERE content_hash = ?")).containsExactly(MARK);
        }
        // each statement reports what it removed (the bridge's own audit events of this run are all recent)
        assertThat(removed).containsEntry("purge-idempotent-keys", 1).containsEntry("purge-audit-events", 1)
                .containsEntry("purge-settled-dead-letters", 4);
    }

    @Test
    void should_run_the_purge_statements_through_camel_jdbc_on_the_bridge_data_source() throws Exception {
        context.start();
        assertThat(context.getEndpoints()).filteredOn(JdbcEndpoint.class::isInstance).map(JdbcEndpoint.class::cast)
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getDataSourceName()).isEqualTo("bridgeDataSource");
                    assertThat(e.isUseHeadersAsParameters()).isTrue();
                });
    }

    private static void deadLetter(Connection c, String status, String age, Timestamp firstFailed, Timestamp lastFailed) throws Exception {
        update(c, "INSERT INTO dead_letter (status, route_id, attempts, message_key, first_failed_at, last_failed_at) VALUES (?, ?, 1, ?, ?, ?)",
                status, MARK, status + ":" + age, firstFailed, lastFailed);
    }

    private static void update(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, MARK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
