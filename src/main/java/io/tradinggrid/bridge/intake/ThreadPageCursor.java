package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.PageCursor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks the changed threads of one community, page after page, without skipping any.
 * <p>
 * The list is sorted by (updatedTime, id) and {@code updatedSince} is inclusive. Every thread the bridge handles is
 * then updated (link, status note) and moves to the end of the list, which would shift unread threads past a plain
 * offset. So:
 * <ul>
 * <li>each page asks again from the newest updatedTime seen so far, from offset 0;</li>
 * <li>threads older than that time are released for handling; threads at exactly that time are held back until a
 * later page shows a newer time, or the walk ends ({@link #drain()}). Nothing at the boundary is updated while the
 * walk is on it, so when a whole page shares one millisecond the offset can safely count on within it;</li>
 * <li>re-read threads are released once (same id and updatedTime); the idempotent consumer absorbs the rest.</li>
 * </ul>
 * The walk ends when a page says nothing is left ({@code offset + items >= totalElements}), never merely because a
 * page was short. The newest updatedTime seen becomes the next watermark, stored only once the batch is done.
 */
public class ThreadPageCursor implements PageCursor {

    private final int pageSize;
    private final String startedAt;
    private final Map<String, JsonNode> held = new LinkedHashMap<>();
    private final Set<String> released = new HashSet<>();
    private String since;
    private int offsetAtSince;
    private boolean more = true;
    private int pages;

    public ThreadPageCursor(String watermark, int pageSize) {
        this.since = watermark;
        this.startedAt = watermark;
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        return more;
    }

    @Override
    public String query() {
        StringBuilder q = new StringBuilder("count=").append(pageSize).append("&offset=").append(offsetAtSince);
        if (since != null && !since.isBlank()) {
            q.append("&updatedSince=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /**
     * Takes a page ({@code {_embedded:{threads:[...]}, page:{offset,count,totalElements}}}) and returns the threads
     * that can be handled now. Paging is by offset within the newest time seen, so the Link header is not needed.
     */
    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        List<JsonNode> items = new ArrayList<>();
        page.path("_embedded").path("threads").forEach(items::add);
        long total = page.path("page").path("totalElements").asLong(0);
        long offset = page.path("page").path("offset").asLong(offsetAtSince);
        pages++;
        if (items.isEmpty() || offset + items.size() >= total) {
            more = false;
        }
        String newest = since;
        for (JsonNode thread : items) {
            String updated = time(thread);
            if (newest == null || updated.compareTo(newest) > 0) {
                newest = updated;
            }
        }
        List<JsonNode> ready = new ArrayList<>();
        for (JsonNode thread : items) {
            held.put(key(thread), thread);
        }
        for (var it = held.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            if (newest == null || time(entry.getValue()).compareTo(newest) < 0) {
                if (released.add(entry.getKey())) {
                    ready.add(entry.getValue());
                }
                it.remove();
            }
        }
        if (newest != null && !newest.equals(since)) {
            since = newest;
            offsetAtSince = 0;
        } else {
            offsetAtSince += items.size();
        }
        return ready;
    }

    /** The threads still held back at the newest time, once the walk has ended. */
    @Override
    public List<JsonNode> drain() {
        List<JsonNode> rest = new ArrayList<>();
        for (var entry : held.entrySet()) {
            if (released.add(entry.getKey())) {
                rest.add(entry.getValue());
            }
        }
        held.clear();
        return rest;
    }

    /** The watermark to store once the batch is done: the newest updatedTime seen (or the old one). */
    public String watermark() {
        return since;
    }

    /** True when this walk found threads changed after the watermark it started from. */
    public boolean advanced() {
        return since != null && !since.equals(startedAt);
    }

    public int pages() {
        return pages;
    }

    /** Threads released for handling so far. */
    public int threads() {
        return released.size();
    }

    private static String time(JsonNode thread) {
        return thread.path("updatedTime").asText();
    }

    private static String key(JsonNode thread) {
        return thread.path("id").asText() + "@" + time(thread);
    }
}
