package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.Sha256;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Workflow Service -> community (W2, W4, W6, W7, W8): shows the partner each linked process's current stage or
 * outcome through config/status-maps.yaml, and publishes the process comments meant for the partner. The Workflow
 * Service pushes nothing, so a poll reads one list of the running processes (RunningWorkflowProcesses) and looks
 * closer only at those that changed or left the runtime. As in Flowable, an ended process is only in history (its end
 * event, end time and variables); its link is closed once it was read there, and one that history does not know
 * either was removed (RemovedRecords).
 * <p>
 * Convention for comments: only a comment that starts with "To partner:" is published (without the marker);
 * everything else is internal.
 */
public class WorkflowStatusSync {

    public static final String PARTNER_MARKER = "to partner:";
    /** The stage of an instance that has ended at no end event the answer names. */
    public static final String ENDED = "ended";
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStatusSync.class);

    private final ThreadLinks links;
    private final StatusPublisher publisher;
    private final int pageSize;
    private volatile StatusMaps maps;

    public WorkflowStatusSync(ThreadLinks links, StatusPublisher publisher, StatusMaps maps, int pageSize) {
        this.links = links;
        this.publisher = publisher;
        this.maps = maps;
        this.pageSize = pageSize;
    }

    public void replace(StatusMaps maps) {
        this.maps = maps;
    }

    public List<ThreadLink> openLinks() {
        return links.openWorkflowLinks();
    }

    /** The poll's walk over the running processes, handing on those of the open links that changed or left. */
    public RunningWorkflowProcesses runningWalk(@ExchangeProperty(ExchangeKeys.OPEN_LINKS) List<ThreadLink> open) {
        return new RunningWorkflowProcesses(open, pageSize);
    }

    /** The link of a process the walk handed on. */
    public ThreadLink linkOf(@Body JsonNode process) {
        String id = process.path("id").asText();
        return links.findByRecord("workflow", id).orElseThrow(() -> new IllegalStateException("process " + id + " has no link"));
    }

    /** True when the list did not hold the process as running: its end (or its absence) is in history. */
    public boolean leftRuntime(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process) {
        return process.path("ended").asBoolean(false);
    }

    /** The process read from history with its comments (the comments of an ended process stay readable). */
    public JsonNode withComments(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode historic, @Body JsonNode comments) {
        ObjectNode process = historic.deepCopy();
        process.set("comments", comments.path("_embedded").path("comments"));
        return process;
    }

    /**
     * True when the process is gone: history does not know it (deleted), or it was terminated (deleted while it ran,
     * so it reached no end event). Either way nobody works on it any more.
     */
    public boolean removed(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process) {
        return process == null || process.isMissingNode() || process.isNull()
                || ended(process) && !process.path("completed").asBoolean(true) && process.path("endActivityId").asText("").isEmpty();
    }

    /** What the partner is to see of the process's stage ({@link PartnerView#NONE} when the stage is not mapped). */
    public PartnerView view(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        String stage = stage(process);
        Optional<StatusMaps.View> view = maps.workflow(link.targetType(), stage);
        if (view.isEmpty()) {
            LOG.warn("Process {} ({}) is at {}, which config/status-maps.yaml does not map: the partner sees no change",
                    link.recordNumber(), link.targetType(), stage);
            return PartnerView.NONE;
        }
        return publisher.view(link, view.get(), ended(process) ? ENDED : stage, variables(process));
    }

    /** Remembers what was read of the process; an ended one closes its link, so it is polled no more. */
    public void seen(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process) {
        boolean ended = ended(process);
        links.markSeen(link.id(), fingerprint(process), ended);
        if (ended) {
            LOG.info("Process {} of thread {} ended at {}: no longer watched", link.recordNumber(), link.threadId(), stage(process));
        }
    }

    /** Whether the process has ended: the runtime's {@code ended}, or history's end time. */
    static boolean ended(JsonNode process) {
        return process.path("ended").asBoolean(false) || !process.path("endTime").asText("").isEmpty();
    }

    /**
     * Where a process stands: its current activity (a user task); once it has ended, the end event it reached
     * (history's endActivityId; a runtime answer may name none), or {@link #ENDED}.
     */
    static String stage(JsonNode process) {
        if (ended(process)) {
            String end = process.path("endActivityId").asText("");
            return !end.isEmpty() ? end : process.path("activityId").asText(ENDED);
        }
        return process.path("activityId").asText(process.path("currentActivityId").asText(""));
    }

    /** What the partner's view and posts of a process are made of (stage, variables, comments), as a short hash. */
    static String fingerprint(JsonNode process) {
        StringBuilder text = new StringBuilder(stage(process)).append('|').append(process.path("suspended").asBoolean(false));
        text.append('|').append(process.path("variables"));
        for (JsonNode comment : process.path("comments")) {
            text.append('|').append(comment.path("id").asText());
        }
        return Sha256.hex(text.toString());
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

    /** The posts of the process comments meant for the partner (the process's {@code comments}), without the marker. */
    public List<PartnerPost> partnerComments(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        List<PartnerPost> posts = new ArrayList<>();
        for (JsonNode comment : process.path("comments")) {
            String message = comment.path("message").asText().strip();
            if (message.toLowerCase(Locale.ROOT).startsWith(PARTNER_MARKER)) {
                posts.add(new PartnerPost("workflow:comment:" + comment.path("id").asText(), publisher.post(link, "Update from "
                        + publisher.teamLabel(link) + ":\n" + PartnerText.of(message.substring(PARTNER_MARKER.length()).strip(), 60_000))));
            }
        }
        return posts;
    }
}
