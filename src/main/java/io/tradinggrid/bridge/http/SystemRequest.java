package io.tradinggrid.bridge.http;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

/**
 * The headers of one call of a system API route (routes/system-api.camel.yaml): before the call only what the call site
 * set for it survives, and after it none of the call's own headers ride on to the next one.
 * <p>
 * A processor rather than {@code removeHeaders} with patterns: those compile a regular expression for every header of
 * every call, and camel-http converts a method name to its enum on every call too; on the bridge's busiest path that
 * was a tenth of its CPU.
 */
public final class SystemRequest {

    /** What a call site may set for its call: method, REST path and query, and the few request headers it owns. */
    static final Set<String> CALL_SITE_HEADERS = caseInsensitive(Exchange.HTTP_METHOD, Exchange.HTTP_PATH, Exchange.HTTP_QUERY,
            "Content-Type", "Accept", "If-Match");

    /** What the call itself put on the message, and the call site's request headers. */
    static final Set<String> CALL_HEADERS = caseInsensitive(Exchange.HTTP_METHOD, Exchange.HTTP_PATH, Exchange.HTTP_QUERY,
            Exchange.HTTP_URI, "Authorization", "Accept", "If-Match", "Content-Type");

    private SystemRequest() {
    }

    /**
     * Before a call: drops every header the call site did not set for it, names the method as camel-http wants it,
     * and sends no body on a read, whatever the message carried before.
     */
    public static Processor prepare() {
        return exchange -> {
            Message message = exchange.getMessage();
            if (!sendsBody(prepare(message.getHeaders())) || message.getBody() == null) {
                message.setBody(null);
                message.removeHeader("Content-Type");
            }
        };
    }

    /** After a call, whatever its outcome: the call's headers go, the answer's status code and body stay. */
    public static Processor done() {
        return exchange -> clear(exchange.getMessage().getHeaders());
    }

    static void clear(Map<String, Object> headers) {
        headers.keySet().removeIf(CALL_HEADERS::contains);
    }

    /** Returns the call's method, null when the call site named none (camel-http then picks GET or POST by the body). */
    static HttpMethods prepare(Map<String, Object> headers) {
        keepOnly(headers, CALL_SITE_HEADERS);
        Object method = headers.get(Exchange.HTTP_METHOD);
        if (method instanceof String name) {
            method = method(name);
            headers.put(Exchange.HTTP_METHOD, method);
        }
        return method instanceof HttpMethods known ? known : null;
    }

    static boolean sendsBody(HttpMethods method) {
        return method != HttpMethods.GET && method != HttpMethods.DELETE && method != HttpMethods.HEAD;
    }

    static void keepOnly(Map<String, Object> headers, Set<String> kept) {
        headers.keySet().removeIf(name -> !kept.contains(name));
    }

    /** A call site's method name, as camel-http's enum; an unknown one is refused before anything is sent. */
    static HttpMethods method(String name) {
        try {
            return HttpMethods.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an HTTP method: '" + name + "'", e);
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }
}
