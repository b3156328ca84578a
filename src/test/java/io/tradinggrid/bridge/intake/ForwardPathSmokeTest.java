package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.testing.BridgeMainTestSupport;
import io.tradinggrid.bridge.testing.SandboxExtension;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForwardPathSmokeTest extends BridgeMainTestSupport {

    @BeforeAll
    static void emulators() {
        SandboxExtension.sandbox();
    }

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        SandboxExtension.bridgeProperties().forEach((k, v) -> {
            if (!k.equals("tgb.store.url")) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    @Test
    void should_take_in_every_seeded_thread() {
        for (String community : SandboxExtension.sandbox().communityIds()) {
            template.sendBody("direct:poll-community", community);
        }
        List<ThreadLink> links = context.getRegistry().lookupByNameAndType("threadLinks", ThreadLinks.class).all();
        links.forEach(l -> System.out.println("LINK " + l));
        System.out.println("DLQ " + context.getRegistry().lookupByNameAndType("deadLetterStore", io.tradinggrid.bridge.deadletter.DeadLetterStore.class).countByStatus("new"));
        assertThat(links).isNotEmpty();
    }
}
