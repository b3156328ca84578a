package io.tradinggrid.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque bearer and refresh tokens with a lifetime, as an OAuth server hands them out. */
public final class TokenIssuer {

    public record Token(String accessToken, String refreshToken, String subject, Instant expiresAt) {
        public long expiresInSeconds(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).getSeconds());
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Token> byAccess = new ConcurrentHashMap<>();
    private final Map<String, Token> byRefresh = new ConcurrentHashMap<>();
    private volatile Duration lifetime;
    private final Clock clock;

    public TokenIssuer(Duration lifetime) {
        this(lifetime, Clock.systemUTC());
    }

    public TokenIssuer(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public void setLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Token issue(String subject) {
        Token token = new Token(random(), random(), subject, clock.instant().plus(lifetime));
        byAccess.put(token.accessToken(), token);
        byRefresh.put(token.refreshToken(), token);
        return token;
    }

    /** A new access token for a known refresh token; the refresh token stays valid. */
    public Optional<Token> refresh(String refreshToken) {
        Token old = refreshToken == null ? null : byRefresh.get(refreshToken);
        if (old == null) {
            return Optional.empty();
        }
        Token token = new Token(random(), old.refreshToken(), old.subject(), clock.instant().plus(lifetime));
        byAccess.put(token.accessToken(), token);
        return Optional.of(token);
    }

    /** The subject of a valid, unexpired access token. */
    public Optional<String> subjectOf(String accessToken) {
        Token token = accessToken == null ? null : byAccess.get(accessToken);
        if (token == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            byAccess.remove(accessToken);
            return Optional.empty();
        }
        return Optional.of(token.subject());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Makes every issued access token invalid, as a token revocation or a clock jump would (tests). */
    public void expireAll() {
        byAccess.clear();
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
