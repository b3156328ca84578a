package io.tradinggrid.bridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import io.tradinggrid.bridge.flow.CredentialsInUrl;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request into the admin API only with {@code Authorization: Bearer <tgb.admin.token>}. The token comes from
 * the environment (TGB_ADMIN_TOKEN); without one the admin API answers 503 and does nothing. The operator named in
 * {@code X-Operator} is who the audit trail records.
 */
public class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

    private final byte[] expected;

    public AdminAccess(String token) {
        this.expected = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Lets the request in, or refuses it with {@link Denied} or {@link Disabled}; returns the operator the audit trail
     * records for it.
     *
     * @param query platform-http turns query parameters into headers: a token in the URL (and so in access logs and
     *              shell history) is refused, not taken, even when the right one is in the header too; names are
     *              decoded first, so {@code ?Authoriz%61tion=} is refused as well
     */
    public String check(@Header("Authorization") String authorization, @Header(Exchange.HTTP_RAW_QUERY) String query,
            @Header("X-Operator") String operatorHeader) {
        if (expected == null) {
            throw new Disabled();
        }
        String inUrl = CredentialsInUrl.parameterName(query);
        if (inUrl != null) {
            // the parameter's name only: its value is the secret the URL already leaked
            LOG.warn("Admin API request refused: a credential in the URL (query parameter '{}'); send it in the Authorization header, "
                    + "and change the token if it was the real one, since URLs end up in logs and shell history", inUrl);
            throw new Denied("Not authorized: credentials are accepted only in the Authorization header, never in the URL");
        }
        String token = authorization == null ? null : authorization.trim();
        if (token == null || token.length() < 7 || !token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Denied();
        }
        // constant time, so the answer's timing says nothing about how much of a guess was right
        if (!MessageDigest.isEqual(expected, token.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            throw new Denied();
        }
        String operator = operatorHeader == null ? "" : operatorHeader.replaceAll("[^\\p{L}\\p{N}._@-]", "");
        return "admin-api:" + (operator.isEmpty() ? "unnamed" : operator.substring(0, Math.min(operator.length(), 100)));
    }

    /** No or a wrong token. */
    public static class Denied extends RuntimeException {
        public Denied() {
            this("Not authorized: the Authorization header is missing or wrong");
        }

        public Denied(String message) {
            super(message);
        }
    }

    /** No token configured: the admin API is off. */
    public static class Disabled extends RuntimeException {
        public Disabled() {
            super("The admin API is off: set TGB_ADMIN_TOKEN (tgb.admin.token) to turn it on");
        }
    }
}
