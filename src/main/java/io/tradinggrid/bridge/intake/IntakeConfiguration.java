package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.documents.AttachmentBytesCheck;
import io.tradinggrid.bridge.documents.AttachmentDownloadLimit;
import io.tradinggrid.bridge.documents.AttachmentPolicy;
import io.tradinggrid.bridge.documents.AttachmentUploads;
import io.tradinggrid.bridge.documents.DocumentEnricher;
import io.tradinggrid.bridge.link.LinkedThreadUpdates;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.PartnerWrites;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.servicenow.ServiceNowCaseMapper;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.WatermarkStore;
import io.tradinggrid.bridge.store.WorkClaims;
import io.tradinggrid.bridge.store.WriteAttempts;
import io.tradinggrid.bridge.workflow.WorkflowProcessMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward path: a thread is taken in (polled or pushed by webhook), classified and routed by the rules users edit,
 * becomes a ServiceNow record or a Workflow process with its documents, and stays linked to it for later updates.
 */
public class IntakeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeConfiguration.class);

    @BindToRegistry("threadRouting")
    public ThreadRouting threadRouting(@PropertyInject("tgb.config-dir") String configDir,
            @PropertyInject("tgb.classification.max-text-chars") int maxTextChars) throws IOException {
        Path config = Path.of(configDir);
        ClassificationRules rules = ClassificationRules.load(config.resolve("classification-rules.yaml"));
        if (rules.missingExamples != null) {
            LOG.warn("{}", rules.missingExamples);
        }
        return new ThreadRouting(new ThreadClassifier(rules),
                RoutingTable.load(config.resolve("routing-table.yaml")), maxTextChars);
    }

    /** The threads of a page are taken in side by side by this many workers. */
    @BindToRegistry("intakeWorkers")
    public ExecutorService intakeWorkers(CamelContext context, @PropertyInject("tgb.community.intake-concurrency") int workers) {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "thread-intake", workers);
    }

    @BindToRegistry("threadIntake")
    public ThreadIntake threadIntake(@PropertyInject("tgb.community.intake-statuses") String openStatuses) {
        return new ThreadIntake(Origin.SYSTEM, Set.of(openStatuses.split("\\s*,\\s*")));
    }

    @BindToRegistry("threadClaims")
    public ThreadClaims threadClaims(@BeanInject("workClaims") WorkClaims claims, @PropertyInject("tgb.claims.node-id") String nodeId) {
        return new ThreadClaims(claims, node(nodeId));
    }

    @BindToRegistry("webhookInbox")
    public WebhookInbox webhookInbox(@BeanInject("bridgeStore") BridgeStore store, @PropertyInject("tgb.claims.node-id") String nodeId,
            @PropertyInject("tgb.claims.lease-seconds") long leaseSeconds,
            @PropertyInject("tgb.community.webhook-inbox-attempts") int attempts, @PropertyInject("tgb.store.url") String url) {
        WebhookInbox inbox = new WebhookInbox(store.dataSource(), node(nodeId), Duration.ofSeconds(leaseSeconds), attempts, Clock.systemUTC());
        if (BridgeStore.ownedByOneProcess(url)) {
            inbox.releaseAll();
        }
        return inbox;
    }

    /** This process as other nodes see it in the store: the configured id, or host name and pid. */
    private static String node(String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "pid-" + ProcessHandle.current().pid();
        }
    }

    @BindToRegistry("threadPoller")
    public ThreadPoller threadPoller(@BeanInject("watermarkStore") WatermarkStore watermarks,
            @PropertyInject("tgb.community.page-size") int pageSize,
            @PropertyInject("tgb.community.initial-watermark") String initialWatermark) {
        return new ThreadPoller(watermarks, pageSize, initialWatermark);
    }

    /** Found by Camel's health registry by type: /observe/health shows it. */
    @BindToRegistry("webhookHealth")
    public WebhookHealthCheck webhookHealth(@PropertyInject("tgb.community.webhook-unauthorized-alarm") int threshold) {
        return new WebhookHealthCheck(threshold);
    }

    @BindToRegistry("webhookReceiver")
    public WebhookReceiver webhookReceiver(@PropertyInject("tgb.community.webhook-secret") String secret,
            @BeanInject("webhookHealth") WebhookHealthCheck health) {
        // without a secret no delivery can be trusted; the receiver refuses them all
        return new WebhookReceiver(secret.isBlank() ? null : new WebhookSignature(secret), Origin.SYSTEM, health);
    }

    @BindToRegistry("webhookSubscription")
    public WebhookSubscription webhookSubscription(@PropertyInject("tgb.community.webhook-public-url") String callbackUrl,
            @PropertyInject("tgb.community.webhook-secret") String secret) {
        return new WebhookSubscription(callbackUrl, secret);
    }

    /** The HTTP component's client configurer (camel.component.http.http-client-configurer). */
    @BindToRegistry("attachmentDownloadLimit")
    public AttachmentDownloadLimit attachmentDownloadLimit(@PropertyInject("tgb.attachments.max-bytes") long maxBytes,
            @PropertyInject("tgb.community.base-url") String communityBaseUrl) {
        return new AttachmentDownloadLimit(maxBytes, communityBaseUrl);
    }

    @BindToRegistry("documentEnricher")
    public DocumentEnricher documentEnricher(@PropertyInject("tgb.attachments.max-bytes") long maxBytes,
            @PropertyInject("tgb.attachments.allowed-types") String allowedTypes, @BeanInject("auditTrail") AuditTrail audit,
            @BeanInject("partnerNotices") PartnerNotices notices) {
        AttachmentPolicy policy = new AttachmentPolicy(maxBytes, allowedTypes);
        return new DocumentEnricher(policy, new AttachmentBytesCheck(maxBytes, policy), audit, notices);
    }

    @BindToRegistry("serviceNowReferences")
    public ServiceNowReferences serviceNowReferences(CamelContext context) {
        return new ServiceNowReferences(context.createProducerTemplate());
    }

    @BindToRegistry("serviceNowCaseMapper")
    public ServiceNowCaseMapper serviceNowCaseMapper(@BeanInject("serviceNowReferences") ServiceNowReferences references,
            @PropertyInject("tgb.community.ui-url") String communityUiUrl) {
        return new ServiceNowCaseMapper(references, communityUiUrl);
    }

    @BindToRegistry("workflowProcessMapper")
    public WorkflowProcessMapper workflowProcessMapper() {
        return new WorkflowProcessMapper();
    }

    @BindToRegistry("threadLinks")
    public ThreadLinks threadLinks(@BeanInject("bridgeDataSource") DataSource dataSource, @BeanInject("auditTrail") AuditTrail audit) {
        return new ThreadLinks(dataSource, audit);
    }

    @BindToRegistry("writeAttempts")
    public WriteAttempts writeAttempts(@BeanInject("bridgeStore") BridgeStore store) {
        return new WriteAttempts(store.dataSource(), Clock.systemUTC());
    }

    @BindToRegistry("partnerWrites")
    public PartnerWrites partnerWrites(@BeanInject("writeAttempts") WriteAttempts attempts, @BeanInject("auditTrail") AuditTrail audit) {
        return new PartnerWrites(attempts, audit);
    }

    @BindToRegistry("attachmentUploads")
    public AttachmentUploads attachmentUploads(@BeanInject("writeAttempts") WriteAttempts attempts) {
        return new AttachmentUploads(attempts);
    }

    @BindToRegistry("partnerNotices")
    public PartnerNotices partnerNotices(@PropertyInject("tgb.partner-text.record-opened") String recordOpened) {
        return new PartnerNotices(Origin.SYSTEM, recordOpened);
    }

    @BindToRegistry("linkedThreadUpdates")
    public LinkedThreadUpdates linkedThreadUpdates(@BeanInject("serviceNowReferences") ServiceNowReferences references,
            @PropertyInject("tgb.servicenow.document-request-team") String documentRequestTeam) {
        return new LinkedThreadUpdates(Origin.SYSTEM, references, documentRequestTeam);
    }
}
