package io.tradinggrid.bridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Holds one system's OAuth access token and fetches a new one shortly before it expires, or after the system said
 * 401. The fetch itself is a Camel route (e.g. direct:servicenow-token) so that HTTP stays in routes; this class only
 * decides when to call it. Never logs or exposes the token except as the Authorization header value.
 */
public class OAuthTokenCache {

    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final String system;
    private final Supplier<JsonNode> fetch;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

    public OAuthTokenCache(String system, Supplier<JsonNode> fetch) {
        this(system, fetch, Clock.systemUTC());
    }

    public OAuthTokenCache(String system, Supplier<JsonNode> fetch, Clock clock) {
        this.system = system;
        this.fetch = fetch;
        this.clock = clock;
    }

    /** "Bearer <token>", fetching a token when there is none or it is about to expire. */
    public synchronized String header() {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(MARGIN))) {
            JsonNode response = fetch.get();
            String accessToken = response == null ? null : response.path("access_token").asText(null);
            if (accessToken == null || accessToken.isBlank()) {
                throw new IllegalStateException(system + " token endpoint answered without an access_token");
            }
            token = accessToken;
            long expiresIn = response.path("expires_in").asLong(1800);
            expiresAt = clock.instant().plusSeconds(expiresIn);
        }
        return "Bearer " + token;
    }

    /** Forgets the token, e.g. after a 401, so the next call fetches a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    @Override
    public String toString() {
        return "OAuthTokenCache[" + system + "]";
    }
}
