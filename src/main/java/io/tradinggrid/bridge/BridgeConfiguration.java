package io.tradinggrid.bridge;

import io.tradinggrid.bridge.runtime.EndpointsSummary;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.StoreHousekeeping;
import io.tradinggrid.bridge.store.WatermarkStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Binds the bridge's beans. Routes refer to them by name ({@code bean:auditTrail}, {@code #bean:bridgeDataSource}).
 */
public class BridgeConfiguration implements CamelConfiguration {

    @PropertyInject("tgb.store.url")
    private String storeUrl;
    @PropertyInject(value = "tgb.store.username", defaultValue = "")
    private String storeUsername;
    @PropertyInject(value = "tgb.store.password", defaultValue = "")
    private String storePassword;
    @PropertyInject(value = "tgb.store.pool-size", defaultValue = "10")
    private int storePoolSize;
    @PropertyInject(value = "tgb.store.retention-days", defaultValue = "90")
    private int retentionDays;

    @Override
    public void configure(CamelContext context) throws Exception {
        BridgeStore store = BridgeStore.open(storeUrl, storeUsername, storePassword, storePoolSize);
        // closed by Camel on shutdown, after the routes have finished their in-flight work
        context.addService(store, true, true);
        context.getRegistry().bind("bridgeStore", store);
        context.getRegistry().bind("bridgeDataSource", store.dataSource());
        context.getRegistry().bind("auditTrail", new AuditTrail(store.dataSource()));
        context.getRegistry().bind("watermarkStore", new WatermarkStore(store.dataSource()));
        context.getRegistry().bind("storeHousekeeping", new StoreHousekeeping(store.dataSource(), retentionDays));
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                EndpointsSummary.log(ctx);
            }
        });
    }
}
