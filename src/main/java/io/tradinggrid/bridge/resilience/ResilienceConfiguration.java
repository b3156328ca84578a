package io.tradinggrid.bridge.resilience;

import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import java.time.Duration;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.LoggingLevel;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * What happens when a system fails: retries, a circuit per system and a retry budget per route, so a system that is
 * down makes its work wait instead of dead-lettering it, and the waiting work is resumed once it answers again.
 */
public class ResilienceConfiguration implements CamelConfiguration {

    /** Retries of the intake-errors route configuration: exponential backoff with jitter, waiting off the consumer thread. */
    @BindToRegistry("intakeRedeliveryPolicy")
    public RedeliveryPolicy intakeRedeliveryPolicy(@PropertyInject("tgb.retry.max-redeliveries") int maxRedeliveries,
            @PropertyInject("tgb.retry.initial-delay-ms") long initialDelayMs, @PropertyInject("tgb.retry.max-delay-ms") long maxDelayMs) {
        RedeliveryPolicy retry = new RedeliveryPolicy();
        retry.setMaximumRedeliveries(maxRedeliveries);
        retry.setRedeliveryDelay(initialDelayMs);
        retry.setMaximumRedeliveryDelay(maxDelayMs);
        retry.setUseExponentialBackOff(true);
        retry.setBackOffMultiplier(2);
        retry.setUseCollisionAvoidance(true);
        retry.setCollisionAvoidanceFactor(0.25);
        retry.setAsyncDelayedRedelivery(true);
        retry.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        retry.setLogExhausted(false);
        return retry;
    }

    /** One circuit per system; the system API routes ask it before each call and tell it each outcome. */
    @BindToRegistry("targetCircuits")
    public TargetCircuits targetCircuits(@PropertyInject("tgb.circuit.window") int window, @PropertyInject("tgb.circuit.minimum-calls") int minimumCalls,
            @PropertyInject("tgb.circuit.failure-rate-percent") float failureRatePercent,
            @PropertyInject("tgb.circuit.open-wait-ms") long openWaitMs, @PropertyInject("tgb.circuit.probes") int probes,
            @PropertyInject("tgb.circuit.enabled") boolean enabled, @BeanInject("auditTrail") AuditTrail audit) {
        return new TargetCircuits(List.of("servicenow", "workflow", "community"),
                TargetCircuits.config(window, minimumCalls, failureRatePercent, openWaitMs, probes), enabled, audit);
    }

    @BindToRegistry("retryBudget")
    public RetryBudget retryBudget(@PropertyInject("tgb.retry.budget-burst") int burst,
            @PropertyInject("tgb.retry.budget-per-second") double perSecond) {
        return new RetryBudget(burst, perSecond);
    }

    @BindToRegistry("retryDecision")
    public RetryDecision retryDecision(@BeanInject("intakeRedeliveryPolicy") RedeliveryPolicy retry,
            @PropertyInject("tgb.retry.max-total-redeliveries") int maxTotalRedeliveries,
            @BeanInject("targetCircuits") TargetCircuits circuits, @BeanInject("retryBudget") RetryBudget budget) {
        return new RetryDecision(retry.getMaximumRedeliveries(), maxTotalRedeliveries, circuits, budget);
    }

    @BindToRegistry("waitingWork")
    public WaitingWork waitingWork(@BeanInject("deadLetterStore") DeadLetterStore deadLetters,
            @BeanInject("deadLetterReplayer") DeadLetterReplayer replayer, @BeanInject("targetCircuits") TargetCircuits circuits,
            @PropertyInject("tgb.circuit.resume-batch") int batch, @PropertyInject("tgb.circuit.resume-after-ms") long resumeAfterMs,
            @PropertyInject("tgb.circuit.max-wait-hours") long maxWaitHours,
            @PropertyInject("tgb.circuit.resume-enabled") boolean resumeEnabled) {
        return new WaitingWork(deadLetters, replayer, circuits, batch, Duration.ofMillis(resumeAfterMs), Duration.ofHours(maxWaitHours),
                resumeEnabled);
    }
}
