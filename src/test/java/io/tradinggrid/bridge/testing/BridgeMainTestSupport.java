package io.tradinggrid.bridge.testing;

import java.net.ServerSocket;
import io.tradinggrid.bridge.BridgeConfigurations;
import io.tradinggrid.bridge.http.AuthorizationRefresher;
import io.tradinggrid.bridge.resilience.ResilienceResets;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.intake.WebhookHealthCheck;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.store.ConfirmedIdempotentRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.main.MainConfigurationProperties;
import org.awaitility.Awaitility;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Runs the real bridge (config/application.properties, routes/*.camel.yaml, BridgeConfigurations) in a test, with a
 * fresh H2 store per test class and the schedules off unless a test turns them on.
 * <p>
 * Camel's test support boots one bridge per test method by default. A class that runs with
 * {@code @TestInstance(PER_CLASS)} boots it once and calls {@link #resetBridge()} between tests instead.
 */
public abstract class BridgeMainTestSupport extends CamelMainTestSupport {

    // created on first use: CamelTestSupport calls configureContext from its constructor, before field initialisers run
    private Path storeDir;

    protected Path storeDir() {
        if (storeDir == null) {
            try {
                storeDir = Files.createTempDirectory("tgb-test-store");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return storeDir;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        BridgeConfigurations.addTo(configuration);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties overrides = new Properties();
        overrides.setProperty("tgb.store.url", "jdbc:h2:file:" + storeDir().resolve("bridge"));
        // the webhook receiver listens on the business port
        overrides.setProperty("camel.server.port", String.valueOf(webhookPort()));
        // the management server carries the admin API; each test context gets its own free port
        overrides.setProperty("camel.management.port", String.valueOf(managementPort()));
        overrides.setProperty("tgb.admin.token", ADMIN_TOKEN);
        // polls run when a test asks for them, not by the clock; a test that needs a schedule turns them on
        overrides.setProperty("tgb.schedules.enabled", "false");
        overrides.putAll(overrides());
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    private int webhookPort;
    private int managementPort;

    /** The admin API's bearer token in tests. */
    protected static final String ADMIN_TOKEN = "test-admin-token-7f3a";

    /** A free port for the management server (health, metrics, admin API), picked once per test instance. */
    protected int managementPort() {
        if (managementPort == 0) {
            managementPort = freePort();
        }
        return managementPort;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port for the bridge's webhook receiver, picked once per test instance. */
    protected int webhookPort() {
        if (webhookPort == 0) {
            webhookPort = freePort();
        }
        return webhookPort;
    }

    private static final String WAITING_WORK_ROUTE = "waiting-work";

    /** The store's data tables, emptied between tests; the Flyway history and the applied rule versions stay. */
    static final List<String> DATA_TABLES = List.of("camel_messageprocessed", "thread_link", "poll_watermark", "dead_letter", "thread_seen", "routing_correction",
            "audit_event");

    /**
     * Puts a running bridge back to how a fresh start leaves it, without restarting it: waits until no message is in
     * flight (redeliveries and resumed waiting work included), runs {@code whileIdle} (e.g. reseeding the emulators),
     * then empties the store's data tables and forgets what the bridge keeps in memory between messages (ServiceNow
     * sys_ids, OAuth tokens, circuit states, retry budgets, in-flight idempotency keys). Rule and route versions are
     * left alone: tests that edit them boot a bridge per test.
     */
    protected void resetBridge(Runnable whileIdle) throws Exception {
        // the schedule that resumes waiting work starts messages by itself: it waits meanwhile, or it could replay the
        // previous test's waiting work into this test
        boolean resuming = context.getRouteController().getRouteStatus(WAITING_WORK_ROUTE).isStarted();
        context.getRouteController().stopRoute(WAITING_WORK_ROUTE);
        try {
            awaitIdle();
            whileIdle.run();
            forgetState();
        } finally {
            if (resuming) {
                context.getRouteController().startRoute(WAITING_WORK_ROUTE);
            }
        }
    }

    /** Waits until no message is in flight in the bridge. */
    protected void awaitIdle() {
        Awaitility.await("the bridge to finish the messages in flight").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(() -> context.getInflightRepository().size() == 0);
    }

    /**
     * Lets a shared bridge finish what it is doing before Camel stops it, so none of its work still calls the shared
     * emulators while the next test class runs (a stop that times out leaves such work running on its threads).
     */
    protected void quietBridge() {
        if (context == null || !context.getStatus().isStarted()) {
            return;
        }
        try {
            // nothing new comes in: no kept webhook event is taken, no delivery received, no waiting work resumed
            for (String route : new String[] {"webhook-inbox", "community-webhook", WAITING_WORK_ROUTE}) {
                if (context.getRoute(route) != null) {
                    context.getRouteController().stopRoute(route);
                }
            }
            awaitIdle();
        } catch (Exception | AssertionError e) {
            org.slf4j.LoggerFactory.getLogger(getClass()).warn("The bridge of {} did not finish its work before it stops: {}",
                    getClass().getSimpleName(), e.toString());
        }
    }

    private void forgetState() throws Exception {
        bean("serviceNowReferences", ServiceNowReferences.class).forget();
        AuthorizationRefresher authorization = bean("authorizationRefresher", AuthorizationRefresher.class);
        for (String system : List.of("community", "servicenow", "workflow")) {
            authorization.refused(system);
        }
        ResilienceResets.closeAll(bean("targetCircuits", TargetCircuits.class));
        // unauthorized webhook deliveries in a row are counted in memory: a fresh start counts from zero
        context.getRegistry().findByType(WebhookHealthCheck.class).forEach(WebhookHealthCheck::authorized);
        ResilienceResets.refill(bean("retryBudget", RetryBudget.class));
        context.getRegistry().findByType(ConfirmedIdempotentRepository.class).forEach(ConfirmedIdempotentRepository::clear);
        try (Connection c = bean("bridgeDataSource", DataSource.class).getConnection(); Statement st = c.createStatement()) {
            for (String table : DATA_TABLES) {
                st.execute("TRUNCATE TABLE " + table + " RESTART IDENTITY");
            }
        }
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " in the bridge");
        }
        return bean;
    }

    /** Extra properties for this test class. */
    protected Properties overrides() {
        return new Properties();
    }
}
