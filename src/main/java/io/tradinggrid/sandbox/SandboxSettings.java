package io.tradinggrid.sandbox;

import io.tradinggrid.bridge.cli.ConfigValues;
import java.nio.file.Path;

/** Ports and folders of a sandbox run, from tgb.sandbox.* and the bridge's own server ports. */
public record SandboxSettings(String host, int serviceNowPort, int workflowPort, int communityPort, int bridgePort,
        int managementPort, String webhookPath, Path dataDir) {

    public static SandboxSettings from(ConfigValues config) {
        return new SandboxSettings("127.0.0.1",
                config.getInt("tgb.sandbox.servicenow-port", 18081),
                config.getInt("tgb.sandbox.workflow-port", 18082),
                config.getInt("tgb.sandbox.community-port", 18083),
                config.getInt("camel.server.port", 8080),
                config.getInt("camel.management.port", 9876),
                config.get("tgb.community.webhook-path", "/webhooks/community"),
                Path.of(config.get("tgb.sandbox.data-dir", "data/sandbox")));
    }
}
