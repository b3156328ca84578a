package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.link.ThreadLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
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
    /** The stage of an instance that has ended: its link drops out of the watch list once the partner saw it. */
    public static final String ENDED = "ended";
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

    /** What the partner is to see of the instance's stage ({@link PartnerView#NONE} when the stage is not mapped). */
    public PartnerView view(@Body JsonNode instance, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        String stage = stage(instance);
        Optional<StatusMaps.View> view = maps.workflow(link.targetType(), stage);
        if (view.isEmpty()) {
            LOG.warn("Process {} ({}) is at {}, which config/status-maps.yaml does not map: the partner sees no change",
                    link.recordNumber(), link.targetType(), stage);
            return PartnerView.NONE;
        }
        return publisher.view(link, view.get(), instance.path("ended").asBoolean(false) ? ENDED : stage, variables(instance));
    }

    /**
     * Where an instance stands: its current activity (a user task), or once it has ended the end event it reached,
     * or {@link #ENDED} when the answer names none.
     */
    static String stage(JsonNode instance) {
        return instance.path("activityId").asText(instance.path("ended").asBoolean(false) ? ENDED : "");
    }

    /** The instance's process variables as text, for the placeholders of the status text. */
    static Map<String, String> variables(JsonNode instance) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode variable : instance.path("variables")) {
            JsonNode value = variable.path("value");
            variables.put(variable.path("name").asText(), value.isValueNode() ? value.asText() : value.toString());
        }
        return variables;
    }

    /** The posts of the process comments meant for the partner, without the marker. */
    public List<PartnerPost> partnerComments(@Body JsonNode answer, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        List<PartnerPost> posts = new ArrayList<>();
        for (JsonNode comment : answer.path("_embedded").path("comments")) {
            String message = comment.path("message").asText().strip();
            if (message.toLowerCase(Locale.ROOT).startsWith(PARTNER_MARKER)) {
                posts.add(new PartnerPost("workflow:comment:" + comment.path("id").asText(), publisher.post(link, "Update from "
                        + publisher.teamLabel(link) + ":\n" + PartnerText.of(message.substring(PARTNER_MARKER.length()).strip(), 60_000))));
            }
        }
        return posts;
    }
}
