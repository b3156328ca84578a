package io.tradinggrid.bridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * The tables of Quartz's JDBC job store, which the bridge uses when several nodes share the store
 * ({@code tgb.cluster.enabled}): Quartz's own schema script for the database at hand, read from the Quartz jar, so the
 * tables always match the Quartz version on the classpath. Its DROP statements are left out (the migration runs once,
 * on a store without them).
 */
final class QuartzJobStoreMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "quartz job store";
    }

    /** The script comes with Quartz: a Quartz upgrade that changes it must come with a migration of its own. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String script = product.contains("postgres") ? "tables_postgres.sql" : product.contains("h2") ? "tables_h2.sql" : null;
        if (script == null) {
            throw new IllegalStateException("The store runs on H2 or PostgreSQL; " + product + " has no Quartz job store schema here");
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
        }
    }

    static List<String> statements(String script) throws IOException {
        String text;
        try (InputStream in = JobStoreSupport.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IOException("Quartz's " + script + " is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.trim().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : withoutComments.toString().split(";")) {
            String trimmed = sql.trim();
            String upper = trimmed.toUpperCase(Locale.ROOT);
            // Flyway runs the migration in its own transaction: the script's COMMIT is not ours to send
            if (!trimmed.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(trimmed);
            }
        }
        return statements;
    }
}
