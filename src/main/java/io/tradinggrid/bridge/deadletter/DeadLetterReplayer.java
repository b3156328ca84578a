package io.tradinggrid.bridge.deadletter;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.ExchangeHelper;

/**
 * Sends a dead letter's original message back into the flow it failed in (its recorded entry endpoint). The flow's
 * idempotent consumer and its look-up in the target system make a replay of something that meanwhile succeeded
 * create nothing twice. Every replay is recorded in the audit trail; a replay that fails again updates the same
 * entry with the new reason (and adds its attempts), so an entry never turns into many.
 * <p>
 * The store is not trusted as code: whoever can write a row could otherwise make a replay send to any Camel URI
 * ({@code file:routes?...}, {@code exec:}, {@code http:}). A replay goes only into one of the bridge's own entry
 * routes: the {@code direct:} endpoints of the routes running with the {@value #ENTRY_CONFIGURATION} route
 * configuration, the only ones that record an entry endpoint. Any other endpoint is refused, the entry stays as it
 * is (waiting work becomes a dead letter for an operator) and the refusal is audited.
 */
public class DeadLetterReplayer {

    public enum Outcome { REPLAYED, FAILED_AGAIN, WOULD_REPLAY, SKIPPED, REFUSED }

    /** The route configuration of the flows a message enters by (it records the entry endpoint a replay uses). */
    public static final String ENTRY_CONFIGURATION = "intake-errors";

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
        if (DeadLetter.SUPERSEDED.equals(letter.status())) {
            // not even with force: the work was done, a replay could do it a second time
            return new Result(id, Outcome.SKIPPED, "not replayed: superseded, its work was done another way ("
                    + letter.changeReason() + ")");
        }
        if (!"new".equals(letter.status()) && !"waiting".equals(letter.status()) && !force) {
            return new Result(id, Outcome.SKIPPED, "already " + letter.status() + " (use --force to replay again)");
        }
        String uri = letter.replayUri();
        if (uri == null) {
            return new Result(id, Outcome.SKIPPED, "no entry endpoint was recorded for route " + letter.routeId());
        }
        if (!entryEndpoints().contains(uri)) {
            return refuse(letter, actor, uri);
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
            // retries of earlier runs count towards the message's total, so waiting work cannot cycle forever
            e.setProperty(ExchangeKeys.ATTEMPTS_BEFORE, letter.attempts());
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

    /** The endpoints a replay may send to: direct: endpoints of the running routes that use the entry configuration. */
    public Set<String> entryEndpoints() {
        return template.getCamelContext().getRoutes().stream()
                .filter(r -> r.getConfigurationId() != null
                        && Arrays.stream(r.getConfigurationId().split(",")).map(String::trim).anyMatch(ENTRY_CONFIGURATION::equals))
                .map(Route::getEndpoint)
                .map(e -> e.getEndpointUri())
                .filter(u -> u.startsWith("direct:"))
                .collect(Collectors.toUnmodifiableSet());
    }

    private Result refuse(DeadLetter letter, String actor, String uri) {
        // the stored value is whatever was written into the row: shown masked, on one line and cut short
        String shown = SecretMasker.mask(uri).replaceAll("\\p{Cntrl}", "?");
        shown = shown.length() > 120 ? shown.substring(0, 119) + "…" : shown;
        String reason = "replay refused: endpoint " + shown + " is not an entry route of the bridge (allowed: the direct: "
                + "endpoints of the routes using route configuration " + ENTRY_CONFIGURATION + ")";
        store.audit(actor, "dlq.replay-refused", letter.threadId(), letter.id(), reason);
        if ("waiting".equals(letter.status())) {
            // the waiting-work schedule must not try it again at every tick: it becomes a dead letter for an operator
            store.mark(letter.id(), "new", actor, reason);
        }
        return new Result(letter.id(), Outcome.REFUSED, reason);
    }
}
