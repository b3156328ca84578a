package io.tradinggrid.bridge.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz as several bridges on one store need it: the schedules (polls, status syncs, renewals, housekeeping) live in
 * the store's QRTZ_ tables, each firing is taken by one node, and a node that stops checking in has its schedules
 * taken over by another. The job store borrows connections from the bridge's own pool.
 */
public final class QuartzCluster {

    /** The name under which Quartz finds the bridge's pool. */
    static final String DATA_SOURCE = "bridgeStore";

    private QuartzCluster() {
    }

    /**
     * @param schedulerName the same on every node (camel.main.name): the nodes of one cluster share their scheduler by name
     * @param storeUrl      picks Quartz's SQL dialect for the store
     */
    public static Properties properties(String schedulerName, String storeUrl, Duration checkinInterval, int threads) {
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", schedulerName);
        quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        quartz.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", storeUrl.startsWith("jdbc:postgresql:")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        quartz.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval.toMillis()));
        return quartz;
    }

    /** Lets Quartz's job store take its connections from the bridge's pool, which the bridge closes itself. */
    public static void useStore(DataSource store) {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return store.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool is the store's: closed by the bridge after the routes have stopped
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
    }
}
