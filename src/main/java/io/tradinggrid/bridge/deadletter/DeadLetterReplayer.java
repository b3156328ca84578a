package io.tradinggrid.bridge.deadletter;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.ExchangeHelper;

/**
 * Sends a dead letter's original message back into the flow it failed in (its recorded entry endpoint). The flow's
 * idempotent consumer and its look-up in the target system make a replay of something that meanwhile succeeded
 * create nothing twice. Every replay is recorded in the audit trail; a replay that fails again updates the same
 * entry with the new reason (and adds its attempts), so an entry never turns into many.
 */
public class DeadLetterReplayer {

    public enum Outcome { REPLAYED, FAILED_AGAIN, WOULD_REPLAY, SKIPPED }

    public record Result(long id, Outcome outcome, String detail) {
        @Override
        public String toString() {
            return "#" + id + " " + outcome + (detail == null ? "" : ": " + detail);
        }
    }

    private final DeadLetterStore store;
    private final ProducerTemplate template;

    public DeadLetterReplayer(DeadLetterStore store, ProducerTemplate template) {
        this.store = store;
        this.template = template;
    }

    /**
     * @param bodyOverride a corrected message to replay instead of the stored one (stored first), or null
     * @param force        replay even when the dead letter is no longer new (e.g. replayed before)
     */
    public Result replay(long id, String actor, boolean dryRun, String bodyOverride, boolean force) {
        Optional<DeadLetter> found = store.find(id);
        if (found.isEmpty()) {
            return new Result(id, Outcome.SKIPPED, "no such dead letter");
        }
        DeadLetter letter = found.get();
        if (!"new".equals(letter.status()) && !"waiting".equals(letter.status()) && !force) {
            return new Result(id, Outcome.SKIPPED, "already " + letter.status() + " (use --force to replay again)");
        }
        String uri = letter.replayUri();
        if (uri == null) {
            return new Result(id, Outcome.SKIPPED, "no entry endpoint was recorded for route " + letter.routeId());
        }
        if (dryRun) {
            return new Result(id, Outcome.WOULD_REPLAY, "through " + uri + " (thread " + letter.threadId() + ")");
        }
        // one replay of an entry at a time, whoever starts it (waiting-work schedule, CLI, admin API)
        if (!store.claim(id, letter.status())) {
            return new Result(id, Outcome.SKIPPED, "being replayed elsewhere, or changed meanwhile");
        }
        if (bodyOverride != null) {
            store.editBody(id, bodyOverride, actor);
        }
        String body = bodyOverride != null ? bodyOverride : letter.body();
        Exchange done = template.send(uri, e -> {
            e.getMessage().setBody(body);
            // a failure on the way is written onto this same entry, so replays never multiply entries
            e.setProperty(ExchangeKeys.REPLAY_OF, id);
        });
        // the flow's dead letter channel marks a message it had to give up on as failure-handled, and writes the new
        // failure onto this entry: either way the entry must not be marked replayed
        boolean failed = done.getException() != null || ExchangeHelper.isFailureHandled(done)
                || !store.find(id).map(d -> "replaying".equals(d.status())).orElse(false);
        if (!failed) {
            store.mark(id, "replayed", actor, "replayed by " + actor);
            return new Result(id, Outcome.REPLAYED, null);
        }
        // the flow's dead letter channel wrote the new failure onto the entry; if the failure escaped it, the entry
        // goes back to what it was
        store.release(id, letter.status());
        store.audit(actor, "dlq.replay-failed", letter.threadId(), id, "replayed by " + actor + ", failed again");
        String now = store.find(id).map(d -> d.status() + ": " + d.exceptionMessage()).orElse("unknown");
        return new Result(id, Outcome.FAILED_AGAIN, now.length() > 200 ? now.substring(0, 199) + "…" : now);
    }
}
