package io.tradinggrid.bridge.admin;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once at start-up, which systems the bridge talks to. Names URLs and users, never a secret. */
public final class EndpointsSummary {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointsSummary.class);

    private EndpointsSummary() {
    }

    public static void log(CamelContext context) {
        LOG.info("Active Community: {} (tenant {}, client {}, communities {})",
                value(context, "tgb.community.base-url"), value(context, "tgb.community.tenant-id"),
                value(context, "tgb.community.client-id"), value(context, "tgb.community.community-ids"));
        LOG.info("ServiceNow:       {} ({} auth as {}){}", value(context, "tgb.servicenow.base-url"),
                value(context, "tgb.servicenow.auth"), value(context, "tgb.servicenow.username"),
                enabled(context, "tgb.servicenow.enabled"));
        LOG.info("Workflow Service: {} (tenant {}, client {}){}", value(context, "tgb.workflow.base-url"),
                value(context, "tgb.workflow.tenant-id"), value(context, "tgb.workflow.client-id"),
                enabled(context, "tgb.workflow.enabled"));
        if (Boolean.parseBoolean(value(context, "camel.server.enabled"))) {
            LOG.info("Webhook receiver: http://{}:{}{}", value(context, "camel.server.host"),
                    value(context, "camel.server.port"), value(context, "tgb.community.webhook-path"));
        }
        if (Boolean.parseBoolean(value(context, "camel.management.enabled"))) {
            LOG.info("Management:       http://{}:{}/observe/health", value(context, "camel.management.host"),
                    value(context, "camel.management.port"));
        }
    }

    private static String enabled(CamelContext context, String key) {
        return "false".equalsIgnoreCase(value(context, key)) ? " - disabled" : "";
    }

    private static String value(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank()).orElse("(not set)");
    }
}
