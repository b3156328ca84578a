package io.tradinggrid.bridge.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.PageCursor;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A walk over the records of one ServiceNow table changed since a watermark ({@code sys_updated_on}), for the
 * paged-walk template: pages follow the Link header's {@code rel="next"}, and the newest {@code sys_updated_on} seen
 * becomes the next watermark once the flow has handled the walk. Used by the status, knowledge and provisioning walks.
 */
public class ServiceNowChanges implements PageCursor {

    /** Where a table's first walk starts. */
    public static final String BEGINNING = "1970-01-01 00:00:00";
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final String table;
    private String query;
    private String newest;
    private boolean more = true;

    /**
     * @param table     the table, e.g. incident
     * @param filter    an encoded query the records must match, e.g. {@code correlation_idSTARTSWITHactivecommunity:}
     * @param fields    the fields to read (sysparm_fields)
     * @param watermark the sys_updated_on the last walk reached, or null for the first walk
     * @param pageSize  records per page
     */
    public ServiceNowChanges(String table, String filter, String fields, String watermark, int pageSize) {
        this.table = table;
        this.newest = watermark == null || watermark.isBlank() ? BEGINNING : watermark;
        String encoded = (filter == null || filter.isBlank() ? "" : filter + "^") + "sys_updated_on>=" + newest
                + "^ORDERBYsys_updated_on^ORDERBYsys_id";
        this.query = "sysparm_query=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8) + "&sysparm_fields=" + fields
                + "&sysparm_exclude_reference_link=true&sysparm_limit=" + pageSize + "&sysparm_offset=0";
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
        return query;
    }

    /** The records of a Table API answer; the next page is the Link header's rel="next", none when it is absent. */
    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        List<JsonNode> records = new ArrayList<>();
        page.path("result").forEach(records::add);
        Matcher next = link == null ? null : NEXT.matcher(link);
        if (next != null && next.find() && !records.isEmpty()) {
            query = URI.create(next.group(1)).getRawQuery();
        } else {
            more = false;
        }
        for (JsonNode record : records) {
            String updated = record.path("sys_updated_on").asText();
            if (updated.compareTo(newest) > 0) {
                newest = updated;
            }
        }
        return records;
    }

    /** The watermark to store once the walk's records are handled. */
    public String watermark() {
        return newest;
    }
}
