package io.tradinggrid.bridge.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-TG-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>} as the Active
 * Community contract defines it: a bad signature, or a timestamp more than 300 s from our clock, is refused.
 */
public class WebhookSignature {

    public static final long TOLERANCE_SECONDS = 300;

    private final byte[] secret;
    private final Clock clock;

    public WebhookSignature(String secret) {
        this(secret, Clock.systemUTC());
    }

    public WebhookSignature(String secret, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("tgb.community.webhook-secret must be set (at least 16 characters) to receive webhooks");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Null when the signature is good, else the reason it is not (never echoing the expected value). */
    public String problem(String header, byte[] rawBody) {
        if (header == null || header.isBlank()) {
            return "missing X-TG-Signature header";
        }
        Long timestamp = null;
        String given = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return "timestamp is not a number";
                }
            } else if (kv[0].equals("v1")) {
                given = kv[1];
            }
        }
        if (timestamp == null || given == null) {
            return "signature header lacks t= or v1=";
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) {
            return "signature timestamp is " + Math.abs(now - timestamp) + " s away from this server's clock (limit " + TOLERANCE_SECONDS + " s)";
        }
        byte[] expected = HexFormat.of().formatHex(hmac(timestamp + "." , rawBody)).getBytes(StandardCharsets.US_ASCII);
        // constant time: the comparison takes as long for a near miss as for a wild guess
        if (!MessageDigest.isEqual(expected, given.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return "signature does not match the body";
        }
        return null;
    }

    public String sign(long timestamp, byte[] rawBody) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(timestamp + ".", rawBody));
    }

    private byte[] hmac(String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
