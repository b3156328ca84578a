package io.tradinggrid.bridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A walk over a community or Workflow Service list, for the paged-walk template: both page by item {@code offset} and
 * {@code count} and answer {@code {_embedded: {<collection>: [...]}, page: {offset, count, totalElements}}}. The walk is
 * over when a page is empty or {@code offset + items >= totalElements} (a short page is not the end).
 * <p>
 * A walk whose handling changes the list it walks (a status filter the handling moves items out of, or
 * {@code updatedSince} order that a write moves items to the end of) would skip unread items with a plain offset; such
 * a walk holds every item back and hands them on once all pages are read ({@link #drain()}).
 */
public class OffsetPageCursor implements PageCursor {

    private final String collection;
    private final String filter;
    private final int pageSize;
    private final Predicate<JsonNode> keep;
    private final boolean holdUntilEnd;
    private final List<JsonNode> held = new ArrayList<>();
    private int offset;
    private boolean more = true;
    private String newest;

    /**
     * @param collection   the key of the items under {@code _embedded}, e.g. {@code process-instances}
     * @param filter       the encoded query every page carries besides count and offset (may be empty)
     * @param pageSize     items per page
     * @param keep         which items to hand on (the others are only counted)
     * @param holdUntilEnd whether handling the items changes the list, so they are handed on after the last page
     */
    public OffsetPageCursor(String collection, String filter, int pageSize, Predicate<JsonNode> keep, boolean holdUntilEnd) {
        this.collection = collection;
        this.filter = filter == null ? "" : filter;
        this.pageSize = pageSize;
        this.keep = keep;
        this.holdUntilEnd = holdUntilEnd;
    }

    @Override
    public boolean hasNext() {
        return more;
    }

    @Override
    public String query() {
        return (filter.isEmpty() ? "" : filter + "&") + "count=" + pageSize + "&offset=" + offset;
    }

    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        List<JsonNode> kept = new ArrayList<>();
        int items = 0;
        for (JsonNode item : page.path("_embedded").path(collection)) {
            items++;
            String updated = item.path("updatedTime").asText("");
            if (!updated.isEmpty() && (newest == null || updated.compareTo(newest) > 0)) {
                newest = updated;
            }
            if (keep.test(item)) {
                kept.add(item);
            }
        }
        offset += items;
        more = items > 0 && offset < page.path("page").path("totalElements").asLong();
        if (holdUntilEnd) {
            held.addAll(kept);
            return List.of();
        }
        return kept;
    }

    @Override
    public List<JsonNode> drain() {
        List<JsonNode> rest = new ArrayList<>(held);
        held.clear();
        return rest;
    }

    /** The newest {@code updatedTime} of the items read (kept or not), or null when none had one. */
    public String watermark() {
        return newest;
    }
}
