package io.tradinggrid.bridge.observe;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness only: the bridge takes work only while its store answers (every step of a journey writes to it), but a
 * store that is down is no reason to restart the process, so liveness stays up.
 */
public class StoreHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    public StoreHealthCheck(DataSource dataSource, int timeoutSeconds) {
        super("bridge", "store");
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(timeoutSeconds)) {
                builder.up();
            } else {
                builder.message("the store did not answer within " + timeoutSeconds + " s").down();
            }
        } catch (SQLException e) {
            builder.message("the store does not answer: " + e.getMessage()).error(e).down();
        }
    }
}
