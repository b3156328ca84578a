package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.store.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linked record its system no longer has (404: a Workflow process deleted or terminated, a ServiceNow record
 * deleted): the partner is told once with a status note, the link is closed so the record is polled no more, and the
 * closing is audited. Reading it again would only fail again on every poll. For both return paths:
 * routes/thread-status.camel.yaml {@code direct:close-link-of-removed-record} with the properties link and threadId.
 * A call to the linked record that answers 404 anywhere in a journey (a partner's comment, a file, a status read) ends
 * there too (error-handling.camel.yaml, linked-record-gone), and a partner post that arrives after is answered once.
 */
public class RemovedRecords {

    /** The record state stored with a closed link whose record is gone. */
    public static final String REMOVED = "removed";
    private static final Logger LOG = LoggerFactory.getLogger(RemovedRecords.class);

    private final ThreadLinks links;
    private final AuditTrail audit;
    private final StatusPublisher publisher;
    private final StatusMaps.View note;
    private final StatusMaps.View postNotCarried;
    private final PartnerNotices notices;

    /**
     * @param note the partner's status note, with the placeholders of the status maps ({reference}, {team})
     * @param postNotCarried the answer to a partner post that arrives after the record was removed, same placeholders
     */
    public RemovedRecords(ThreadLinks links, AuditTrail audit, StatusPublisher publisher, PartnerNotices notices, String note,
            String postNotCarried) {
        this.links = links;
        this.audit = audit;
        this.publisher = publisher;
        this.notices = notices;
        this.note = new StatusMaps.View();
        this.note.text = note;
        this.postNotCarried = new StatusMaps.View();
        this.postNotCarried.text = postNotCarried;
    }

    /**
     * Whether a failed call says the linked record is gone: a 404 on a URL that names the record (its path or its
     * table_sys_id; record ids are sys_ids and process instance ids, unique across the systems). A 404 on anything
     * else (a file, a task) is about that thing only. The URL is what tells it, not the properties the system API set:
     * a failure inside a split (a walk) reaches the journey without them.
     */
    public boolean gone(@ExchangeException Exception failure, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        return failure instanceof HttpOperationFailedException http && http.getStatusCode() == 404 && link != null
                && link.recordId() != null && !link.recordId().isBlank() && http.getUri() != null && http.getUri().contains(link.recordId());
    }

    /** The link of a ServiceNow record, or null when the bridge has none. */
    public ThreadLink serviceNowLink(String sysId) {
        return links.findByRecord("servicenow", sysId).orElse(null);
    }

    /** Whether the link was closed already because its record is gone. */
    public boolean closedBefore(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        return REMOVED.equals(link.recordStatus()) && links.isClosed(link.id());
    }

    /** The one answer to a partner post that came after the record was removed: it was not passed on. */
    public Map<String, Object> postNotCarried(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", publisher.view(link, postNotCarried, REMOVED, Map.of()).note());
        post.put("bodyFormat", "text");
        post.put("origin", notices.origin(link));
        return post;
    }

    /** A post that was not passed on, for the audit trail. */
    public void notCarried(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.PUBLISH_KEY) String key) {
        audit.record("bridge", "post.not-carried", link.threadId(), link.ref(), key + ": " + link.recordNumber() + " is gone");
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
