package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the changed threads of one community, page after page, without skipping any.
 * <p>
 * The list is sorted by (updatedTime, id) and {@code updatedSince} is inclusive. Plain offset paging would skip a
 * thread when an earlier one is updated during the walk (it moves to the end and everything after it shifts left).
 * So each page asks again from the newest updatedTime seen so far, skipping the threads already read at exactly
 * that time. The walk ends when a page says nothing is left ({@code offset + items >= totalElements}), never merely
 * because a page was short. The newest updatedTime seen becomes the next watermark; the inclusive boundary is
 * re-read on the next poll and absorbed by the idempotent consumer.
 */
public class ThreadPageCursor {

    private final int pageSize;
    private String since;
    private int offsetAtSince;
    private boolean more = true;
    private int pages;
    private int threads;

    public ThreadPageCursor(String watermark, int pageSize) {
        this.since = watermark;
        this.pageSize = pageSize;
    }

    public boolean hasNext() {
        return more;
    }

    /** Query string of the next page request. */
    public String query() {
        StringBuilder q = new StringBuilder("count=").append(pageSize).append("&offset=").append(offsetAtSince);
        if (since != null && !since.isBlank()) {
            q.append("&updatedSince=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** Takes a page ({@code {_embedded:{threads:[...]}, page:{offset,count,totalElements}}}) and returns its threads. */
    public List<JsonNode> accept(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.path("_embedded").path("threads").forEach(items::add);
        long total = page.path("page").path("totalElements").asLong(0);
        long offset = page.path("page").path("offset").asLong(offsetAtSince);
        pages++;
        threads += items.size();
        if (items.isEmpty() || offset + items.size() >= total) {
            more = false;
        }
        for (JsonNode thread : items) {
            String updated = thread.path("updatedTime").asText();
            if (updated.equals(since)) {
                offsetAtSince++;
            } else if (since == null || updated.compareTo(since) > 0) {
                since = updated;
                offsetAtSince = 1;
            }
        }
        return items;
    }

    /** The watermark to store once the batch is done: the newest updatedTime seen (or the old one). */
    public String watermark() {
        return since;
    }

    public int pages() {
        return pages;
    }

    public int threads() {
        return threads;
    }
}
