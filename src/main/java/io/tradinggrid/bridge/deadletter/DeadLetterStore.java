package io.tradinggrid.bridge.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages that could not be delivered, in the database, whole: the original message as it entered the
 * failing flow (exchange property {@code tgbOriginal}, set by the flow's first step), the route and endpoint that
 * failed, the exception, the attempts, and the thread it concerns. Secrets are masked before anything is written.
 */
public class DeadLetterStore {

    public static final String ORIGINAL = "tgbOriginal";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DataSource dataSource;
    private final AuditTrail audit;

    public DeadLetterStore(DataSource dataSource, AuditTrail audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /** Called by the dead letter channel of the route configurations. Returns the new entry's id. */
    public long store(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        String threadId = exchange.getProperty("threadId", String.class);
        Object original = exchange.getProperty(ORIGINAL);
        String body = original != null ? original.toString() : exchange.getMessage().getBody(String.class);
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Map<String, Object> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null && !k.equalsIgnoreCase("Authorization") && (v instanceof CharSequence || v instanceof Number || v instanceof Boolean)) {
                headers.put(k, v.toString());
            }
        });
        String sql = "INSERT INTO dead_letter (status, route_id, endpoint, target_system, exception_class, exception_message, attempts, "
                + "thread_id, message_key, headers, body, first_failed_at, last_failed_at) VALUES ('new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, routeId);
            ps.setString(2, SecretMasker.mask(endpoint));
            ps.setString(3, exchange.getProperty("targetSystem", String.class));
            ps.setString(4, failure == null ? null : failure.getClass().getName());
            ps.setString(5, failure == null ? "no exception recorded" : SecretMasker.mask(describe(failure)));
            ps.setInt(6, redeliveries + 1);
            ps.setString(7, threadId);
            ps.setString(8, exchange.getProperty("intakeKey", String.class));
            ps.setString(9, SecretMasker.mask(MAPPER.writeValueAsString(headers)));
            ps.setString(10, SecretMasker.mask(body));
            ps.setTimestamp(11, now);
            ps.setTimestamp(12, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                LOG.warn("Dead letter {} from route {} for thread {}: {}", id, routeId, threadId,
                        failure == null ? "" : SecretMasker.mask(failure.getMessage()));
                audit.record("bridge", "dlq.stored", threadId, "dead_letter:" + id, routeId);
                return id;
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // the caller's dead letter channel logs this; the message is not lost silently
            throw new StoreException("Could not store dead letter from route " + routeId, e instanceof SQLException s ? s : new SQLException(e));
        }
    }

    public int countByStatus(String status) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter WHERE status = ?")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not count dead letters", e);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
            String body = http.getResponseBody();
            message = "HTTP " + http.getStatusCode() + " from " + http.getUri()
                    + (body == null || body.isBlank() ? "" : ": " + body.substring(0, Math.min(body.length(), 2000)));
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
