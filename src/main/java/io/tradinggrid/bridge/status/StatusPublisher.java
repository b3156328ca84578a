package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.store.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
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

    /** Puts the link on the exchange (link, threadId, recordId) for the steps that follow. */
    public void attach(Exchange exchange, ThreadLink link) {
        exchange.setProperty("link", link);
        exchange.setProperty("threadId", link.threadId());
        exchange.setProperty("recordId", link.recordId());
    }

    /**
     * Decides whether the partner needs to see this view: sets statusChanged, and the view (statusView, statusNote,
     * statusHash, statusState) when it differs from what was shown last.
     */
    public void offer(Exchange exchange, ThreadLink link, StatusMaps.View view, String recordState, Map<String, String> placeholders) {
        String text = view.text.replace("{reference}", PartnerNotices.describe(link))
                .replace("{number}", link.recordNumber())
                .replace("{team}", teamLabel(link));
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace("{" + p.getKey() + "}", PartnerText.of(p.getValue() == null ? "" : p.getValue(), 1500));
        }
        text = PartnerText.of(text.replaceAll("\\{[A-Za-z0-9_.]+}", ""), 2000);
        String hash = sha256(view.status + "|" + text);
        boolean changed = !hash.equals(link.lastSyncedHash());
        exchange.setProperty("statusChanged", changed);
        if (changed) {
            exchange.setProperty("statusHash", hash);
            exchange.setProperty("statusState", recordState);
            exchange.setProperty("statusView", view.status);
            exchange.setProperty("statusNote", text);
        }
    }

    /** PATCH of the thread: status, status note and the external reference's status, marked with the bridge's origin. */
    public Map<String, Object> threadPatch(Exchange exchange) {
        return patch(exchange, true);
    }

    /** The same without the status, for when the community refuses the move (409, e.g. the thread is CLOSED). */
    public Map<String, Object> threadPatchWithoutStatus(Exchange exchange) {
        return patch(exchange, false);
    }

    public void synced(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        links.markSynced(link.id(), exchange.getProperty("statusHash", String.class), exchange.getProperty("statusState", String.class));
        audit.record("bridge", "status.published", link.threadId(), link.ref(), exchange.getProperty("statusNote", String.class));
        LOG.info("Thread {}: partner now sees {} \"{}\"", link.threadId(), exchange.getProperty("statusView"), exchange.getProperty("statusNote"));
    }

    /** A post in the linked thread, marked with the bridge's origin; publishKey names it for the idempotent consumer. */
    public Map<String, Object> post(Exchange exchange, String publishKey, String body) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.setProperty("publishKey", publishKey);
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", body);
        post.put("bodyFormat", "text");
        post.put("origin", notices.origin(link));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + link.threadId() + "/posts");
        return post;
    }

    public String teamLabel(ThreadLink link) {
        String key = link.exceptionType() == null ? Classification.UNCLASSIFIED : link.exceptionType();
        int slash = key.indexOf('/');
        Classification classification = slash < 0 ? new Classification(key, null, "link")
                : new Classification(key.substring(0, slash), key.substring(slash + 1), "link");
        return routing.target(classification).teamLabel();
    }

    private Map<String, Object> patch(Exchange exchange, boolean withStatus) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String text = exchange.getProperty("statusNote", String.class);
        Map<String, Object> patch = new LinkedHashMap<>();
        if (withStatus) {
            patch.put("status", exchange.getProperty("statusView"));
        }
        patch.put("statusNote", text);
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("system", link.targetSystem());
        reference.put("id", link.recordNumber());
        reference.put("status", text);
        patch.put("externalReferences", List.of(reference));
        patch.put("origin", notices.origin(link));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + link.threadId());
        return patch;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
