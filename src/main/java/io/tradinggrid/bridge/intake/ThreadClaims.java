package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.store.WorkClaims;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One owner per thread at a time, from the look-up in the target to the stored link: the journey of a thread
 * version claims its thread in the store ({@link WorkClaims}), renews the claim before it creates anything, and gives
 * it up when it is done, however it ends (linked, dead letter, waiting). Another version of the same thread, on this
 * node or another, waits for it and then finds the link.
 */
public class ThreadClaims {

    private final WorkClaims claims;
    private final String node;

    /** @param node names this process in the store (host and pid unless configured): who holds a claim, for operators */
    public ThreadClaims(WorkClaims claims, String node) {
        this.claims = claims;
        this.node = node;
    }

    static String key(String threadId) {
        return "thread:" + threadId;
    }

    String owner(String exchangeId) {
        return node + "/" + exchangeId;
    }

    /**
     * Claims the thread for this journey (or renews its claim) until the journey is done. Takes the exchange only to
     * give the claim up when the exchange completes, whichever way it ends.
     *
     * @throws WorkClaims.ClaimedElsewhereException while another journey holds the thread: retried later
     */
    public void claim(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, Exchange exchange) {
        String key = key(threadId);
        String owner = owner(exchange.getExchangeId());
        claims.claim(key, owner);
        if (exchange.getProperty(ExchangeKeys.CLAIMED, false, Boolean.class)) {
            return;
        }
        exchange.setProperty(ExchangeKeys.CLAIMED, true);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                claims.release(key, owner);
            }
        });
    }

    /** Gives up the claim as soon as the journey's work is done, before the exchange completes (a split waits for its items). */
    public void release(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, Exchange exchange) {
        claims.release(key(threadId), owner(exchange.getExchangeId()));
    }
}
