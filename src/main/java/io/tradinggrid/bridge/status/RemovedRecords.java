package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.store.AuditTrail;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linked record its system no longer has (404: a Workflow process deleted or terminated, a ServiceNow record
 * deleted): the partner is told once with a status note, the link is closed so the record is polled no more, and the
 * closing is audited. Reading it again would only fail again on every poll. For both return paths:
 * routes/thread-status.camel.yaml {@code direct:close-link-of-removed-record} with the properties link and threadId.
 */
public class RemovedRecords {

    /** The record state stored with a closed link whose record is gone. */
    public static final String REMOVED = "removed";
    private static final Logger LOG = LoggerFactory.getLogger(RemovedRecords.class);

    private final ThreadLinks links;
    private final AuditTrail audit;
    private final StatusPublisher publisher;
    private final StatusMaps.View note;

    /** @param note the partner's status note, with the placeholders of the status maps ({reference}, {team}) */
    public RemovedRecords(ThreadLinks links, AuditTrail audit, StatusPublisher publisher, String note) {
        this.links = links;
        this.audit = audit;
        this.publisher = publisher;
        this.note = new StatusMaps.View();
        this.note.text = note;
    }

    /** What the partner is told: the note only; the thread's status stays as the partner last saw it. */
    public PartnerView view(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        return publisher.view(link, note, REMOVED, Map.of());
    }

    /** Closes the link once the partner was told, and audits it (a second call for a closed link does nothing). */
    public void closed(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.STATUS_VIEW) PartnerView view) {
        links.markSynced(link.id(), view.hash(), REMOVED);
        if (links.close(link.id(), REMOVED)) {
            audit.record("bridge", "link.closed", link.threadId(), link.ref(), link.recordNumber() + " is gone from " + link.targetSystem()
                    + ": partner told, no longer polled");
            LOG.warn("Thread {}: {} {} is gone from {}; the partner was told and the link is closed", link.threadId(),
                    link.targetType(), link.recordNumber(), link.targetSystem());
        }
    }
}
