package io.tradinggrid.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The Authorization header of each system, and the redelivery hook that refreshes it: the dead letter channel
 * resends the failed HTTP call with the same headers, so before a retry this drops a token the system refused (401)
 * and puts the current header on the message (routes name the system in exchange property httpSystem).
 */
public class AuthorizationRefresher implements Processor {

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

    @Override
    public void process(Exchange exchange) {
        String system = exchange.getProperty("httpSystem", String.class);
        if (system == null) {
            return;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        boolean refused = failure instanceof HttpOperationFailedException http && http.getStatusCode() == 401;
        switch (system) {
            case "community" -> {
                if (refused) {
                    community.invalidate();
                }
                exchange.getMessage().setHeader("Authorization", community());
            }
            case "servicenow" -> {
                if (refused) {
                    serviceNow.invalidate();
                }
                exchange.getMessage().setHeader("Authorization", serviceNow());
            }
            case "workflow" -> {
                if (refused) {
                    workflow.invalidate();
                }
                exchange.getMessage().setHeader("Authorization", workflow());
            }
            default -> {
                // not an HTTP step of ours
            }
        }
    }
}
