package io.tradinggrid.bridge.deadletter;

import java.util.regex.Pattern;

/** Removes credentials from text that is about to be stored or logged (exception messages, headers, bodies). */
public final class SecretMasker {

    private static final Pattern[] PATTERNS = {
        Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
        Pattern.compile("(?i)(basic\\s+)[A-Za-z0-9+/=]+"),
        Pattern.compile("(?i)((?:password|client_secret|clientSecret|secret|access_token|refresh_token)\"?\\s*[=:]\\s*\"?)[^\"&\\s,}]+"),
    };

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (Pattern pattern : PATTERNS) {
            masked = pattern.matcher(masked).replaceAll("$1******");
        }
        return masked;
    }
}
