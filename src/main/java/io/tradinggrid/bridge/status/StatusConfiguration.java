package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Back to the partner: the status, comments and files of linked ServiceNow records and Workflow processes. */
public class StatusConfiguration implements CamelConfiguration {

    private StatusMaps statusMaps;

    @BindToRegistry("statusPublisher")
    public StatusPublisher statusPublisher(@BeanInject("threadLinks") ThreadLinks links, @BeanInject("auditTrail") AuditTrail audit,
            @BeanInject("threadRouting") ThreadRouting routing, @BeanInject("partnerNotices") PartnerNotices notices) {
        return new StatusPublisher(links, audit, routing, notices);
    }

    @BindToRegistry("routingCorrections")
    public RoutingCorrections routingCorrections(@BeanInject("bridgeStore") BridgeStore store, @BeanInject("threadRouting") ThreadRouting routing,
            @BeanInject("serviceNowReferences") ServiceNowReferences references, @BeanInject("auditTrail") AuditTrail audit) {
        return new RoutingCorrections(store.dataSource(), routing, references, audit);
    }

    @BindToRegistry("serviceNowStatusSync")
    public ServiceNowStatusSync serviceNowStatusSync(@BeanInject("threadLinks") ThreadLinks links,
            @BeanInject("watermarkStore") WatermarkStore watermarks, @BeanInject("statusPublisher") StatusPublisher publisher,
            @PropertyInject("tgb.config-dir") String configDir, @PropertyInject("tgb.servicenow.username") String integrationUser)
            throws IOException {
        return new ServiceNowStatusSync(links, watermarks, publisher, statusMaps(configDir), integrationUser);
    }

    @BindToRegistry("workflowStatusSync")
    public WorkflowStatusSync workflowStatusSync(@BeanInject("threadLinks") ThreadLinks links,
            @BeanInject("statusPublisher") StatusPublisher publisher, @PropertyInject("tgb.config-dir") String configDir,
            @PropertyInject("tgb.workflow.status-page-size") int pageSize) throws IOException {
        return new WorkflowStatusSync(links, publisher, statusMaps(configDir), pageSize);
    }

    @BindToRegistry("removedRecords")
    public RemovedRecords removedRecords(@BeanInject("threadLinks") ThreadLinks links, @BeanInject("auditTrail") AuditTrail audit,
            @BeanInject("statusPublisher") StatusPublisher publisher, @BeanInject("partnerNotices") PartnerNotices notices,
            @PropertyInject("tgb.partner-text.record-removed") String note,
            @PropertyInject("tgb.partner-text.post-after-record-removed") String postNotCarried) {
        return new RemovedRecords(links, audit, publisher, notices, note, postNotCarried);
    }

    @BindToRegistry("serviceNowNotifications")
    public ServiceNowNotifications serviceNowNotifications(@PropertyInject("tgb.servicenow.notification-token") String token) {
        return new ServiceNowNotifications(token);
    }

    @BindToRegistry("partnerFiles")
    public PartnerFiles partnerFiles(@PropertyInject("tgb.servicenow.partner-file-prefix") String prefix,
            @PropertyInject("tgb.servicenow.username") String integrationUser, @BeanInject("statusPublisher") StatusPublisher publisher,
            @BeanInject("auditTrail") AuditTrail audit) {
        return new PartnerFiles(prefix, integrationUser, publisher, audit);
    }

    /** One reading of status-maps.yaml for both syncs, as a rule reload hands both the same new maps. */
    private StatusMaps statusMaps(String configDir) throws IOException {
        if (statusMaps == null) {
            statusMaps = StatusMaps.load(Path.of(configDir).resolve("status-maps.yaml"));
        }
        return statusMaps;
    }
}
