package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.Sha256;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.store.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both return paths (ServiceNow and Workflow Service) share: the partner's view of a linked record, the thread
 * PATCH that shows it (routes/thread-status.camel.yaml), and the memory of what was last shown. A hash of the view per
 * link stops the same state from being written again, so two systems echoing each other go quiet.
 */
public class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final ThreadLinks links;
    private final AuditTrail audit;
    private final ThreadRouting routing;
    private final PartnerNotices notices;

    public StatusPublisher(ThreadLinks links, AuditTrail audit, ThreadRouting routing, PartnerNotices notices) {
        this.links = links;
        this.audit = audit;
        this.routing = routing;
        this.notices = notices;
    }

    /**
     * The partner's view of a record in a mapped state: the map's text with its placeholders filled in (plain text,
     * no internal addresses), and whether it differs from what the partner was shown last.
     */
    public PartnerView view(ThreadLink link, StatusMaps.View view, String recordState, Map<String, String> placeholders) {
        String text = view.text.replace("{reference}", PartnerNotices.describe(link))
                .replace("{number}", link.recordNumber())
                .replace("{team}", teamLabel(link));
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace("{" + p.getKey() + "}", PartnerText.of(p.getValue() == null ? "" : p.getValue(), 1500));
        }
        text = PartnerText.of(text.replaceAll("\\{[A-Za-z0-9_.]+}", ""), 2000);
        String hash = Sha256.hex(view.status + "|" + text);
        return new PartnerView(view.status, text, hash, recordState, !hash.equals(link.lastSyncedHash()));
    }

    /**
     * PATCH of the thread: status note and the external reference's status, marked with the bridge's origin; with the
     * status too, unless the community refused the move (409, e.g. the thread is CLOSED).
     */
    public Map<String, Object> threadPatch(ThreadLink link, PartnerView view, boolean withStatus) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (withStatus) {
            patch.put("status", view.status());
        }
        patch.put("statusNote", view.note());
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("system", link.targetSystem());
        reference.put("id", link.recordNumber());
        reference.put("status", view.note());
        patch.put("externalReferences", List.of(reference));
        patch.put("origin", notices.origin(link));
        return patch;
    }

    /**
     * Remembers the view as the one the partner sees now.
     *
     * @param learnt when the bridge learnt of the record's change (the notification or sync that carried it): the
     *               status-to-partner latency is measured from there
     */
    public void synced(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.STATUS_VIEW) PartnerView view,
            Date learnt) {
        links.markSynced(link.id(), view.hash(), view.recordState());
        audit.recordFacts("bridge", "status.published", link.threadId(), link.ref(), AuditTrail.facts("status", view.status(), "note", view.note(),
                "system", link.targetSystem(), "recordState", view.recordState(),
                "latencyMillis", learnt == null ? null : Math.max(0, System.currentTimeMillis() - learnt.getTime())));
        LOG.info("Thread {}: partner now sees {} \"{}\"", link.threadId(), view.status(), view.note());
    }

    /** A post in the linked thread, marked with the bridge's origin. */
    public Map<String, Object> post(ThreadLink link, String body) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", body);
        post.put("bodyFormat", "text");
        post.put("origin", notices.origin(link));
        return post;
    }

    /**
     * The work note that keeps a post the thread refused because it is CLOSED (nothing leaves CLOSED, so it is not tried
     * again): the record shows what the partner never saw, and the audit trail and a WARN tell the operator.
     */
    public Map<String, Object> notShown(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.PARTNER_POST) Object post) {
        String text = post instanceof Map<?, ?> fields ? String.valueOf(fields.get("body")) : String.valueOf(post);
        LOG.warn("Thread {} is CLOSED and refused a post for {} {}: not shown to the partner, kept in the record's work notes",
                link.threadId(), link.targetType(), link.recordNumber());
        audit.record("bridge", "post.not-shown", link.threadId(), link.ref(), PartnerText.of(text, 1000));
        return Map.of("work_notes", "Not shown to the partner: thread " + link.threadId()
                + " is closed in the community and takes no more posts. The text was:\n" + text);
    }

    public String teamLabel(ThreadLink link) {
        String key = link.exceptionType() == null ? Classification.UNCLASSIFIED : link.exceptionType();
        int slash = key.indexOf('/');
        Classification classification = slash < 0 ? new Classification(key, null, "link")
                : new Classification(key.substring(0, slash), key.substring(slash + 1), "link");
        return routing.target(classification).teamLabel();
    }

}
