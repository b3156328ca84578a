package io.tradinggrid.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an emulator does wrong, switchable while it runs (PUT /_emulator/faults).
 * <p>
 * Each kind has a rate (0..1, applied per request) and/or a count (the next N matching requests).
 * A count wins over a rate while it lasts, so a test can ask for "exactly the next 3 requests" and
 * know what it will get. Only requests whose method and path match {@link #methods} and
 * {@link #pathPattern} are touched; the /_emulator admin API never is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class FaultPlan {

    /** Regular expression on the request path; null matches every path. */
    public String pathPattern;
    /** Comma-separated HTTP methods, e.g. "POST,PATCH"; null matches every method. */
    public String methods;

    /** Answer with {@link #errorStatus} before doing anything. */
    public double errorRate;
    public int errorCount;
    public int errorStatus = 503;

    /** Answer 429 before doing anything, with Retry-After when {@link #retryAfterSeconds} is set. */
    public double rateLimitRate;
    public int rateLimitCount;
    public Integer retryAfterSeconds;

    /** Added delay before the request is handled. */
    public long latencyMs;

    /** Drop the connection without an answer (TCP reset). */
    public double resetRate;
    public int resetCount;

    /**
     * Do the write, then answer as if it failed: {@code STATUS} sends {@link #errorStatus},
     * {@code TIMEOUT} holds the answer for {@link #afterCommitDelayMs} and then drops the connection.
     * Applies to POST, PUT, PATCH and DELETE only.
     */
    public double errorAfterCommitRate;
    public int errorAfterCommitCount;
    public AfterCommit afterCommitMode = AfterCommit.STATUS;
    public long afterCommitDelayMs = 30_000;

    /** Seed of the random source behind the rates, so a run can be repeated. */
    public Long seed;

    public enum AfterCommit { STATUS, TIMEOUT }

    public static FaultPlan none() {
        return new FaultPlan();
    }
}
