package io.tradinggrid.bridge.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store and what lives in it: audit trail, watermarks, housekeeping and the keys of the idempotent consumers.
 * <p>
 * Each bean takes the store itself rather than {@code bridgeDataSource}: Camel orders the bean methods of one class
 * only one dependency deep.
 */
public class StoreConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    @BindToRegistry("bridgeStore")
    public BridgeStore bridgeStore(CamelContext context, @PropertyInject("tgb.store.url") String url,
            @PropertyInject("tgb.store.username") String username, @PropertyInject("tgb.store.password") String password,
            @PropertyInject("tgb.store.pool-size") int poolSize) throws Exception {
        BridgeStore store = BridgeStore.open(url, username, password, poolSize);
        // closed by Camel on shutdown, after the routes have finished their in-flight work
        context.addService(store, true, true);
        return store;
    }

    @BindToRegistry("bridgeDataSource")
    public DataSource bridgeDataSource(@BeanInject("bridgeStore") BridgeStore store) {
        return store.dataSource();
    }

    @BindToRegistry("auditTrail")
    public AuditTrail auditTrail(@BeanInject("bridgeStore") BridgeStore store) {
        return new AuditTrail(store.dataSource());
    }

    @BindToRegistry("workClaims")
    public WorkClaims workClaims(@BeanInject("bridgeStore") BridgeStore store, @PropertyInject("tgb.claims.lease-seconds") long leaseSeconds,
            @PropertyInject("tgb.store.url") String url) {
        WorkClaims claims = new WorkClaims(store.dataSource(), Duration.ofSeconds(leaseSeconds), Clock.systemUTC());
        if (BridgeStore.ownedByOneProcess(url)) {
            int released = claims.releaseAll();
            if (released > 0) {
                LOG.info("Released {} claim(s) of the process that had the store before (it was stopped without finishing them)", released);
            }
        }
        return claims;
    }

    @BindToRegistry("watermarkStore")
    public WatermarkStore watermarkStore(@BeanInject("bridgeStore") BridgeStore store) {
        return new WatermarkStore(store.dataSource());
    }


    /**
     * The idempotent consumers' repositories, one key space each, named as the routes refer to them. Bound here rather
     * than by one method each: they differ only in their name and key space.
     */
    private static final Map<String, String> REPOSITORIES = Map.of(
            "intakeRepository", "thread-intake",
            "webhookRepository", "community-webhook",
            "attachmentRepository", "record-attachments",
            "linkedRepository", "linked-thread-items",
            "subscriptionRepository", "community-subscriptions",
            "publishedRepository", "published-to-partner");

    @Override
    public void configure(CamelContext context) {
        BridgeStore store = context.getRegistry().lookupByNameAndType("bridgeStore", BridgeStore.class);
        String insert = keyInsert(context.resolvePropertyPlaceholders("{{tgb.store.url}}"));
        REPOSITORIES.forEach((name, keySpace) -> context.getRegistry().bind(name, repository(store, keySpace, insert)));
    }

    /**
     * Two nodes may confirm the same key at once. Camel's look-then-insert would then fail on the primary key (and on
     * PostgreSQL abort the transaction), so the insert itself tolerates a key that is already there.
     */
    static String keyInsert(String url) {
        return url.startsWith("jdbc:postgresql:")
                ? "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                : "MERGE INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) KEY (processorName, messageId) VALUES (?, ?, ?)";
    }

    private static ConfirmedIdempotentRepository repository(BridgeStore store, String processorName, String insert) {
        JdbcMessageIdRepository keys = new JdbcMessageIdRepository(store.dataSource(), processorName);
        // the table comes from the Flyway migration, with the primary key that makes concurrent inserts safe
        keys.setCreateTableIfNotExists(false);
        keys.setInsertString(insert);
        // keys reach the store only when the work is done, so a crash never marks unfinished work as done
        return new ConfirmedIdempotentRepository(keys);
    }
}
