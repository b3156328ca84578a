package io.tradinggrid.bridge.admin;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * What the management port's answers (admin API and console) may carry: a short list of response headers, never the
 * request's own. platform-http otherwise writes every header of the exchange into the response, so the request's
 * cookie, Authorization and X-Operator would come back to the caller, and a page's script could read a session id the
 * HttpOnly cookie keeps from it.
 */
public class ManagementResponseHeaders extends HttpHeaderFilterStrategy {

    private static final Set<String> ANSWERED = Set.of("content-type", "location", "set-cookie", "www-authenticate", "cache-control",
            "content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ANSWERED.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
