package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final StatusPublisher publisher;
    private final String integrationUser;
    private volatile StatusMaps maps;

    public ServiceNowStatusSync(ThreadLinks links, WatermarkStore watermarks, StatusPublisher publisher, StatusMaps maps,
            String integrationUser) {
        this.links = links;
        this.watermarks = watermarks;
        this.publisher = publisher;
        this.maps = maps;
        this.integrationUser = integrationUser;
    }

    public void replace(StatusMaps maps) {
        this.maps = maps;
    }

    // ---- walking the changed records of one table ----

    public void start(Exchange exchange) {
        begin(exchange, watermarks, exchange.getMessage().getBody(String.class).trim(), "correlation_idSTARTSWITHactivecommunity:", FIELDS);
    }

    /**
     * Starts a walk over the records of a table changed since its watermark that match a filter, for pageRequest,
     * records and finish (used by the status, knowledge and provisioning walks).
     */
    public static void begin(Exchange exchange, WatermarkStore watermarks, String table, String filter, String fields) {
        String watermark = watermarks.read(pollerId(table)).orElse("1970-01-01 00:00:00");
        exchange.setProperty("statusTable", table);
        exchange.setProperty("statusNewest", watermark);
        exchange.setProperty("statusMore", true);
        String query = filter + "^sys_updated_on>=" + watermark + "^ORDERBYsys_updated_on^ORDERBYsys_id";
        exchange.setProperty("statusQuery", "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_fields=" + fields + "&sysparm_exclude_reference_link=true&sysparm_limit=100&sysparm_offset=0");
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
        exchange.setProperty(ExchangeKeys.ORIGINAL, record.toString());
        String table = exchange.getProperty("statusTable", String.class);
        Optional<ThreadLink> found = links.findByRecord("servicenow", record.path("sys_id").asText());
        exchange.setProperty("statusLinked", found.isPresent());
        exchange.setProperty("statusChanged", false);
        if (found.isEmpty()) {
            return;
        }
        ThreadLink link = found.get();
        publisher.attach(exchange, link);
        String state = record.path("state").asText();
        Optional<StatusMaps.View> view = maps.serviceNow(table, state, record.path("hold_reason").asText(null));
        if (view.isEmpty()) {
            LOG.warn("{} {} is in state {}, which config/status-maps.yaml does not map: the partner sees no change",
                    table, link.recordNumber(), state);
            return;
        }
        publisher.offer(exchange, link, view.get(), state, Map.of("closeNotes", record.path("close_notes").asText("")));
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
        return publisher.post(exchange, "servicenow:journal:" + entry.path("sys_id").asText(),
                "Update from " + publisher.teamLabel(link) + " on " + PartnerNotices.describe(link) + ":\n"
                        + PartnerText.of(entry.path("value").asText(), 60_000));
    }

    static String pollerId(String table) {
        return "servicenow:" + table + ":status";
    }

}
