package io.tradinggrid.bridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Supplier;
import io.tradinggrid.bridge.flow.PageItems;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;

/**
 * How the bridge calls the three systems: their tokens, the Authorization header, the bookkeeping of each call, and how
 * long a Retry-After may hold a call.
 */
public class HttpConfiguration implements CamelConfiguration {

    @BindToRegistry("tokenRequests")
    public TokenRequests tokenRequests(@PropertyInject("tgb.community.client-id") String communityClientId,
            @PropertyInject("tgb.community.client-secret") String communityClientSecret,
            @PropertyInject("tgb.servicenow.client-id") String serviceNowClientId,
            @PropertyInject("tgb.servicenow.client-secret") String serviceNowClientSecret,
            @PropertyInject("tgb.servicenow.username") String serviceNowUsername,
            @PropertyInject("tgb.servicenow.password") String serviceNowPassword,
            @PropertyInject("tgb.workflow.client-id") String workflowClientId,
            @PropertyInject("tgb.workflow.client-secret") String workflowClientSecret) {
        return new TokenRequests(
                TokenRequests.clientCredentials(communityClientId, communityClientSecret),
                TokenRequests.password(serviceNowClientId, serviceNowClientSecret, serviceNowUsername, serviceNowPassword),
                TokenRequests.clientCredentials(workflowClientId, workflowClientSecret));
    }

    @BindToRegistry("authorizationRefresher")
    public AuthorizationRefresher authorizationRefresher(CamelContext context, @PropertyInject("tgb.servicenow.auth") String serviceNowAuth,
            @PropertyInject("tgb.servicenow.username") String serviceNowUsername,
            @PropertyInject("tgb.servicenow.password") String serviceNowPassword) {
        ProducerTemplate template = context.createProducerTemplate();
        // with basic authentication ServiceNow gets the integration user's credentials on every call and no token
        String serviceNowBasic = "basic".equalsIgnoreCase(serviceNowAuth) ? serviceNowUsername + ":" + serviceNowPassword : null;
        return new AuthorizationRefresher(
                new OAuthTokenCache("community", tokenFetch(template, "direct:community-token")),
                new OAuthTokenCache("servicenow", tokenFetch(template, "direct:servicenow-token")),
                new OAuthTokenCache("workflow", tokenFetch(template, "direct:workflow-token")),
                serviceNowBasic);
    }

    /** Token, circuit and failure kind of every call of the system API routes (routes/system-api.camel.yaml). */
    @BindToRegistry("systemCalls")
    public SystemCalls systemCalls(@BeanInject("authorizationRefresher") AuthorizationRefresher authorization,
            @BeanInject("targetCircuits") TargetCircuits circuits) {
        return new SystemCalls(authorization, circuits);
    }

    /** Before each call of a system API route: only the headers the call site set for it survive. */
    @BindToRegistry("systemRequest")
    public Processor systemRequest() {
        return SystemRequest.prepare();
    }

    /** After each call of a system API route: none of its headers ride on to the next call. */
    @BindToRegistry("systemRequestDone")
    public Processor systemRequestDone() {
        return SystemRequest.done();
    }

    /** Hands each page of a walk to its cursor (routes/paged-walk.camel.yaml). */
    @BindToRegistry("pageItems")
    public PageItems pageItems() {
        return new PageItems();
    }

    @BindToRegistry("retryAfter")
    public RetryAfter retryAfter(@PropertyInject("tgb.retry.max-retry-after-ms") long maxRetryAfterMs) {
        return new RetryAfter(Duration.ofMillis(maxRetryAfterMs));
    }

    private static Supplier<JsonNode> tokenFetch(ProducerTemplate template, String route) {
        return () -> template.requestBody(route, (Object) null, JsonNode.class);
    }
}
