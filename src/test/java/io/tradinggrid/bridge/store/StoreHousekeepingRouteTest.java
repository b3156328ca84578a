package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.testing.BridgeMainTestSupport;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

/** The store-housekeeping route, as shipped in routes/, purges through the bound bean. */
class StoreHousekeepingRouteTest extends BridgeMainTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Test
    void should_purge_the_store_when_the_schedule_fires() throws Exception {
        AdviceWith.adviceWith(context, "store-housekeeping", a -> a.replaceFromWith("direct:housekeeping"));
        context.start();
        // schedules are off in tests; this test fires the route itself
        context.getRouteController().startRoute("store-housekeeping");
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("store-housekeeping").whenCompleted(1).create();

        Object result = template.requestBody("direct:housekeeping", (Object) null);

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) result).keySet()).map(Object::toString)
                .containsExactly("camel_messageprocessed", "audit_event", "dead_letter");
    }
}
