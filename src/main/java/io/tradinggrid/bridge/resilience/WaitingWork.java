package io.tradinggrid.bridge.resilience;

import java.time.Duration;
import java.time.Instant;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes work that waits for a system (its circuit was open, or its route's retry budget was spent), oldest first,
 * through the same flow entry as a replay, so it passes the idempotent consumer and the target look-up again. While a
 * circuit is half open one message goes as the probe; when it is closed, up to a batch per run.
 */
public class WaitingWork {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingWork.class);

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final TargetCircuits circuits;
    private final int batch;
    private final Duration pause;
    private final Duration maxWait;
    private final boolean enabled;

    /**
     * @param pause how long a message waits after its last failure before it is resumed, so work whose route spent its
     *              retry budget does not come straight back while the system is still failing
     */
    /**
     * @param enabled false in one-shot commands (dlq replay, rules test) that run beside the bridge: only the running
     *                bridge resumes waiting work
     */
    public WaitingWork(DeadLetterStore store, DeadLetterReplayer replayer, TargetCircuits circuits, int batch, Duration pause,
            Duration maxWait, boolean enabled) {
        this.maxWait = maxWait;
        this.enabled = enabled;
        this.store = store;
        this.replayer = replayer;
        this.circuits = circuits;
        this.batch = batch;
        this.pause = pause;
    }

    /** One run of the resume schedule; returns how many waiting messages went back in. */
    public int resume() {
        if (!enabled) {
            return 0;
        }
        Instant now = Instant.now();
        int expired = store.expireWaiting(now.minus(maxWait));
        if (expired > 0) {
            LOG.warn("{} waiting message(s) waited longer than {} for their system and are dead letters now", expired, maxWait);
        }
        int interrupted = store.recoverInterruptedReplays(now.minus(Duration.ofMinutes(15)));
        if (interrupted > 0) {
            LOG.warn("{} replay(s) were interrupted (the bridge stopped mid-replay); their entries are dead letters again", interrupted);
        }
        int resumed = 0;
        for (String target : store.countWaitingByTarget().keySet()) {
            if (circuits.isOpen(target)) {
                continue;
            }
            List<DeadLetter> waiting = store.waitingSince(target, Instant.now().minus(pause), batch);
            int allowed = waiting.isEmpty() ? 0 : circuits.resumable(target, batch);
            waiting = waiting.subList(0, Math.min(allowed, waiting.size()));
            int again = 0;
            int sent = 0;
            for (DeadLetter letter : waiting) {
                DeadLetterReplayer.Result result = replayer.replay(letter.id(), "bridge", false, null, false);
                sent++;
                if (result.outcome() == DeadLetterReplayer.Outcome.FAILED_AGAIN) {
                    again++;
                    if (circuits.isOpen(target)) {
                        // it went down again: the rest keep waiting for the next probe
                        break;
                    }
                }
            }
            if (sent > 0) {
                LOG.info("Resumed {} waiting message(s) for {}; {} failed again", sent, target, again);
            }
            resumed += sent;
        }
        return resumed;
    }
}
