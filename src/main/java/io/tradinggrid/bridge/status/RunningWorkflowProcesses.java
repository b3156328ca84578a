package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tradinggrid.bridge.flow.OffsetPageCursor;
import io.tradinggrid.bridge.flow.PageCursor;
import io.tradinggrid.bridge.link.ThreadLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list a Workflow status poll reads: the running processes the bridge started (business key
 * {@code activecommunity:...}), with their variables and comments, page by page. It hands on, once the list is read,
 * only what the partner may have to see: a running process whose stage, variables or comments differ from what was
 * last seen, and, as {@code {"id":..., "ended":true}}, each watched process the list no longer holds (ended or gone,
 * as Flowable keeps only running instances in its runtime; or a list that reports one as ended).
 */
public class RunningWorkflowProcesses implements PageCursor {

    /** The list filter: the bridge's processes, with what the partner's view and posts are made of. */
    static final String FILTER = "businessKeyLike=activecommunity%3A%25&includeProcessVariables=true&includeProcessComments=true";

    private final Map<String, ThreadLink> unlisted = new LinkedHashMap<>();
    private final OffsetPageCursor pages;

    /** @param open the links not closed, read before the list, so each of their processes existed when it was listed */
    public RunningWorkflowProcesses(List<ThreadLink> open, int pageSize) {
        open.forEach(link -> unlisted.put(link.recordId(), link));
        Map<String, ThreadLink> watched = new LinkedHashMap<>(unlisted);
        this.pages = new OffsetPageCursor("process-instances", FILTER, pageSize, instance -> {
            ThreadLink link = watched.get(instance.path("id").asText());
            if (link == null || instance.path("ended").asBoolean(false)) {
                return false;
            }
            unlisted.remove(link.recordId());
            return !WorkflowStatusSync.fingerprint(instance).equals(link.recordSeen());
        }, true);
    }

    @Override
    public boolean hasNext() {
        return pages.hasNext();
    }

    @Override
    public String query() {
        return pages.query();
    }

    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        return pages.accept(page, link);
    }

    /** The changed running processes, then the watched ones the list did not hold as running. */
    @Override
    public List<JsonNode> drain() {
        List<JsonNode> handOn = new ArrayList<>(pages.drain());
        for (String id : unlisted.keySet()) {
            handOn.add(JsonNodeFactory.instance.objectNode().put("id", id).put("ended", true));
        }
        unlisted.clear();
        return handOn;
    }
}
