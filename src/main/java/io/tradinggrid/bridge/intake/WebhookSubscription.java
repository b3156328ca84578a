package io.tradinggrid.bridge.intake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of POST /subscriptions that registers the bridge's webhook receiver with the community. */
public class WebhookSubscription {

    static final List<String> EVENTS = List.of("thread.created", "thread.updated", "post.created", "attachment.added",
            "onboarding.submitted", "onboarding.updated", "compliance_document.submitted");

    private final String callbackUrl;
    private final String secret;

    public WebhookSubscription(String callbackUrl, String secret) {
        this.callbackUrl = callbackUrl;
        this.secret = secret;
    }

    public Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callbackUrl", callbackUrl);
        body.put("events", EVENTS);
        body.put("secret", secret);
        return body;
    }

    @Override
    public String toString() {
        return "WebhookSubscription[" + callbackUrl + "]";
    }
}
