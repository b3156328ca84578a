package io.tradinggrid.bridge.testing;

import io.tradinggrid.bridge.cli.BridgeCli;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The real bridge against freshly seeded emulators; each test starts from the same community.
 * <p>
 * One bridge per test class: booting one (some 60 routes, H2 and Flyway, two HTTP servers) costs more than most tests.
 * Before each test the emulators are reseeded and the bridge is reset to how a fresh start leaves it
 * ({@link #resetBridge()}), and its webhook subscription is made again, as at a start. A class whose tests change
 * what a reset cannot put back (rule or route files) says {@code @TestInstance(PER_METHOD)} and gets a bridge per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ForwardPathTestSupport extends BridgeMainTestSupport {

    private static final String SUBSCRIPTION_ROUTE = "community-webhook-subscription";

    protected EmulatorClients clients;

    @BeforeAll
    static void emulators() {
        SandboxExtension.sandbox();
    }

    @BeforeEach
    void freshCommunity() throws Exception {
        running = this;
        // what the previous test left in flight ends first, against emulators without faults, so none of it reaches the
        // freshly seeded emulators; the reseed also drops their journals and webhook subscriptions
        clearFaults();
        resetBridge(SandboxExtension::reseed);
        subscribeAgain();
        clients = new EmulatorClients(sandbox().endpointsFile());
    }

    private void clearFaults() {
        sandbox().serviceNow().faults().apply(null);
        sandbox().workflow().faults().apply(null);
        sandbox().community().faults().apply(null);
    }

    /**
     * The reseed dropped the bridge's webhook subscription. The subscription route runs once, a second after it
     * starts; putting it in again makes it subscribe as a freshly started bridge does.
     */
    private void subscribeAgain() throws Exception {
        ModelCamelContext model = (ModelCamelContext) context;
        RouteDefinition subscription = model.getRouteDefinition(SUBSCRIPTION_ROUTE);
        if (subscription == null) {
            return;
        }
        model.removeRouteDefinition(subscription);
        model.addRouteDefinition(subscription);
    }

    /** The bridge of the class running now, for {@link #quietSharedBridge()}. */
    private static ForwardPathTestSupport running;

    /**
     * With one bridge per class, runs before Camel stops it (JUnit runs {@code @AfterAll} methods before the extensions'
     * callbacks). Static so that per-method classes inherit it too; their bridge is stopped already and left alone.
     */
    @AfterAll
    static void quietSharedBridge() {
        if (running != null) {
            running.clearFaults();
            running.quietBridge();
            // stopped here, before the next class reseeds the shared emulators: a bridge still running then took the
            // next class's new threads too (each bridge has its own store, so both made their dead letters and posts)
            if (running.context != null && running.context.getStatus().isStarted()) {
                running.context.stop();
            }
            running = null;
        }
    }

    protected Sandbox sandbox() {
        return SandboxExtension.sandbox();
    }

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        SandboxExtension.bridgeProperties().forEach((k, v) -> {
            // each test has its own store and admin token
            if (!k.equals("tgb.store.url") && !k.equals("tgb.admin.token")) {
                p.setProperty(k, v);
            }
        });
        p.setProperty("tgb.community.webhook-public-url", "http://127.0.0.1:" + webhookPort() + "/webhooks/community");
        // quick retries in tests; the defaults are in config/application.properties
        p.setProperty("tgb.retry.initial-delay-ms", "50");
        p.setProperty("tgb.retry.max-delay-ms", "200");
        // a tripped circuit probes again after half a second; waiting work is looked at five times a second
        p.setProperty("tgb.circuit.open-wait-ms", "500");
        p.setProperty("tgb.circuit.resume-interval-ms", "200");
        p.setProperty("tgb.circuit.resume-after-ms", "0");
        return p;
    }

    /** One poll of every seeded community, as the schedule would run it. */
    protected void pollAll() {
        for (String community : sandbox().communityIds()) {
            template.sendBody("direct:poll-community", community);
        }
    }

    /**
     * Runs a command of the bridge's command line (dlq, rules) in this JVM against this test's store and the shared
     * emulators, as an operator beside the running bridge would; returns what it printed, errors included.
     */
    protected String command(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("-D");
        all.add("tgb.store.url=jdbc:h2:file:" + storeDir().resolve("bridge"));
        SandboxExtension.bridgeProperties().forEach((k, v) -> {
            if (!k.equals("tgb.store.url")) {
                all.add("-D");
                all.add(k + "=" + v);
            }
        });
        all.add("-D");
        all.add("camel.main.name=cli-" + getClass().getSimpleName());
        cli.execute(all.toArray(String[]::new));
        return out.toString();
    }

    protected ThreadLinks links() {
        return context.getRegistry().lookupByNameAndType("threadLinks", ThreadLinks.class);
    }

    protected DeadLetterStore deadLetters() {
        return context.getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
    }
}
