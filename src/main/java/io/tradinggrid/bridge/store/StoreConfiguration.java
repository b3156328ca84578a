package io.tradinggrid.bridge.store;

import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The store and what lives in it: audit trail, watermarks, housekeeping and the keys of the idempotent consumers.
 * <p>
 * Each bean takes the store itself rather than {@code bridgeDataSource}: Camel orders the bean methods of one class
 * only one dependency deep.
 */
public class StoreConfiguration implements CamelConfiguration {

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

    @BindToRegistry("watermarkStore")
    public WatermarkStore watermarkStore(@BeanInject("bridgeStore") BridgeStore store) {
        return new WatermarkStore(store.dataSource());
    }

    @BindToRegistry("storeHousekeeping")
    public StoreHousekeeping storeHousekeeping(@BeanInject("bridgeStore") BridgeStore store,
            @PropertyInject("tgb.store.retention-days") int retentionDays) {
        return new StoreHousekeeping(store.dataSource(), retentionDays);
    }

    // idempotent consumers, one key space each

    @BindToRegistry("intakeRepository")
    public ConfirmedIdempotentRepository intakeRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "thread-intake");
    }

    @BindToRegistry("webhookRepository")
    public ConfirmedIdempotentRepository webhookRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "community-webhook");
    }

    @BindToRegistry("attachmentRepository")
    public ConfirmedIdempotentRepository attachmentRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "record-attachments");
    }

    @BindToRegistry("linkedRepository")
    public ConfirmedIdempotentRepository linkedRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "linked-thread-items");
    }

    @BindToRegistry("subscriptionRepository")
    public ConfirmedIdempotentRepository subscriptionRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "community-subscriptions");
    }

    @BindToRegistry("publishedRepository")
    public ConfirmedIdempotentRepository publishedRepository(@BeanInject("bridgeStore") BridgeStore store) {
        return repository(store, "published-to-partner");
    }

    private static ConfirmedIdempotentRepository repository(BridgeStore store, String processorName) {
        JdbcMessageIdRepository keys = new JdbcMessageIdRepository(store.dataSource(), processorName);
        // the table comes from the Flyway migration, with the primary key that makes concurrent inserts safe
        keys.setCreateTableIfNotExists(false);
        // keys reach the store only when the work is done, so a crash never marks unfinished work as done
        return new ConfirmedIdempotentRepository(keys);
    }
}
