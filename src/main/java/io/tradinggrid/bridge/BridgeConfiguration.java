package io.tradinggrid.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.admin.AdminAccess;
import io.tradinggrid.bridge.admin.AdminApi;
import io.tradinggrid.bridge.admin.AdminErrors;
import io.tradinggrid.bridge.admin.PortBoundEngine;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.documents.AttachmentPolicy;
import io.tradinggrid.bridge.documents.DocumentEnricher;
import io.tradinggrid.bridge.http.AuthorizationRefresher;
import io.tradinggrid.bridge.http.OAuthTokenCache;
import io.tradinggrid.bridge.http.RetryAfter;
import io.tradinggrid.bridge.http.TokenRequests;
import io.tradinggrid.bridge.intake.ThreadIntake;
import io.tradinggrid.bridge.intake.ThreadPoller;
import io.tradinggrid.bridge.intake.WebhookReceiver;
import io.tradinggrid.bridge.intake.WebhookSignature;
import io.tradinggrid.bridge.intake.WebhookSubscription;
import io.tradinggrid.bridge.link.LinkedThreadUpdates;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.RetryDecision;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.resilience.WaitingWork;
import io.tradinggrid.bridge.rules.RouteSwap;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.admin.EndpointsSummary;
import io.tradinggrid.bridge.servicenow.ServiceNowCaseMapper;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.compliance.ComplianceWatch;
import io.tradinggrid.bridge.knowledge.KnowledgePublisher;
import io.tradinggrid.bridge.onboarding.OnboardingSync;
import io.tradinggrid.bridge.status.PartnerFiles;
import io.tradinggrid.bridge.provisioning.PartnerProvisioning;
import io.tradinggrid.bridge.status.ServiceNowNotifications;
import io.tradinggrid.bridge.status.ServiceNowStatusSync;
import io.tradinggrid.bridge.status.StatusMaps;
import io.tradinggrid.bridge.status.StatusPublisher;
import io.tradinggrid.bridge.status.WorkflowStatusSync;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.ConfirmedIdempotentRepository;
import io.tradinggrid.bridge.store.WatermarkStore;
import io.tradinggrid.bridge.workflow.WorkflowProcessMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Binds the bridge's beans; routes refer to them by name ({@code ref: threadRouting}).
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
    @PropertyInject(value = "tgb.config-dir", defaultValue = "config")
    private String configDir;
    @PropertyInject(value = "tgb.routes-dir", defaultValue = "routes")
    private String routesDir;

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        BridgeStore store = BridgeStore.open(storeUrl, storeUsername, storePassword, storePoolSize);
        // closed by Camel on shutdown, after the routes have finished their in-flight work
        context.addService(store, true, true);
        DataSource dataSource = store.dataSource();
        AuditTrail audit = new AuditTrail(dataSource);
        bind(context, "bridgeStore", store);
        bind(context, "bridgeDataSource", dataSource);
        bind(context, "auditTrail", audit);
        WatermarkStore watermarks = new WatermarkStore(dataSource);
        bind(context, "watermarkStore", watermarks);
        DeadLetterStore deadLetters = new DeadLetterStore(dataSource, audit);
        bind(context, "deadLetterStore", deadLetters);
        ThreadLinks links = new ThreadLinks(dataSource, audit);
        bind(context, "threadLinks", links);

        // retries of the intake-errors route configuration: exponential backoff with jitter, waiting off the consumer thread
        RedeliveryPolicy retry = new RedeliveryPolicy();
        retry.setMaximumRedeliveries(Integer.parseInt(value(properties, "tgb.retry.max-redeliveries", "5")));
        retry.setRedeliveryDelay(Long.parseLong(value(properties, "tgb.retry.initial-delay-ms", "500")));
        retry.setMaximumRedeliveryDelay(Long.parseLong(value(properties, "tgb.retry.max-delay-ms", "30000")));
        retry.setUseExponentialBackOff(true);
        retry.setBackOffMultiplier(2);
        retry.setUseCollisionAvoidance(true);
        retry.setCollisionAvoidanceFactor(0.25);
        retry.setAsyncDelayedRedelivery(true);
        retry.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        retry.setLogExhausted(false);
        bind(context, "intakeRedeliveryPolicy", retry);
        // circuit per system and retry budget per route: a system that is down makes its work wait, not dead-letter
        TargetCircuits circuits = new TargetCircuits(Map.of(
                "servicenow", List.of(value(properties, "tgb.servicenow.base-url", "")),
                "workflow", List.of(value(properties, "tgb.workflow.base-url", ""), value(properties, "tgb.workflow.token-url", "")),
                "community", List.of(value(properties, "tgb.community.base-url", ""), value(properties, "tgb.community.token-url", ""))),
                TargetCircuits.config(
                        Integer.parseInt(value(properties, "tgb.circuit.window", "50")),
                        Integer.parseInt(value(properties, "tgb.circuit.minimum-calls", "20")),
                        Float.parseFloat(value(properties, "tgb.circuit.failure-rate-percent", "50")),
                        Long.parseLong(value(properties, "tgb.circuit.open-wait-ms", "30000")),
                        Integer.parseInt(value(properties, "tgb.circuit.probes", "3"))),
                audit);
        if (Boolean.parseBoolean(value(properties, "tgb.circuit.enabled", "true"))) {
            context.getManagementStrategy().addEventNotifier(circuits);
        }
        bind(context, "targetCircuits", circuits);
        RetryBudget budget = new RetryBudget(Integer.parseInt(value(properties, "tgb.retry.budget-burst", "200")),
                Double.parseDouble(value(properties, "tgb.retry.budget-per-second", "20")));
        bind(context, "retryBudget", budget);
        bind(context, "retryDecision", new RetryDecision(retry.getMaximumRedeliveries(),
                Integer.parseInt(value(properties, "tgb.retry.max-total-redeliveries", String.valueOf(10 * retry.getMaximumRedeliveries()))),
                circuits, budget));
        bind(context, "retryAfter", new RetryAfter(java.time.Duration.ofMillis(Long.parseLong(value(properties, "tgb.retry.max-retry-after-ms", "300000")))));

        // idempotent consumers, one key space each
        bind(context, "intakeRepository", repository(dataSource, "thread-intake"));
        bind(context, "webhookRepository", repository(dataSource, "community-webhook"));
        bind(context, "attachmentRepository", repository(dataSource, "record-attachments"));
        bind(context, "linkedRepository", repository(dataSource, "linked-thread-items"));
        bind(context, "subscriptionRepository", repository(dataSource, "community-subscriptions"));
        bind(context, "publishedRepository", repository(dataSource, "published-to-partner"));

        // rules users edit
        Path config = Path.of(configDir);
        ThreadClassifier classifier = new ThreadClassifier(ClassificationRules.load(config.resolve("classification-rules.yaml")));
        RoutingTable table = RoutingTable.load(config.resolve("routing-table.yaml"));
        ThreadRouting threadRouting = new ThreadRouting(classifier, table);
        bind(context, "threadRouting", threadRouting);
        StatusMaps statusMaps = StatusMaps.load(config.resolve("status-maps.yaml"));

        // the three systems
        ProducerTemplate template = context.createProducerTemplate();
        DeadLetterReplayer replayer = new DeadLetterReplayer(deadLetters, template);
        bind(context, "deadLetterReplayer", replayer);
        bind(context, "waitingWork", new WaitingWork(deadLetters, replayer, circuits,
                Integer.parseInt(value(properties, "tgb.circuit.resume-batch", "500")),
                java.time.Duration.ofMillis(Long.parseLong(value(properties, "tgb.circuit.resume-after-ms", "10000"))),
                java.time.Duration.ofHours(Long.parseLong(value(properties, "tgb.circuit.max-wait-hours", "24"))),
                Boolean.parseBoolean(value(properties, "tgb.circuit.resume-enabled", "true"))));
        String snAuth = value(properties, "tgb.servicenow.auth", "oauth");
        TokenRequests tokenRequests = new TokenRequests(
                TokenRequests.clientCredentials(value(properties, "tgb.community.client-id", ""), value(properties, "tgb.community.client-secret", "")),
                TokenRequests.password(value(properties, "tgb.servicenow.client-id", ""), value(properties, "tgb.servicenow.client-secret", ""),
                        value(properties, "tgb.servicenow.username", ""), value(properties, "tgb.servicenow.password", "")),
                TokenRequests.clientCredentials(value(properties, "tgb.workflow.client-id", ""), value(properties, "tgb.workflow.client-secret", "")));
        bind(context, "tokenRequests", tokenRequests);
        bind(context, "authorizationRefresher", new AuthorizationRefresher(
                new OAuthTokenCache("community", tokenFetch(template, "direct:community-token")),
                new OAuthTokenCache("servicenow", tokenFetch(template, "direct:servicenow-token")),
                new OAuthTokenCache("workflow", tokenFetch(template, "direct:workflow-token")),
                "basic".equalsIgnoreCase(snAuth)
                        ? value(properties, "tgb.servicenow.username", "") + ":" + value(properties, "tgb.servicenow.password", "")
                        : null));
        ServiceNowReferences references = new ServiceNowReferences(template);
        bind(context, "serviceNowReferences", references);
        bind(context, "serviceNowCaseMapper", new ServiceNowCaseMapper(references, value(properties, "tgb.community.ui-url", "")));
        bind(context, "workflowProcessMapper", new WorkflowProcessMapper());

        // intake: the threads of a page are taken in side by side by this many workers
        int workers = Integer.parseInt(value(properties, "tgb.community.intake-concurrency", "4"));
        bind(context, "intakeWorkers", context.getExecutorServiceManager().newFixedThreadPool(this, "thread-intake", workers));
        bind(context, "threadIntake", new ThreadIntake(Origin.SYSTEM, java.util.Set.of(
                value(properties, "tgb.community.intake-statuses", "OPEN,IN_PROGRESS,AWAITING_PARTNER").split("\\s*,\\s*"))));
        bind(context, "threadPoller", new ThreadPoller(watermarks,
                Integer.parseInt(value(properties, "tgb.community.page-size", "100")),
                value(properties, "tgb.community.initial-watermark", "")));
        String webhookSecret = value(properties, "tgb.community.webhook-secret", "");
        if (!webhookSecret.isBlank()) {
            bind(context, "webhookReceiver", new WebhookReceiver(new WebhookSignature(webhookSecret), Origin.SYSTEM));
        } else {
            bind(context, "webhookReceiver", new WebhookReceiver(null, Origin.SYSTEM));
        }
        bind(context, "webhookSubscription", new WebhookSubscription(value(properties, "tgb.community.webhook-public-url", ""), webhookSecret));
        bind(context, "documentEnricher", new DocumentEnricher(new AttachmentPolicy(
                Long.parseLong(value(properties, "tgb.attachments.max-bytes", "26214400")),
                value(properties, "tgb.attachments.allowed-types", "pdf:application/pdf")), audit));
        PartnerNotices notices = new PartnerNotices(Origin.SYSTEM, value(properties, "tgb.partner-text.record-opened",
                "Received: {reference} opened with {team}."));
        bind(context, "partnerNotices", notices);
        bind(context, "linkedThreadUpdates", new LinkedThreadUpdates(Origin.SYSTEM, references,
                value(properties, "tgb.servicenow.document-request-team", "Document Control")));

        // back to the partner
        StatusPublisher publisher = new StatusPublisher(links, audit, threadRouting, notices);
        bind(context, "statusPublisher", publisher);
        ServiceNowStatusSync serviceNowStatus = new ServiceNowStatusSync(links, watermarks, publisher, statusMaps,
                value(properties, "tgb.servicenow.username", ""));
        bind(context, "serviceNowStatusSync", serviceNowStatus);
        WorkflowStatusSync workflowStatus = new WorkflowStatusSync(links, publisher, statusMaps);
        bind(context, "workflowStatusSync", workflowStatus);
        bind(context, "serviceNowNotifications", new ServiceNowNotifications(value(properties, "tgb.servicenow.notification-token", "")));
        bind(context, "partnerFiles", new PartnerFiles(value(properties, "tgb.servicenow.partner-file-prefix", "partner_"),
                value(properties, "tgb.servicenow.username", ""), publisher, audit));
        bind(context, "complianceWatch", new ComplianceWatch(Integer.parseInt(value(properties, "tgb.compliance.renewal-window-days", "30")),
                value(properties, "tgb.compliance.review-team", "Compliance"), audit, java.time.Clock.systemUTC()));
        bind(context, "onboardingSync", new OnboardingSync(watermarks, audit));
        bind(context, "partnerProvisioning", new PartnerProvisioning(watermarks, audit));
        String knowledgeCommunities = value(properties, "tgb.knowledge.community-ids", value(properties, "tgb.community.community-ids", ""));
        bind(context, "knowledgePublisher", new KnowledgePublisher(value(properties, "tgb.knowledge.knowledge-base", "Partner Self-Service"),
                java.util.Arrays.stream(knowledgeCommunities.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList(),
                watermarks, audit));

        RulesReloader reloader = new RulesReloader(config, Path.of(routesDir), dataSource, audit, threadRouting, serviceNowStatus, workflowStatus,
                new RouteSwap(context));
        bind(context, "rulesReloader", reloader);

        // two HTTP servers: platform-http consumers on the business port, admin-http (the admin API) on the management port
        PortBoundEngine businessEngine = new PortBoundEngine(Integer.parseInt(value(properties, "camel.server.port", "8080")), "camel.server");
        businessEngine.setCamelContext(context);
        context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(businessEngine);
        PortBoundEngine adminEngine = new PortBoundEngine(Integer.parseInt(value(properties, "camel.management.port", "9876")), "camel.management");
        adminEngine.setCamelContext(context);
        PlatformHttpComponent adminHttp = new PlatformHttpComponent();
        adminHttp.setEngine(adminEngine);
        context.addComponent("admin-http", adminHttp);
        bind(context, "adminAccess", new AdminAccess(value(properties, "tgb.admin.token", "")));
        bind(context, "adminApi", new AdminApi(deadLetters, replayer, circuits, budget, reloader));
        bind(context, "adminErrors", new AdminErrors());

        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                EndpointsSummary.log(ctx);
                reloader.started();
            }
        });
    }

    private static ConfirmedIdempotentRepository repository(DataSource dataSource, String processorName) {
        JdbcMessageIdRepository store = new JdbcMessageIdRepository(dataSource, processorName);
        // the table comes from the Flyway migration, with the primary key that makes concurrent inserts safe
        store.setCreateTableIfNotExists(false);
        // keys reach the store only when the work is done, so a crash never marks unfinished work as done
        return new ConfirmedIdempotentRepository(store);
    }

    private static Supplier<JsonNode> tokenFetch(ProducerTemplate template, String route) {
        return () -> template.requestBody(route, (Object) null, JsonNode.class);
    }

    private static String value(PropertiesComponent properties, String key, String defaultValue) {
        return properties.resolveProperty(key).filter(v -> !v.isBlank()).orElse(defaultValue);
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }
}
