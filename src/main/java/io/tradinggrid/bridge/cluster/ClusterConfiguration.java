package io.tradinggrid.bridge.cluster;

import io.tradinggrid.bridge.store.BridgeStore;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;

/**
 * One bridge or several: with {@code tgb.cluster.enabled} every schedule fires on one node of those sharing the store,
 * otherwise each bridge keeps its schedules in memory (Quartz's default).
 */
public class ClusterConfiguration implements CamelConfiguration {

    @BindToRegistry("quartz")
    public QuartzComponent quartz(@BeanInject("bridgeStore") BridgeStore store, @PropertyInject("tgb.cluster.enabled") boolean clustered,
            @PropertyInject("tgb.cluster.checkin-interval-ms") long checkinMs, @PropertyInject("tgb.cluster.scheduler-threads") int threads,
            @PropertyInject("camel.main.name") String name, @PropertyInject("tgb.store.url") String storeUrl) {
        QuartzComponent quartz = new QuartzComponent();
        if (clustered) {
            QuartzCluster.useStore(store.dataSource());
            quartz.setProperties(QuartzCluster.properties(name, storeUrl, Duration.ofMillis(checkinMs), threads));
        }
        return quartz;
    }
}
