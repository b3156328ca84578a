package io.tradinggrid.bridge.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.PageCursor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A walk over the records of one ServiceNow table changed since a watermark ({@code sys_updated_on}), for the
 * paged-walk template. Used by the status, knowledge and provisioning walks.
 * <p>
 * Pages are keyset pages in (sys_updated_on, sys_id) order: each asks for the records after the last one read, never
 * for an offset. A record changed while the walk is on moves to the end of the order, so with an offset every unread
 * record behind it would shift back one place and one of them would never be read. In encoded-query terms "after
 * (t, id)" is {@code sys_updated_on>=t^sys_updated_on>t^ORsys_id>id}: {@code ^OR} binds to the condition before it, so
 * this reads (updated >= t) AND (updated > t OR sys_id > id). The watermark and its sys_id are those of the last record
 * read. The Link header's rel="next" only says whether more records follow (a page can be short because of ACLs).
 * <p>
 * The next walk starts again at the watermark's second, inclusive: sys_updated_on has one-second precision, so a record
 * changed later in that same second can sort before the stored sys_id. Re-read records are absorbed downstream (the
 * status hash, the published keys, a version per article).
 */
public class ServiceNowChanges implements PageCursor {

    /** Where a table's first walk starts. */
    public static final String BEGINNING = "1970-01-01 00:00:00";
    private static final Pattern NEXT = Pattern.compile("<[^>]+>;\\s*rel=\"next\"");

    private final String table;
    private final String filter;
    private final String fields;
    private final int pageSize;
    private String newest;
    private String lastId;
    private boolean more = true;

    /**
     * @param table     the table, e.g. incident
     * @param filter    an encoded query the records must match, e.g. {@code correlation_idSTARTSWITHactivecommunity:}
     * @param fields    the fields to read (sysparm_fields); sys_id and sys_updated_on are always read
     * @param watermark the sys_updated_on the last walk reached, or null for the first walk
     * @param pageSize  records per page
     */
    public ServiceNowChanges(String table, String filter, String fields, String watermark, int pageSize) {
        this.table = table;
        this.filter = filter == null || filter.isBlank() ? "" : filter + "^";
        this.fields = withKeyFields(fields);
        this.pageSize = pageSize;
        this.newest = watermark == null || watermark.isBlank() ? BEGINNING : watermark;
    }

    public String table() {
        return table;
    }

    @Override
    public boolean hasNext() {
        return more;
    }

    @Override
    public String query() {
        String after = lastId == null ? "" : "^sys_updated_on>" + newest + "^ORsys_id>" + lastId;
        String encoded = filter + "sys_updated_on>=" + newest + after + "^ORDERBYsys_updated_on^ORDERBYsys_id";
        return "sysparm_query=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8) + "&sysparm_fields=" + fields
                + "&sysparm_exclude_reference_link=true&sysparm_limit=" + pageSize;
    }

    /** The records of a Table API answer; the last one is where the next page starts. */
    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        List<JsonNode> records = new ArrayList<>();
        page.path("result").forEach(records::add);
        more = !records.isEmpty() && link != null && NEXT.matcher(link).find();
        if (!records.isEmpty()) {
            JsonNode last = records.get(records.size() - 1);
            newest = last.path("sys_updated_on").asText();
            lastId = last.path("sys_id").asText();
        }
        return records;
    }

    /** The watermark to store once the walk's records are handled: the sys_updated_on of the last record read. */
    public String watermark() {
        return newest;
    }

    /** The sys_id of the last record read (null when none was), stored beside the watermark. */
    public String lastId() {
        return lastId;
    }

    private static String withKeyFields(String fields) {
        List<String> names = new ArrayList<>(List.of(fields.split(",")));
        for (String key : List.of("sys_updated_on", "sys_id")) {
            if (!names.contains(key)) {
                names.add(0, key);
            }
        }
        return String.join(",", names);
    }
}
