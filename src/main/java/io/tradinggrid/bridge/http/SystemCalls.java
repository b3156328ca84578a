package io.tradinggrid.bridge.http;

import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.resilience.TargetUnavailableException;
import java.io.IOException;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The bookkeeping around one call of a system API route (routes/system-api.camel.yaml): the token it carries, the
 * system's circuit, and what a failure means for the error handler. Kept out of the routes so each rule has one home
 * and a unit test; the call itself stays in the route.
 */
public class SystemCalls {

    /** A failure worth retrying soon: the system is down, slow, or answered a conflict that may resolve. */
    public static final String TRANSIENT = "transient";
    /** A failure no retry can fix: the request itself was refused (most 4xx). */
    public static final String PERMANENT = "permanent";
    /** The system asked the bridge to slow down (429, or 503 with Retry-After); the retry waits as told. */
    public static final String RATE_LIMITED = "rate-limited";
    /** The call was not made: the system's circuit is open. */
    public static final String UNAVAILABLE = "unavailable";

    private final AuthorizationRefresher authorization;
    private final TargetCircuits circuits;

    public SystemCalls(AuthorizationRefresher authorization, TargetCircuits circuits) {
        this.authorization = authorization;
        this.circuits = circuits;
    }

    /**
     * The Authorization header of the next call to the system. Refuses at once, with
     * {@link TargetUnavailableException}, while the system's circuit is open, so the work waits instead of calling.
     */
    public String authorization(@ExchangeProperty(ExchangeKeys.SYSTEM) String system) {
        circuits.refuseWhileOpen(system);
        return authorization.header(system);
    }

    /** The system answered 2xx. */
    public void answered(@ExchangeProperty(ExchangeKeys.SYSTEM) String system) {
        circuits.answered(system);
    }

    /**
     * Records a failed call on the system's circuit and says what kind of failure it is. A 401 drops the token, so the
     * retry fetches a new one.
     */
    public String failed(@ExchangeProperty(ExchangeKeys.SYSTEM) String system,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        if (failure instanceof TargetUnavailableException) {
            return UNAVAILABLE;
        }
        circuits.failed(system, failure);
        HttpOperationFailedException http = httpFailure(failure);
        if (http == null) {
            return TRANSIENT;
        }
        int status = http.getStatusCode();
        if (status == 401) {
            authorization.refused(system);
        }
        return kind(status, http.getResponseHeaders() != null && http.getResponseHeaders().containsKey("Retry-After"));
    }

    /** How the bridge treats an HTTP status: 408, 409, 412 and 5xx may pass, 401 after a new token; other 4xx never do. */
    static String kind(int status, boolean retryAfter) {
        if (status == 429 || (status == 503 && retryAfter)) {
            return RATE_LIMITED;
        }
        if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 409 && status != 412) {
            return PERMANENT;
        }
        return TRANSIENT;
    }

    /** Hands the caught failure back to the caller, whose error handler decides (the route has none of its own). */
    public void rethrow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) throws Exception {
        throw failure;
    }

    private static HttpOperationFailedException httpFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http;
            }
            if (t instanceof IOException) {
                return null;
            }
        }
        return null;
    }
}
