package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflow Service -> community (W2, W4, W6, W7, W8): for each linked process that has not ended, shows the partner
 * its current stage or outcome through config/status-maps.yaml, and publishes the process comments meant for the
 * partner. The Workflow Service pushes nothing, so open processes are read on a schedule.
 * <p>
 * Convention for comments: only a comment that starts with "To partner:" is published (without the marker);
 * everything else is internal.
 */
public class WorkflowStatusSync {

    public static final String PARTNER_MARKER = "to partner:";
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStatusSync.class);

    private final ThreadLinks links;
    private final StatusPublisher publisher;
    private volatile StatusMaps maps;

    public WorkflowStatusSync(ThreadLinks links, StatusPublisher publisher, StatusMaps maps) {
        this.links = links;
        this.publisher = publisher;
        this.maps = maps;
    }

    public void replace(StatusMaps maps) {
        this.maps = maps;
    }

    public List<ThreadLink> openLinks() {
        return links.openWorkflowLinks();
    }

    /** GET of the process instance of the link in the body. */
    public void instanceRequest(Exchange exchange) {
        ThreadLink link = exchange.getMessage().getBody(ThreadLink.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, link.toString());
        publisher.attach(exchange, link);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances/" + link.recordId());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "includeProcessVariables=true");
    }

    /** Decides what the partner sees for the instance in the body (statusChanged and the view). */
    public void view(Exchange exchange) {
        JsonNode instance = exchange.getMessage().getBody(JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        boolean ended = instance.path("ended").asBoolean(false);
        String activity = instance.path("activityId").asText(ended ? "ended" : "");
        exchange.setProperty("statusChanged", false);
        Optional<StatusMaps.View> view = maps.workflow(link.targetType(), activity);
        if (view.isEmpty()) {
            LOG.warn("Process {} ({}) is at {}, which config/status-maps.yaml does not map: the partner sees no change",
                    link.recordNumber(), link.targetType(), activity);
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode variable : instance.path("variables")) {
            JsonNode value = variable.path("value");
            variables.put(variable.path("name").asText(), value.isValueNode() ? value.asText() : value.toString());
        }
        // "ended" makes the link drop out of the watch list once the partner has seen the outcome
        publisher.offer(exchange, link, view.get(), ended ? "ended" : activity, variables);
    }

    public void commentsRequest(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances/" + link.recordId() + "/comments");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "count=1000");
    }

    /** The comments meant for the partner. */
    public List<JsonNode> partnerComments(Exchange exchange) {
        List<JsonNode> comments = new ArrayList<>();
        for (JsonNode comment : exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("comments")) {
            if (comment.path("message").asText().strip().toLowerCase(Locale.ROOT).startsWith(PARTNER_MARKER)) {
                comments.add(comment);
            }
        }
        return comments;
    }

    public Map<String, Object> commentPost(Exchange exchange) {
        JsonNode comment = exchange.getMessage().getBody(JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String message = comment.path("message").asText().strip().substring(PARTNER_MARKER.length()).strip();
        return publisher.post(exchange, "workflow:comment:" + comment.path("id").asText(),
                "Update from " + publisher.teamLabel(link) + ":\n" + PartnerText.of(message, 60_000));
    }
}
