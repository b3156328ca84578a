package io.tradinggrid.bridge.store;

import java.util.Locale;
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

    /** Opens the pool and migrates the schema; fails fast with the database's own reason. */
    /**
     * H2 closes an embedded database from its own JVM shutdown hook, which can run while Camel's graceful shutdown is
     * still finishing in-flight threads: those then fail on a closed store. The store is closed by Camel instead,
     * after the routes have stopped. H2 cannot do that in AUTO_SERVER mode (the default, so that the commands can open
     * the store while the bridge runs); there a thread cut off by SIGTERM is simply taken in again at the next start.
     */
    static String withoutCloseOnExit(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT") && !upper.contains("AUTO_SERVER=TRUE")) {
            return url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    public static BridgeStore open(String url, String username, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withoutCloseOnExit(url));
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("bridge-store");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.info("Store {} at schema version {} ({} migration(s) applied)", redact(url),
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new BridgeStore(dataSource);
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
