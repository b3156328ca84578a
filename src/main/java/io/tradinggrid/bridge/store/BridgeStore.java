package io.tradinggrid.bridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.h2.api.ErrorCode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.apache.camel.Service;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's database: a pooled DataSource whose schema Flyway has brought up to date.
 * Embedded H2 by default; any JDBC URL Flyway supports (PostgreSQL in production) works the same.
 */
public final class BridgeStore implements AutoCloseable, Service {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeStore.class);

    private final HikariDataSource dataSource;

    private BridgeStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * H2 closes an embedded database from its own JVM shutdown hook, which can run while Camel's graceful shutdown is
     * still finishing in-flight threads: those then fail on a closed store. The store is closed by Camel instead,
     * after the routes have stopped. (H2 cannot do that with AUTO_SERVER, which the store therefore does not use by
     * default: one process owns the file, and commands reach a running bridge through its admin API.)
     */
    static String withoutCloseOnExit(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT") && !upper.contains("AUTO_SERVER=TRUE")) {
            return url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    /** Opens the pool and migrates the schema; fails fast with the database's own reason. */
    public static BridgeStore open(String url, String username, String password, int maxPoolSize) {
        if (url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            LOG.warn("Store {} runs with AUTO_SERVER: H2 then listens on a TCP port and writes its connection key to a lock "
                    + "file; anyone who reads that file can open the store. Use one process per H2 file, or PostgreSQL", redact(url));
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withoutCloseOnExit(url));
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("bridge-store");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (inUse(e)) {
                throw new InUseException(redact(url), e);
            }
            throw e;
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new QuartzJobStoreMigration())
                    .load()
                    .migrate();
            LOG.info("Store {} at schema version {} ({} migration(s) applied)", redact(url),
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        ownerOnly(url);
        return new BridgeStore(dataSource);
    }

    /** The store's file is open in another process (a running bridge): H2 allows one process per file. */
    public static final class InUseException extends IllegalStateException {
        InUseException(String url, Throwable cause) {
            super("The store " + url + " is in use by another process (a running bridge)", cause);
        }
    }

    /** Whether another process holds the store's file now (a running bridge); opens nothing for long, migrates nothing. */
    public static boolean heldByAnotherProcess(String url, String username, String password) {
        try (var connection = DriverManager.getConnection(withoutCloseOnExit(url), username, password)) {
            return false;
        } catch (SQLException e) {
            return inUse(e);
        }
    }

    private static boolean inUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /** An H2 store's files hold every message the bridge failed on: only the bridge's own user may read them. */
    static void ownerOnly(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return;
        }
        String base = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        for (String suffix : List.of(".mv.db", ".trace.db", ".lock.db")) {
            Path file = Path.of(base + suffix);
            try {
                if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("Could not make {} readable by its owner only: {}", file, e.toString());
            }
        }
    }

    /**
     * Whether this process is the only one that can use the store: an embedded H2 file, opened without AUTO_SERVER. Work
     * the store says is held by some process was then held by a predecessor that is gone.
     */
    public static boolean ownedByOneProcess(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void start() {
        // opened and migrated in open()
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        if (!dataSource.isClosed()) {
            dataSource.close();
        }
    }

    /** JDBC URLs may carry a password parameter; never log it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }
}
