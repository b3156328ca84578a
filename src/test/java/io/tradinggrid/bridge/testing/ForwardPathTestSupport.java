package io.tradinggrid.bridge.testing;

import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.sandbox.Sandbox;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The real bridge against freshly seeded emulators; each test starts from the same community. */
public abstract class ForwardPathTestSupport extends BridgeMainTestSupport {

    protected EmulatorClients clients;

    @BeforeAll
    static void emulators() {
        SandboxExtension.sandbox();
    }

    @BeforeEach
    void freshCommunity() {
        SandboxExtension.reseed();
        clients = new EmulatorClients(sandbox().endpointsFile());
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

    protected ThreadLinks links() {
        return context.getRegistry().lookupByNameAndType("threadLinks", ThreadLinks.class);
    }

    protected DeadLetterStore deadLetters() {
        return context.getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
    }
}
