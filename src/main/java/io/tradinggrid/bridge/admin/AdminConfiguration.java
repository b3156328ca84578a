package io.tradinggrid.bridge.admin;

import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.rules.RulesReloader;
import io.tradinggrid.bridge.link.ThreadLinks;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The two HTTP servers - platform-http consumers (webhooks, notifications) on the business port, admin-http (the admin
 * API) on the management port - and the admin API itself.
 */
public class AdminConfiguration implements CamelConfiguration {

    @PropertyInject("camel.server.port")
    private int businessPort;
    @PropertyInject("camel.management.port")
    private int managementPort;
    @PropertyInject("tgb.admin.max-body-size")
    private long managementMaxBodySize;

    @BindToRegistry("adminAccess")
    public AdminAccess adminAccess(@PropertyInject("tgb.admin.token") String token, @PropertyInject("tgb.console.session-hours") int sessionHours) {
        return new AdminAccess(token, Duration.ofHours(sessionHours), Clock.systemUTC());
    }

    @BindToRegistry("adminApi")
    public AdminApi adminApi(@BeanInject("deadLetterStore") DeadLetterStore deadLetters,
            @BeanInject("deadLetterReplayer") DeadLetterReplayer replayer, @BeanInject("targetCircuits") TargetCircuits circuits,
            @BeanInject("retryBudget") RetryBudget budget, @BeanInject("rulesReloader") RulesReloader reloader,
            @BeanInject("threadLinks") ThreadLinks links) {
        return new AdminApi(deadLetters, replayer, circuits, budget, reloader, links);
    }

    @BindToRegistry("adminErrors")
    public AdminErrors adminErrors() {
        return new AdminErrors();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PortBoundEngine businessEngine = new PortBoundEngine(businessPort, "camel.server");
        businessEngine.setCamelContext(context);
        context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(businessEngine);
        PortBoundEngine adminEngine = new PortBoundEngine(managementPort, "camel.management");
        adminEngine.setCamelContext(context);
        PlatformHttpComponent adminHttp = new PlatformHttpComponent();
        adminHttp.setEngine(adminEngine);
        adminHttp.setHeaderFilterStrategy(new ManagementResponseHeaders());
        context.addComponent("admin-http", adminHttp);
        limitManagementBodies(context);

        RulesReloader reloader = context.getRegistry().lookupByNameAndType("rulesReloader", RulesReloader.class);
        context.addStartupListener((started, alreadyStarted) -> {
            if (!alreadyStarted) {
                EndpointsSummary.log(started);
                // the rules the bridge runs with become the first version a revert can go back to
                reloader.started();
            }
        });
    }

    /**
     * The management server takes bodies of any size unless told otherwise, and camel-main has no setting for it: the
     * limit is put on the server when camel-main adds it, before it starts (or now, if it was added already).
     */
    private void limitManagementBodies(CamelContext context) {
        ManagementHttpServer added = context.hasService(ManagementHttpServer.class);
        if (added != null) {
            added.setMaxBodySize(managementMaxBodySize);
        }
        context.getLifecycleStrategies().add(new LifecycleStrategySupport() {
            @Override
            public void onServiceAdd(CamelContext camelContext, Service service, Route route) {
                if (service instanceof ManagementHttpServer server) {
                    server.setMaxBodySize(managementMaxBodySize);
                }
            }
        });
    }
}
