package io.tradinggrid.bridge.flow;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds credentials in a request's query string. A token in a URL ends up in proxy and access logs, browser and shell
 * history, so the bridge's receivers refuse it even when it is right. platform-http also turns query parameters into
 * headers, so {@code ?Authorization=Bearer%20...} (or a percent-encoded name such as {@code Authoriz%61tion}) would
 * otherwise be read as if it were the header: names are decoded before they are compared.
 */
public final class CredentialsInUrl {

    private static final String[] CREDENTIAL_WORDS = {"token", "auth", "secret", "password", "passwd", "apikey", "api_key", "api-key"};

    private CredentialsInUrl() {
    }

    /**
     * @param rawQuery the query string as received (CamelHttpRawQuery), may be null
     * @return the decoded name of the first parameter that looks like a credential, or null when there is none. Only
     *         the name: the value is a secret and is never returned, logged or echoed
     */
    public static String parameterName(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("[&;]")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            for (String word : CREDENTIAL_WORDS) {
                if (name.contains(word)) {
                    return name.replaceAll("[^a-z0-9_.-]", "?");
                }
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            // twice: a proxy that decodes once must not turn %2561 into a credential name behind the check's back
            return URLDecoder.decode(URLDecoder.decode(text, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
