package io.tradinggrid.bridge.journal;

import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The threads' timelines: what intake writes into them, and what the console reads back. */
public class JournalConfiguration implements CamelConfiguration {

    @BindToRegistry("threadJournal")
    public ThreadJournal threadJournal(@BeanInject("bridgeStore") BridgeStore store, @BeanInject("auditTrail") AuditTrail audit,
            @BeanInject("threadRouting") ThreadRouting routing) {
        return new ThreadJournal(store.dataSource(), audit, routing::explain);
    }

    @BindToRegistry("retryNoted")
    public RetryNoted retryNoted(@BeanInject("threadJournal") ThreadJournal journal) {
        return new RetryNoted(journal);
    }

    @BindToRegistry("threadHistory")
    public ThreadHistory threadHistory(@BeanInject("bridgeStore") BridgeStore store,
            @PropertyInject("tgb.console.servicenow-record-url") String serviceNowUrl,
            @PropertyInject("tgb.console.workflow-record-url") String workflowUrl) {
        return new ThreadHistory(store.dataSource(), Map.of("servicenow", serviceNowUrl, "workflow", workflowUrl));
    }
}
