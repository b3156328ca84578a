package io.tradinggrid.bridge.rules;

import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.status.ServiceNowStatusSync;
import io.tradinggrid.bridge.status.WorkflowStatusSync;
import io.tradinggrid.bridge.store.AuditTrail;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Rule and route edits applied to the running bridge: the reloader hands valid edits to the beans and routes they steer. */
public class RulesConfiguration implements CamelConfiguration {

    @BindToRegistry("rulesReloader")
    public RulesReloader rulesReloader(CamelContext context, @PropertyInject("tgb.config-dir") String configDir,
            @PropertyInject("tgb.routes-dir") String routesDir, @BeanInject("bridgeDataSource") DataSource dataSource,
            @BeanInject("auditTrail") AuditTrail audit, @BeanInject("threadRouting") ThreadRouting routing,
            @BeanInject("serviceNowStatusSync") ServiceNowStatusSync serviceNowStatus,
            @BeanInject("workflowStatusSync") WorkflowStatusSync workflowStatus) {
        return new RulesReloader(Path.of(configDir), Path.of(routesDir), dataSource, audit, routing, serviceNowStatus, workflowStatus,
                new RouteSwap(context));
    }
}
