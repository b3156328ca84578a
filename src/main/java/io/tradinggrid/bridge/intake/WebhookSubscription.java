package io.tradinggrid.bridge.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of POST /subscriptions that registers the bridge's webhook receiver with the community. The subscription
 * is one per callback URL and secret: it carries a fingerprint of the secret (a truncated HMAC, from which the secret
 * cannot be had), and the bridge remembers what it registered under URL and fingerprint, so a rotated secret
 * registers again, which replaces the community's subscription of that URL.
 */
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
        body.put("secretFingerprint", fingerprint());
        return body;
    }

    /** What the bridge remembers of a subscription it made: the URL and which secret it registered there. */
    public String key() {
        return callbackUrl + "#" + fingerprint();
    }

    /** The first 16 hex digits of HMAC-SHA256(secret, a constant): tells secrets apart, gives none away. */
    public String fingerprint() {
        return fingerprint(secret);
    }

    public static String fingerprint(String secret) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal("tradinggrid-bridge webhook secret fingerprint".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot compute the webhook secret fingerprint", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSubscription[" + callbackUrl + ", secret " + (secret == null || secret.isEmpty() ? "none" : fingerprint()) + "]";
    }
}
