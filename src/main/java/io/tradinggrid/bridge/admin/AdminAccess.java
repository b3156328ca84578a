package io.tradinggrid.bridge.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.tradinggrid.bridge.flow.CredentialsInUrl;
import java.util.HashMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request into the admin API only with {@code Authorization: Bearer <tgb.admin.token>}, or from the console
 * with the session cookie its sign-in page got for that token. The token comes from the environment
 * (TGB_ADMIN_TOKEN); without one the admin API and the console answer 503 and do nothing. The operator named in
 * {@code X-Operator} (or at sign-in) is who the audit trail records.
 * <p>
 * A console call must also carry {@code X-TGB-Console: 1}: a browser sends the cookie with any request another site
 * makes it send, but no other site can add a header without the bridge's consent (it gives none: no CORS).
 */
public class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    public static final String COOKIE = "tgb_console";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(String operator, Instant expires) {
    }

    private final byte[] expected;
    private final Duration sessionLength;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public AdminAccess(String token) {
        this(token, Duration.ofHours(8), Clock.systemUTC());
    }

    public AdminAccess(String token, Duration sessionLength, Clock clock) {
        this.expected = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
        this.sessionLength = sessionLength;
        this.clock = clock;
    }

    /**
     * The console's sign-in form ({@code operator=...&token=...}): with the admin token, a new session and the
     * Set-Cookie value that carries it; with a wrong one, null (and a WARN, without the guess).
     */
    public String signIn(@Body String form, @Header("token") String formToken, @Header("operator") String formOperator,
            @Header(Exchange.HTTP_RAW_QUERY) String query) {
        if (expected == null) {
            throw new Disabled();
        }
        if (query != null && !query.isBlank()) {
            // the form's fields arrive as headers, and so would a URL's: a token in the URL is refused, not taken
            LOG.warn("Console sign-in refused: it carried a query string; the token goes in the form's body only");
            return null;
        }
        Map<String, String> fields = formFields(form);
        // platform-http reads a form's fields into headers (and may leave the body empty)
        if (formToken != null) {
            fields.putIfAbsent("token", formToken);
        }
        if (formOperator != null) {
            fields.putIfAbsent("operator", formOperator);
        }
        String token = fields.getOrDefault("token", "").trim();
        if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("Console sign-in refused: not the admin token");
            return null;
        }
        String operator = operatorName(fields.get("operator"));
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String session = HexFormat.of().formatHex(id);
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expires().isBefore(now));
        sessions.put(session, new Session("console:" + operator, now.plus(sessionLength)));
        LOG.info("Console sign-in of {}", operator);
        return COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + sessionLength.toSeconds();
    }

    /** Ends the console session the cookie names; returns the Set-Cookie value that clears it. */
    public String signOut(@Header("Cookie") String cookies) {
        String session = sessionId(cookies);
        if (session != null) {
            sessions.remove(session);
        }
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
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
            @Header("X-Operator") String operatorHeader, @Header("Cookie") String cookies, @Header("X-TGB-Console") String fromConsole) {
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
        if (token == null && sessionId(cookies) != null) {
            return consoleOperator(sessionId(cookies), fromConsole);
        }
        if (token == null || token.length() < 7 || !token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Denied();
        }
        // constant time, so the answer's timing says nothing about how much of a guess was right
        if (!MessageDigest.isEqual(expected, token.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            throw new Denied();
        }
        return "admin-api:" + operatorName(operatorHeader);
    }

    private String consoleOperator(String sessionId, String fromConsole) {
        Session session = sessions.get(sessionId);
        if (session == null || session.expires().isBefore(clock.instant())) {
            sessions.remove(sessionId);
            throw new Denied("Not signed in: the console session has ended, sign in again");
        }
        if (!"1".equals(fromConsole)) {
            throw new Denied("Not authorized: a console call must carry the X-TGB-Console header");
        }
        return session.operator();
    }

    private static String operatorName(String raw) {
        String operator = raw == null ? "" : raw.replaceAll("[^\\p{L}\\p{N}._@-]", "");
        return operator.isEmpty() ? "unnamed" : operator.substring(0, Math.min(operator.length(), 100));
    }

    private static String sessionId(String cookies) {
        if (cookies == null) {
            return null;
        }
        for (String cookie : cookies.split(";")) {
            String c = cookie.trim();
            if (c.startsWith(COOKIE + "=")) {
                String value = c.substring(COOKIE.length() + 1);
                return value.matches("[0-9a-f]{64}") ? value : null;
            }
        }
        return null;
    }

    private static Map<String, String> formFields(String form) {
        Map<String, String> fields = new HashMap<>();
        if (form == null) {
            return fields;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
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
