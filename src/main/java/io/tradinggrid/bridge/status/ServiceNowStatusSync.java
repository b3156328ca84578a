package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServiceNow -> community (S2, S7): finds linked records changed since the last poll (sys_updated_on watermark,
 * following the Link header), shows the partner their state through config/status-maps.yaml, and publishes the
 * customer-visible comments as posts. Work notes are never read. A hash of what the partner was last shown stops the
 * same state from being published twice (and ping-pong with the forward path).
 */
public class ServiceNowStatusSync {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowStatusSync.class);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;rel=\"next\"");
    private static final String FIELDS = "sys_id,number,state,hold_reason,close_notes,sys_updated_on,correlation_id";

    private final ThreadLinks links;
    private final WatermarkStore watermarks;
    private final AuditTrail audit;
    private final ThreadRouting routing;
    private final PartnerNotices notices;
    private final String integrationUser;
    private volatile StatusMaps maps;

    public ServiceNowStatusSync(ThreadLinks links, WatermarkStore watermarks, AuditTrail audit, ThreadRouting routing,
            PartnerNotices notices, StatusMaps maps, String integrationUser) {
        this.links = links;
        this.watermarks = watermarks;
        this.audit = audit;
        this.routing = routing;
        this.notices = notices;
        this.maps = maps;
        this.integrationUser = integrationUser;
    }

    public void replace(StatusMaps maps) {
        this.maps = maps;
    }

    // ---- walking the changed records of one table ----

    public void start(Exchange exchange) {
        String table = exchange.getMessage().getBody(String.class).trim();
        String watermark = watermarks.read(pollerId(table)).orElse("1970-01-01 00:00:00");
        exchange.setProperty("statusTable", table);
        exchange.setProperty("statusNewest", watermark);
        exchange.setProperty("statusMore", true);
        String query = "correlation_idSTARTSWITHactivecommunity:^sys_updated_on>=" + watermark + "^ORDERBYsys_updated_on^ORDERBYsys_id";
        exchange.setProperty("statusQuery", "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_fields=" + FIELDS + "&sysparm_exclude_reference_link=true&sysparm_limit=100&sysparm_offset=0");
    }

    public void pageRequest(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + exchange.getProperty("statusTable"));
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, exchange.getProperty("statusQuery"));
    }

    /** The records of a page; the next page is the Link header's rel="next", none when it is absent. */
    public List<JsonNode> records(Exchange exchange) {
        List<JsonNode> records = new ArrayList<>();
        exchange.getMessage().getBody(JsonNode.class).path("result").forEach(records::add);
        String link = exchange.getMessage().getHeader("Link", String.class);
        Matcher next = link == null ? null : NEXT.matcher(link);
        if (next != null && next.find() && !records.isEmpty()) {
            exchange.setProperty("statusQuery", URI.create(next.group(1)).getRawQuery());
        } else {
            exchange.setProperty("statusMore", false);
        }
        String newest = exchange.getProperty("statusNewest", String.class);
        for (JsonNode record : records) {
            String updated = record.path("sys_updated_on").asText();
            if (updated.compareTo(newest) > 0) {
                newest = updated;
            }
        }
        exchange.setProperty("statusNewest", newest);
        return records;
    }

    public void finish(Exchange exchange) {
        String table = exchange.getProperty("statusTable", String.class);
        watermarks.advance(pollerId(table), exchange.getProperty("statusNewest", String.class), null);
    }

    // ---- one record ----

    /** Names the record's link and decides whether the partner needs to see something new (statusChanged). */
    public void view(Exchange exchange) {
        JsonNode record = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(DeadLetterStore.ORIGINAL, record.toString());
        String table = exchange.getProperty("statusTable", String.class);
        Optional<ThreadLink> found = links.findByRecord("servicenow", record.path("sys_id").asText());
        exchange.setProperty("statusLinked", found.isPresent());
        exchange.setProperty("statusChanged", false);
        if (found.isEmpty()) {
            return;
        }
        ThreadLink link = found.get();
        exchange.setProperty("link", link);
        exchange.setProperty("threadId", link.threadId());
        exchange.setProperty("recordId", link.recordId());
        String state = record.path("state").asText();
        Optional<StatusMaps.View> view = maps.serviceNow(table, state, record.path("hold_reason").asText(null));
        if (view.isEmpty()) {
            LOG.warn("{} {} is in state {}, which config/status-maps.yaml does not map: the partner sees no change",
                    table, link.recordNumber(), state);
            return;
        }
        String text = view.get().text
                .replace("{reference}", reference(link))
                .replace("{number}", link.recordNumber())
                .replace("{team}", teamLabel(link))
                .replace("{closeNotes}", PartnerText.of(record.path("close_notes").asText(""), 1500));
        text = PartnerText.of(text, 2000);
        String hash = sha256(view.get().status + "|" + text);
        if (hash.equals(link.lastSyncedHash())) {
            return;
        }
        exchange.setProperty("statusChanged", true);
        exchange.setProperty("statusHash", hash);
        exchange.setProperty("statusState", state);
        exchange.setProperty("statusView", view.get().status);
        exchange.setProperty("statusNote", text);
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

    // ---- customer-visible comments ----

    public void commentsQuery(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String query = "element_id=" + link.recordId() + "^element=comments^sys_created_by!=" + integrationUser + "^ORDERBYsys_created_on";
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/sys_journal_field");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,value,sys_created_on,element&sysparm_limit=1000");
    }

    /** Customer-visible comments written by people (the bridge's own mirrors of partner posts are left out). */
    public List<JsonNode> comments(Exchange exchange) {
        List<JsonNode> comments = new ArrayList<>();
        for (JsonNode entry : exchange.getMessage().getBody(JsonNode.class).path("result")) {
            // only the customer-visible journal; a work note must never get here, whatever the query returned
            if ("comments".equals(entry.path("element").asText())) {
                comments.add(entry);
            }
        }
        return comments;
    }

    public Map<String, Object> commentPost(Exchange exchange) {
        JsonNode entry = exchange.getMessage().getBody(JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.setProperty("journalKey", "servicenow:journal:" + entry.path("sys_id").asText());
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", "Update from " + teamLabel(link) + " on " + reference(link) + ":\n"
                + PartnerText.of(entry.path("value").asText(), 60_000));
        post.put("bodyFormat", "text");
        post.put("origin", notices.origin(link));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + link.threadId() + "/posts");
        return post;
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
        reference.put("system", "servicenow");
        reference.put("id", link.recordNumber());
        reference.put("status", text);
        patch.put("externalReferences", List.of(reference));
        patch.put("origin", notices.origin(link));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + link.threadId());
        return patch;
    }

    private String teamLabel(ThreadLink link) {
        String key = link.exceptionType() == null ? Classification.UNCLASSIFIED : link.exceptionType();
        int slash = key.indexOf('/');
        Classification classification = slash < 0 ? new Classification(key, null, "link")
                : new Classification(key.substring(0, slash), key.substring(slash + 1), "link");
        return routing.target(classification).teamLabel();
    }

    private static String reference(ThreadLink link) {
        return PartnerNotices.describe(link);
    }

    static String pollerId(String table) {
        return "servicenow:" + table + ":status";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
