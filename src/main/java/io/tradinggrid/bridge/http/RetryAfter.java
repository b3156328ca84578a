package io.tradinggrid.bridge.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * When a system answers 429 (or 503) with Retry-After, the next attempt waits as told: in seconds or until an HTTP
 * date, capped so one system cannot park work for hours. Without the header the redelivery policy's exponential
 * backoff applies. The wait is Camel's asynchronous redelivery (CamelRedeliveryDelay), so no consumer thread sleeps.
 */
public class RetryAfter implements Processor {

    private final Duration cap;
    private final Clock clock;

    public RetryAfter(Duration cap) {
        this(cap, Clock.systemUTC());
    }

    public RetryAfter(Duration cap, Clock clock) {
        this.cap = cap;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        if (!(failure instanceof HttpOperationFailedException http) || (http.getStatusCode() != 429 && http.getStatusCode() != 503)) {
            return;
        }
        Long millis = delayMillis(header(http.getResponseHeaders(), "Retry-After"));
        if (millis != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, millis);
        }
    }

    /** Milliseconds to wait for a Retry-After value (delta seconds or HTTP date), capped; null when absent or unreadable. */
    Long delayMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(retryAfter.trim()) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                millis = Duration.between(clock.instant(), when.toInstant()).toMillis();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return Math.max(0, Math.min(millis, cap.toMillis()));
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
