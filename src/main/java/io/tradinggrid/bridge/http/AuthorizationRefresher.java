package io.tradinggrid.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Authorization header of each system: Basic for ServiceNow when so configured, else the system's OAuth token,
 * fetched by its token cache and dropped when the system refuses it (401), so the next call fetches a new one.
 */
public class AuthorizationRefresher {

    private final OAuthTokenCache community;
    private final OAuthTokenCache serviceNow;
    private final OAuthTokenCache workflow;
    private final String serviceNowBasic;

    /** @param serviceNowBasic "user:password" when ServiceNow uses Basic auth, else null (OAuth) */
    public AuthorizationRefresher(OAuthTokenCache community, OAuthTokenCache serviceNow, OAuthTokenCache workflow, String serviceNowBasic) {
        this.community = community;
        this.serviceNow = serviceNow;
        this.workflow = workflow;
        this.serviceNowBasic = serviceNowBasic == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(serviceNowBasic.getBytes(StandardCharsets.UTF_8));
    }

    public String community() {
        return community.header();
    }

    public String serviceNow() {
        return serviceNowBasic != null ? serviceNowBasic : serviceNow.header();
    }

    public String workflow() {
        return workflow.header();
    }

    /** The Authorization header of a call to the system (servicenow, workflow or community). */
    public String header(String system) {
        return switch (system) {
            case "community" -> community();
            case "servicenow" -> serviceNow();
            case "workflow" -> workflow();
            default -> throw new IllegalArgumentException("no such system: " + system);
        };
    }

    /** The system refused the token (401): forget it, so the next call fetches a new one. */
    public void refused(String system) {
        switch (system) {
            case "community" -> community.invalidate();
            case "servicenow" -> serviceNow.invalidate();
            case "workflow" -> workflow.invalidate();
            default -> throw new IllegalArgumentException("no such system: " + system);
        }
    }
}
