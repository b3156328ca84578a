package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.servicenow.ServiceNowChanges;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServiceNow -> community (S2, S7): finds linked records changed since the last poll (a {@link ServiceNowChanges}
 * walk over sys_updated_on), shows the partner their state through config/status-maps.yaml, and publishes the
 * customer-visible comments as posts. Work notes are never read. A hash of what the partner was last shown stops the
 * same state from being published twice (and ping-pong with the forward path).
 */
public class ServiceNowStatusSync {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowStatusSync.class);
    private static final String FILTER = "correlation_idSTARTSWITHactivecommunity:";
    private static final String FIELDS = "sys_id,number,state,hold_reason,close_notes,sys_updated_on,correlation_id,assignment_group,category,subcategory";
    private static final int PAGE_SIZE = 100;

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

    /** The walk over the table's bridge-made records changed since the table's watermark. */
    public ServiceNowChanges startWalk(@ExchangeProperty(ExchangeKeys.STATUS_TABLE) String table) {
        return new ServiceNowChanges(table, FILTER, FIELDS, watermarks.read(pollerId(table)).orElse(null), PAGE_SIZE);
    }

    /** Moves the table's watermark once every record of the walk is handled. */
    public void walked(@ExchangeProperty(ExchangeKeys.STATUS_TABLE) String table, @ExchangeProperty(ExchangeKeys.CURSOR) ServiceNowChanges walk) {
        watermarks.advance(pollerId(table), walk.watermark(), walk.lastId());
    }

    // ---- one record ----

    /** The link of a record, or null when the bridge did not open it. */
    public ThreadLink linkOf(@Body JsonNode record) {
        return links.findByRecord("servicenow", record.path("sys_id").asText()).orElse(null);
    }

    /**
     * What the partner is to see of the record's state ({@link PartnerView#NONE} when the state is not mapped). The table
     * is the link's, so a record replayed from the dead-letter store, which carries only the record, is mapped alike.
     */
    public PartnerView view(@Body JsonNode record, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        String table = link.targetType();
        String state = record.path("state").asText();
        Optional<StatusMaps.View> view = maps.serviceNow(table, state, record.path("hold_reason").asText(null));
        if (view.isEmpty()) {
            LOG.warn("{} {} is in state {}, which config/status-maps.yaml does not map: the partner sees no change",
                    table, link.recordNumber(), state);
            return PartnerView.NONE;
        }
        return publisher.view(link, view.get(), state, Map.of("closeNotes", record.path("close_notes").asText("")));
    }

    // ---- customer-visible comments ----

    /** The query of the record's customer-visible journal, without the bridge's own mirrors of partner posts. */
    public String commentsQuery(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        String query = "element_id=" + link.recordId() + "^element=comments^sys_created_by!=" + integrationUser + "^ORDERBYsys_created_on";
        return "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&sysparm_fields=sys_id,value,sys_created_on,element&sysparm_limit=1000";
    }

    /** The posts of the customer-visible comments written by people. */
    public List<PartnerPost> comments(@Body JsonNode journal, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        List<PartnerPost> posts = new ArrayList<>();
        for (JsonNode entry : journal.path("result")) {
            // only the customer-visible journal; a work note must never get here, whatever the query returned
            if ("comments".equals(entry.path("element").asText())) {
                posts.add(new PartnerPost("servicenow:journal:" + entry.path("sys_id").asText(), publisher.post(link,
                        "Update from " + publisher.teamLabel(link) + " on " + PartnerNotices.describe(link) + ":\n"
                                + PartnerText.of(entry.path("value").asText(), 60_000))));
            }
        }
        return posts;
    }

    static String pollerId(String table) {
        return "servicenow:" + table + ":status";
    }
}
