package io.tradinggrid.bridge.status;

/**
 * What the partner is to see of a linked record (StatusPublisher.view): the thread status and status note, the hash
 * that remembers it, and the record state stored with the link. {@code changed} is false when the partner already
 * sees exactly this, or when the record's state is not mapped ({@link #NONE}); nothing is written then.
 */
public record PartnerView(String status, String note, String hash, String recordState, boolean changed) {

    /** A state config/status-maps.yaml does not map: the thread is left as it is. */
    public static final PartnerView NONE = new PartnerView(null, null, null, null, false);
}
