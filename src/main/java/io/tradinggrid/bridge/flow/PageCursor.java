package io.tradinggrid.bridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a walk over a system's list API is, for the paged-walk route template (routes/paged-walk.camel.yaml): which
 * query the next page needs, which items of an answer to hand on, and when the walk is over. A walk's cursor lives in
 * the exchange property {@link ExchangeKeys#CURSOR}; a bean of the flow makes it (the walk's {@code cursor}), and the
 * walk's {@code done} step reads what it needs from it at the end (e.g. the new watermark).
 */
public interface PageCursor {

    /** Whether another page is to be read. */
    boolean hasNext();

    /** The query string of the next page (without the leading {@code ?}). */
    String query();

    /**
     * Takes in one page and returns the items to hand on now (possibly fewer than the page holds: a cursor may hold
     * some back, see {@link #drain()}).
     *
     * @param page the parsed answer
     * @param link the answer's Link header, or null
     */
    List<JsonNode> accept(JsonNode page, String link);

    /** Items held back until the walk was over, handed on with the last page (PageItems). */
    default List<JsonNode> drain() {
        return List.of();
    }
}
