package io.tradinggrid.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.CommunityEmulator;
import io.tradinggrid.emulator.community.SeedSummary;
import io.tradinggrid.emulator.servicenow.ServiceNowEmulator;
import io.tradinggrid.emulator.workflow.WorkflowEmulator;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three emulators on loopback with fresh random credentials, optionally seeded, and the properties that wire
 * the bridge to them. Closing it stops the emulators.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final SandboxSettings settings;
    private final Vertx vertx = Vertx.vertx();
    private final EmulatorCredentials serviceNowCredentials = EmulatorCredentials.random("servicenow");
    private final EmulatorCredentials workflowCredentials = EmulatorCredentials.random("workflow");
    private final EmulatorCredentials communityCredentials = EmulatorCredentials.random("community");
    private final EmulatorCredentials operator = EmulatorCredentials.random("operator");
    private final String webhookSecret = EmulatorCredentials.random("webhook").clientSecret();
    private final String notificationToken = EmulatorCredentials.random("notify").clientSecret();
    private final String adminToken = EmulatorCredentials.random("admin").clientSecret();
    private final List<String> communityIds = new ArrayList<>();
    private ServiceNowEmulator serviceNow;
    private WorkflowEmulator workflow;
    private CommunityEmulator community;
    private boolean closed;
    private SeedSummary seed;

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    public static Sandbox start(SandboxSettings settings, boolean seed) {
        Sandbox sandbox = new Sandbox(settings);
        try {
            sandbox.forgetPreviousRun();
            sandbox.startEmulators(seed);
            sandbox.writeEndpoints();
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /** The emulators start empty, so the bridge's store of an earlier sandbox run would point at records that are gone. */
    private void forgetPreviousRun() {
        for (String file : new String[] {"bridge.mv.db", "bridge.trace.db", "bridge.lock.db", "endpoints.json"}) {
            try {
                Files.deleteIfExists(settings.dataDir().resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot clear " + settings.dataDir() + " (is another sandbox running?)", e);
            }
        }
    }

    private void startEmulators(boolean seedData) {
        serviceNow = new ServiceNowEmulator(settings.host(), settings.serviceNowPort(), vertx, serviceNowCredentials);
        serviceNow.addAccount("admin", operator.password());
        serviceNow.start();
        workflow = new WorkflowEmulator(settings.host(), settings.workflowPort(), vertx, workflowCredentials);
        workflow.addAccount("operator", operator.password());
        workflow.start();
        community = new CommunityEmulator(settings.host(), settings.communityPort(), vertx, communityCredentials);
        community.start();
        if (seedData) {
            serviceNow.seedSandbox();
            // the emulated business rule tells the bridge about changes, as a customer's instance would be set up to
            // with the token in a header, as a RESTMessageV2 with a credential sends it: never in the URL
            serviceNow.addWebhook(serviceNowNotificationUrl(), List.of("incident", "sn_customerservice_case", "sc_task"),
                    serviceNowNotificationHeaders());
            seed = community.seedSandbox();
            communityIds.addAll(seed.communityIds());
            LOG.info("Seeded the sandbox: communities {}, {} partners, {} threads, {} posts, {} files, {} onboarding requests, {} compliance documents",
                    communityIds, seed.partnerIds().size(), seed.threads(), seed.posts(), seed.attachments(),
                    seed.onboardingRequests(), seed.complianceDocuments());
        }
    }

    /** Empties all three emulators and seeds them again (tests, and a fresh start of the sandbox data). */
    public void reseed() {
        community.reset();
        workflow.reset();
        serviceNow.reset();
        serviceNow.seedSandbox();
        communityIds.clear();
        seed = community.seedSandbox();
        communityIds.addAll(seed.communityIds());
    }

    /** Properties that point the bridge at the emulators (they win over config/application.properties). */
    public Map<String, String> bridgeProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tgb.store.url", "jdbc:h2:file:" + settings.dataDir().toAbsolutePath().resolve("bridge"));
        p.put("tgb.community.base-url", communityBaseUrl());
        p.put("tgb.community.token-url", communityTokenUrl());
        p.put("tgb.community.tenant-id", communityCredentials.tenantId());
        p.put("tgb.community.client-id", communityCredentials.clientId());
        p.put("tgb.community.client-secret", communityCredentials.clientSecret());
        p.put("tgb.community.community-ids", String.join(",", communityIds));
        p.put("tgb.community.webhook-secret", webhookSecret);
        p.put("tgb.community.webhook-public-url", webhookUrl());
        p.put("tgb.servicenow.base-url", serviceNow.baseUrl());
        p.put("tgb.servicenow.notification-token", notificationToken);
        p.put("tgb.admin.token", adminToken);
        p.put("tgb.cli.admin-url", adminUrl());
        p.put("tgb.servicenow.auth", "oauth");
        p.put("tgb.servicenow.username", serviceNowCredentials.username());
        p.put("tgb.servicenow.password", serviceNowCredentials.password());
        p.put("tgb.servicenow.client-id", serviceNowCredentials.clientId());
        p.put("tgb.servicenow.client-secret", serviceNowCredentials.clientSecret());
        p.put("tgb.workflow.base-url", workflowBaseUrl());
        p.put("tgb.workflow.token-url", workflow.baseUrl() + "/tenants/" + workflowCredentials.tenantId() + "/oauth2/token");
        p.put("tgb.workflow.tenant-id", workflowCredentials.tenantId());
        p.put("tgb.workflow.client-id", workflowCredentials.clientId());
        p.put("tgb.workflow.client-secret", workflowCredentials.clientSecret());
        p.put("camel.server.host", settings.host());
        return p;
    }

    public Path endpointsFile() {
        return settings.dataDir().resolve("endpoints.json");
    }

    public ServiceNowEmulator serviceNow() {
        return serviceNow;
    }

    public WorkflowEmulator workflow() {
        return workflow;
    }

    public CommunityEmulator community() {
        return community;
    }

    /** What the last seeding created (null with --no-seed). */
    public SeedSummary seed() {
        return seed;
    }

    /** Id of a seeded thread by its seed key, e.g. "S5-invoice-missing-tax". */
    public String threadId(String seedKey) {
        String id = seed == null ? null : seed.threadIdsByKey().get(seedKey);
        if (id == null) {
            throw new IllegalArgumentException("no seeded thread with key " + seedKey);
        }
        return id;
    }

    public List<String> communityIds() {
        return List.copyOf(communityIds);
    }

    public String webhookUrl() {
        return "http://" + settings.host() + ":" + settings.bridgePort() + settings.webhookPath();
    }

    public String serviceNowNotificationUrl() {
        return "http://" + settings.host() + ":" + settings.bridgePort() + "/webhooks/servicenow";
    }

    /** What the emulated business rule sends with each notification. */
    public Map<String, String> serviceNowNotificationHeaders() {
        return Map.of("Authorization", "Bearer " + notificationToken);
    }

    public String managementUrl() {
        return "http://" + settings.host() + ":" + settings.managementPort() + "/observe";
    }

    public String adminUrl() {
        return "http://" + settings.host() + ":" + settings.managementPort() + "/admin";
    }

    void announceReady(long startupMillis) {
        LOG.info("""

                ==================================================================================
                 Trading Grid Bridge sandbox is up ({} ms)
                   Active Community emulator  {}
                   ServiceNow emulator        {}   (operator: admin)
                   Workflow Service emulator  {}   (operator: operator)
                   Bridge webhook receiver    {}
                   Bridge health and metrics  {}/health  {}/metrics
                   Bridge admin API           {}   (bearer token: bridge.adminToken in the file below)
                 Credentials and ids: {}
                 Fault injection: PUT <emulator>/_emulator/faults   Stop: Ctrl-C
                ==================================================================================""",
                startupMillis, communityBaseUrl(), serviceNow.baseUrl(), workflowBaseUrl(), webhookUrl(),
                managementUrl(), managementUrl(), adminUrl(), endpointsFile().toAbsolutePath());
    }

    private String communityBaseUrl() {
        return community.baseUrl() + "/activecommunity/v1";
    }

    private String communityTokenUrl() {
        return community.baseUrl() + "/tenants/" + communityCredentials.tenantId() + "/oauth2/token";
    }

    private String workflowBaseUrl() {
        return workflow.baseUrl() + "/workflow/v1";
    }

    private void writeEndpoints() {
        ObjectNode root = Json.object();
        ObjectNode c = root.putObject("community");
        c.put("baseUrl", communityBaseUrl());
        c.put("tokenUrl", communityTokenUrl());
        c.put("tenantId", communityCredentials.tenantId());
        c.put("clientId", communityCredentials.clientId());
        c.put("clientSecret", communityCredentials.clientSecret());
        communityIds.forEach(c.putArray("communityIds")::add);
        c.put("adminUrl", community.adminUrl());
        ObjectNode s = root.putObject("servicenow");
        s.put("baseUrl", serviceNow.baseUrl());
        s.put("username", serviceNowCredentials.username());
        s.put("password", serviceNowCredentials.password());
        s.put("tokenUrl", serviceNow.baseUrl() + "/oauth_token.do");
        s.put("clientId", serviceNowCredentials.clientId());
        s.put("clientSecret", serviceNowCredentials.clientSecret());
        s.put("adminUrl", serviceNow.adminUrl());
        s.putObject("operator").put("username", "admin").put("password", operator.password());
        ObjectNode w = root.putObject("workflow");
        w.put("baseUrl", workflowBaseUrl());
        w.put("tokenUrl", workflow.baseUrl() + "/tenants/" + workflowCredentials.tenantId() + "/oauth2/token");
        w.put("tenantId", workflowCredentials.tenantId());
        w.put("clientId", workflowCredentials.clientId());
        w.put("clientSecret", workflowCredentials.clientSecret());
        w.put("adminUrl", workflow.adminUrl());
        w.putObject("operator").put("username", "operator").put("password", operator.password());
        ObjectNode b = root.putObject("bridge");
        b.put("webhookUrl", webhookUrl());
        b.put("webhookSecret", webhookSecret);
        b.put("managementUrl", managementUrl());
        b.put("adminUrl", adminUrl());
        b.put("adminToken", adminToken);
        // what a command run beside the sandbox needs to reach the same emulators and store (--sandbox)
        ObjectNode wiring = b.putObject("properties");
        bridgeProperties().forEach((k, v) -> {
            if (k.startsWith("tgb.")) {
                wiring.put(k, v);
            }
        });
        try {
            Files.createDirectories(settings.dataDir());
            Path tmp = Files.createTempFile(settings.dataDir(), "endpoints", ".tmp");
            restrictToOwner(tmp);
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            // readers (scripts, tests) never see a half-written file
            Files.move(tmp, endpointsFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + endpointsFile(), e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the file keeps the folder's default permissions
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable emulator : new AutoCloseable[] {community, workflow, serviceNow}) {
            if (emulator != null) {
                try {
                    emulator.close();
                } catch (Exception e) {
                    LOG.warn("Emulator did not stop cleanly: {}", e.getMessage());
                }
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Sandbox Vert.x did not stop cleanly: {}", e.getMessage());
        }
        try {
            Files.deleteIfExists(endpointsFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", endpointsFile(), e.getMessage());
        }
        LOG.info("Sandbox stopped");
    }
}
