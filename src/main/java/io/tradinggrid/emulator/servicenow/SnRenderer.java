package io.tradinggrid.emulator.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tradinggrid.emulator.Json;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns stored records into Table API JSON: sysparm_display_value, sysparm_fields, sysparm_exclude_reference_link. */
final class SnRenderer {

    enum Mode { FALSE, TRUE, ALL }

    static Mode mode(String param) {
        if (param == null) {
            return Mode.FALSE;
        }
        switch (param.toLowerCase(Locale.ROOT)) {
            case "true":
                return Mode.TRUE;
            case "all":
                return Mode.ALL;
            default:
                return Mode.FALSE;
        }
    }

    private final SnDatabase db;

    SnRenderer(SnDatabase db) {
        this.db = db;
    }

    /**
     * @param fields requested fields (sysparm_fields, dot-walks allowed), null for all; invalid names are ignored
     */
    ObjectNode render(SnSchema.Table t, Map<String, String> r, Mode mode, boolean excludeLink, List<String> fields,
                      String baseUrl) {
        ObjectNode out = Json.object();
        List<String> names = fields == null ? new ArrayList<>(t.fields.keySet()) : fields;
        for (String name : names) {
            SnSchema.Field f = db.field(t, name);
            if (f == null) {
                continue;
            }
            String raw = db.value(t, r, name);
            boolean direct = !name.contains(".");
            out.set(name, value(t, r, f, raw, direct, mode, excludeLink, baseUrl));
        }
        return out;
    }

    private JsonNode value(SnSchema.Table t, Map<String, String> r, SnSchema.Field f, String raw, boolean direct,
                          Mode mode, boolean excludeLink, String baseUrl) {
        ZoneId zone = db.userZone();
        switch (f.type) {
            case REFERENCE: {
                if (raw.isEmpty()) {
                    return mode == Mode.ALL ? pair("", "") : TextNode.valueOf("");
                }
                String link = baseUrl + "/api/now/table/" + f.refTable + "/" + raw;
                if (mode == Mode.FALSE) {
                    if (excludeLink) {
                        return TextNode.valueOf(raw);
                    }
                    ObjectNode o = Json.object();
                    o.put("link", link);
                    o.put("value", raw);
                    return o;
                }
                String display = db.referenceDisplay(f.refTable, raw);
                if (mode == Mode.TRUE && excludeLink) {
                    return TextNode.valueOf(display);
                }
                ObjectNode o = Json.object();
                o.put("display_value", display);
                if (!excludeLink) {
                    o.put("link", link);
                }
                if (mode == Mode.ALL) {
                    o.put("value", raw);
                }
                return o;
            }
            case JOURNAL:
            case JOURNAL_LIST: {
                String display = direct && mode != Mode.FALSE
                        ? journalText(t.name, r.get("sys_id"), f.type == SnSchema.Type.JOURNAL ? f.name : null, zone)
                        : "";
                return shape(mode, "", display);
            }
            case CHOICE:
                return shape(mode, raw, f.choices.getOrDefault(raw, raw));
            case DATETIME:
                return shape(mode, raw, SnTime.display(raw, zone));
            default:
                return shape(mode, raw, raw);
        }
    }

    /** comments_and_work_notes as the platform renders it: newest first, "when - who (Kind)\ntext\n\n". */
    String journalText(String table, String sysId, String element, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> j : db.journal(table, sysId, element)) {
            sb.append(SnTime.display(j.get("sys_created_on"), zone)).append(" - ")
                    .append(db.userDisplayName(j.get("sys_created_by"))).append(" (")
                    .append(SnSchema.JOURNAL_ELEMENT.getOrDefault(j.get("element"), j.get("element"))).append(")\n")
                    .append(j.get("value")).append("\n\n");
        }
        return sb.toString();
    }

    private static JsonNode shape(Mode mode, String raw, String display) {
        switch (mode) {
            case TRUE:
                return TextNode.valueOf(display);
            case ALL:
                return pair(display, raw);
            default:
                return TextNode.valueOf(raw);
        }
    }

    private static ObjectNode pair(String display, String raw) {
        ObjectNode o = Json.object();
        o.put("display_value", display);
        o.put("value", raw);
        return o;
    }
}
