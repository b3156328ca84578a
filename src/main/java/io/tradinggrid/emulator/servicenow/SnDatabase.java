package io.tradinggrid.emulator.servicenow;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The emulated instance's records, with the server-side behaviour ServiceNow runs on every write: system fields,
 * numbering, priority lookup, the state models (data-policy style 403s included) and the journal
 * (sys_journal_field rows for work_notes and comments). All values are stored as database strings; references
 * hold sys_ids. Thread-safe: every method locks the database.
 */
final class SnDatabase implements EncodedQuery.Resolver {

    /** A committed insert or update, for the outbound "business rule" webhook. */
    record Change(String operation, String table, Map<String, String> record) {
    }

    static final Pattern SYS_ID = Pattern.compile("^[0-9a-f]{32}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> SYSTEM_FIELDS = Set.of("sys_created_on", "sys_created_by", "sys_updated_on",
            "sys_updated_by", "sys_mod_count", "sys_class_name", "sys_tags", "comments_and_work_notes", "sys_domain_path");

    private final SnSchema schema;
    private final Map<String, LinkedHashMap<String, Map<String, String>>> rows = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile ZoneId userZone = ZoneOffset.UTC;

    SnDatabase(SnSchema schema) {
        this.schema = schema;
    }

    SnSchema schema() {
        return schema;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    ZoneId userZone() {
        return userZone;
    }

    void setUserZone(ZoneId zone) {
        this.userZone = zone;
    }

    void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    static String newSysId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    SnSchema.Table table(String name) {
        SnSchema.Table t = schema.table(name);
        if (t == null) {
            throw SnException.invalidTable(name);
        }
        return t;
    }

    // ---- reads --------------------------------------------------------------------------------------

    synchronized Map<String, String> get(String table, String sysId) {
        Map<String, String> r = rows(table).get(sysId);
        return r == null ? null : new LinkedHashMap<>(r);
    }

    synchronized List<Map<String, String>> all(String table) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows(table).values()) {
            out.add(new LinkedHashMap<>(r));
        }
        return out;
    }

    /** Matching records in query order (insertion order when the query has no ORDERBY, which keeps paging stable). */
    synchronized List<Map<String, String>> query(String table, EncodedQuery query) {
        SnSchema.Table t = table(table);
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows(table).values()) {
            if (query.matches(t, r, this)) {
                out.add(new LinkedHashMap<>(r));
            }
        }
        out.sort(query.comparator(t, this));
        return out;
    }

    synchronized Map<String, String> findBy(String table, String field, String value) {
        for (Map<String, String> r : rows(table).values()) {
            if (value.equals(r.get(field))) {
                return new LinkedHashMap<>(r);
            }
        }
        return null;
    }

    synchronized String userSysId(String userName) {
        Map<String, String> u = findBy("sys_user", "user_name", userName);
        return u == null ? "" : u.get("sys_id");
    }

    synchronized String userDisplayName(String userName) {
        Map<String, String> u = findBy("sys_user", "user_name", userName);
        return u == null || u.get("name").isEmpty() ? userName : u.get("name");
    }

    /** The display value of a reference: the display field of the referenced record, "" when unknown. */
    synchronized String referenceDisplay(String refTable, String sysId) {
        if (sysId == null || sysId.isEmpty()) {
            return "";
        }
        if ("global".equals(sysId) && "sys_user_group".equals(refTable)) {
            return "global";
        }
        SnSchema.Table t = schema.table(refTable);
        if (t == null) {
            return "";
        }
        Map<String, String> r = rows(refTable).get(sysId);
        return r == null ? "" : r.getOrDefault(t.displayField, "");
    }

    /** Resolves a display value (or a sys_id) of a referenced table to a sys_id; null when nothing matches. */
    synchronized String resolveReference(String refTable, String displayOrId) {
        SnSchema.Table t = schema.table(refTable);
        if (t == null) {
            return null;
        }
        if (rows(refTable).containsKey(displayOrId)) {
            return displayOrId;
        }
        Map<String, String> r = findBy(refTable, t.displayField, displayOrId);
        if (r == null && "sys_user".equals(refTable)) {
            r = findBy(refTable, "user_name", displayOrId);
        }
        return r == null ? null : r.get("sys_id");
    }

    /** Journal entries of a record, newest first. */
    synchronized List<Map<String, String>> journal(String table, String sysId, String element) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> j : rows("sys_journal_field").values()) {
            if (sysId.equals(j.get("element_id")) && table.equals(j.get("name"))
                    && (element == null || element.equals(j.get("element")))) {
                out.add(0, new LinkedHashMap<>(j));
            }
        }
        return out;
    }

    // ---- resolver (dot-walking) -----------------------------------------------------------------------

    @Override
    public synchronized SnSchema.Field field(SnSchema.Table table, String path) {
        SnSchema.Table t = table;
        String[] parts = path.split("\\.");
        SnSchema.Field f = null;
        for (int i = 0; i < parts.length; i++) {
            if (t == null) {
                return null;
            }
            f = t.field(parts[i]);
            if (f == null) {
                return null;
            }
            if (i < parts.length - 1) {
                if (f.type != SnSchema.Type.REFERENCE) {
                    return null;
                }
                t = schema.table(f.refTable);
            }
        }
        return f;
    }

    @Override
    public synchronized String value(SnSchema.Table table, Map<String, String> record, String path) {
        if (path.endsWith(".__display")) {
            String base = path.substring(0, path.length() - ".__display".length());
            SnSchema.Field f = field(table, base);
            return f == null || f.type != SnSchema.Type.REFERENCE ? "" : referenceDisplay(f.refTable, value(table, record, base));
        }
        SnSchema.Table t = table;
        Map<String, String> r = record;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (r == null || t == null) {
                return "";
            }
            String v = r.getOrDefault(parts[i], "");
            if (i == parts.length - 1) {
                return v;
            }
            SnSchema.Field f = t.field(parts[i]);
            if (f == null || f.type != SnSchema.Type.REFERENCE || v.isEmpty()) {
                return "";
            }
            t = schema.table(f.refTable);
            r = t == null ? null : rows(t.name).get(v);
        }
        return "";
    }

    // ---- writes --------------------------------------------------------------------------------------

    /**
     * Inserts a record. {@code values} are database values of known fields (the HTTP layer resolved display values);
     * system fields are ignored, work_notes/comments become journal entries.
     */
    Map<String, String> insert(String table, Map<String, String> values, String user) {
        Map<String, String> copy;
        synchronized (this) {
            SnSchema.Table t = table(table);
            Map<String, String> r = new LinkedHashMap<>();
            for (SnSchema.Field f : t.fields.values()) {
                r.put(f.name, f.defaultValue);
            }
            String sysId = values.get("sys_id");
            if (sysId == null || !SYS_ID.matcher(sysId).matches() || rows(table).containsKey(sysId)) {
                sysId = newSysId();
            }
            Map<String, String> journal = new LinkedHashMap<>();
            apply(t, r, values, journal);
            String now = SnTime.utc(now());
            r.put("sys_id", sysId);
            r.put("sys_created_on", now);
            r.put("sys_created_by", user);
            if (t.has("sys_updated_on")) {
                r.put("sys_updated_on", now);
                r.put("sys_updated_by", user);
                r.put("sys_mod_count", "0");
            }
            if (t.prefix != null && (r.get("number") == null || r.get("number").isEmpty())) {
                r.put("number", nextNumber(t));
            }
            if (t.task) {
                r.put("sys_class_name", t.name);
                if (r.get("opened_at").isEmpty()) {
                    r.put("opened_at", now);
                }
                if (r.get("opened_by").isEmpty()) {
                    r.put("opened_by", userSysId(user));
                }
                if (r.get("sys_domain").isEmpty()) {
                    r.put("sys_domain", "global");
                }
            }
            if (t.name.equals("sys_user") && r.get("name").isEmpty()) {
                r.put("name", (r.get("first_name") + " " + r.get("last_name")).trim());
            }
            rules(t, null, r, user, now);
            rows(table).put(sysId, r);
            writeJournal(t, sysId, journal, user, now);
            copy = new LinkedHashMap<>(r);
        }
        fire(new Change("insert", table, copy));
        return copy;
    }

    /** Updates the given fields only (ServiceNow's PUT and PATCH both behave like this). Null when not found. */
    Map<String, String> update(String table, String sysId, Map<String, String> values, String user) {
        Map<String, String> copy;
        synchronized (this) {
            SnSchema.Table t = table(table);
            Map<String, String> existing = rows(table).get(sysId);
            if (existing == null) {
                return null;
            }
            Map<String, String> r = new LinkedHashMap<>(existing);
            Map<String, String> journal = new LinkedHashMap<>();
            apply(t, r, values, journal);
            String now = SnTime.utc(now());
            rules(t, existing, r, user, now);
            if (r.equals(existing) && journal.isEmpty()) {
                return new LinkedHashMap<>(existing);
            }
            if (t.task && !r.get("assignment_group").equals(existing.get("assignment_group"))) {
                r.put("reassignment_count", String.valueOf(parse(existing.get("reassignment_count")) + 1));
            }
            if (t.has("sys_updated_on")) {
                r.put("sys_updated_on", now);
                r.put("sys_updated_by", user);
                r.put("sys_mod_count", String.valueOf(parse(existing.get("sys_mod_count")) + 1));
            }
            rows(table).put(sysId, r);
            writeJournal(t, sysId, journal, user, now);
            copy = new LinkedHashMap<>(r);
        }
        fire(new Change("update", table, copy));
        return copy;
    }

    synchronized boolean delete(String table, String sysId) {
        table(table);
        Map<String, String> removed = rows(table).remove(sysId);
        if (removed != null) {
            rows("sys_attachment").values().removeIf(a -> {
                boolean mine = sysId.equals(a.get("table_sys_id")) && table.equals(a.get("table_name"));
                if (mine) {
                    files.remove(a.get("sys_id"));
                }
                return mine;
            });
        }
        return removed != null;
    }

    /** Stores an attachment (metadata in sys_attachment, bytes beside it). */
    synchronized Map<String, String> putAttachment(Map<String, String> meta, byte[] bytes) {
        rows("sys_attachment").put(meta.get("sys_id"), new LinkedHashMap<>(meta));
        files.put(meta.get("sys_id"), bytes);
        return new LinkedHashMap<>(meta);
    }

    synchronized byte[] attachmentBytes(String sysId) {
        return files.get(sysId);
    }

    synchronized boolean deleteAttachment(String sysId) {
        files.remove(sysId);
        return rows("sys_attachment").remove(sysId) != null;
    }

    synchronized void clear() {
        rows.clear();
        counters.clear();
        files.clear();
    }

    // ---- business logic --------------------------------------------------------------------------------

    private void apply(SnSchema.Table t, Map<String, String> r, Map<String, String> values, Map<String, String> journal) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue();
            SnSchema.Field f = t.field(name);
            if (f == null || name.equals("sys_id") || SYSTEM_FIELDS.contains(name)) {
                continue;
            }
            if (t.task && name.equals("sys_domain") && v.isEmpty()) {
                continue;
            }
            if (f.type == SnSchema.Type.JOURNAL) {
                if (!v.isBlank()) {
                    journal.put(name, v);
                }
                continue;
            }
            if (f.type == SnSchema.Type.JOURNAL_LIST) {
                continue;
            }
            if (f.type == SnSchema.Type.CHOICE && v.isEmpty() && !f.defaultValue.isEmpty()) {
                continue; // choice fields cannot be cleared with ""
            }
            r.put(name, v);
        }
        if (t.name.equals("incident")) {
            // state and incident_state are kept in step; state wins when both are sent
            if (values.containsKey("incident_state") && !values.containsKey("state")) {
                String s = values.get("incident_state");
                if (s != null && !s.isEmpty()) {
                    r.put("state", s);
                }
            }
        }
    }

    private void rules(SnSchema.Table t, Map<String, String> before, Map<String, String> r, String user, String now) {
        if (!t.task) {
            return;
        }
        String state = r.get("state");
        String previous = before == null ? null : before.get("state");
        switch (t.name) {
            case "incident":
                r.put("incident_state", state);
                r.put("priority", SnSchema.priority(r.get("impact"), r.get("urgency")));
                incidentRules(r, previous, state, user, now);
                break;
            case "sn_customerservice_case":
                closeRules(r, state, Set.of("6", "3"), Set.of("3", "7"), "6", user, now);
                break;
            default:
                closeRules(r, state, Set.of(), Set.of("3", "4", "7"), null, user, now);
                if (t.name.equals("u_partner_access_request")) {
                    String approval = r.get("approval");
                    boolean decided = approval.equals("approved") || approval.equals("rejected");
                    if (decided && (before == null || !approval.equals(before.get("approval")))) {
                        r.put("approval_set", now);
                    }
                }
        }
    }

    private void incidentRules(Map<String, String> r, String previous, String state, String user, String now) {
        if ("3".equals(state)) {
            if (r.get("hold_reason").isEmpty()) {
                throw dataPolicy("On hold reason");
            }
        } else {
            r.put("hold_reason", "");
        }
        if ("6".equals(state) || "7".equals(state)) {
            List<String> missing = new ArrayList<>();
            if (r.get("close_code").isEmpty()) {
                missing.add("Resolution code");
            }
            if (r.get("close_notes").isEmpty()) {
                missing.add("Resolution notes");
            }
            if (!missing.isEmpty()) {
                throw dataPolicy(String.join(", ", missing));
            }
            if (r.get("resolved_at").isEmpty()) {
                r.put("resolved_at", now);
                r.put("resolved_by", userSysId(user));
            }
        }
        if ("7".equals(state)) {
            if (r.get("closed_at").isEmpty()) {
                r.put("closed_at", now);
                r.put("closed_by", userSysId(user));
            }
        }
        if ("6".equals(previous) && ("1".equals(state) || "2".equals(state) || "3".equals(state))) {
            r.put("reopen_count", String.valueOf(parse(r.get("reopen_count")) + 1));
            r.put("resolved_at", "");
            r.put("resolved_by", "");
        }
        r.put("active", String.valueOf(!"7".equals(state) && !"8".equals(state)));
    }

    private void closeRules(Map<String, String> r, String state, Set<String> resolving, Set<String> inactive,
                            String resolvedState, String user, String now) {
        if (resolving.contains(state) && r.containsKey("resolved_at") && r.get("resolved_at").isEmpty()) {
            r.put("resolved_at", now);
            r.put("resolved_by", userSysId(user));
        }
        if (resolvedState != null && !resolving.contains(state) && r.containsKey("resolved_at")) {
            r.put("resolved_at", "");
            r.put("resolved_by", "");
        }
        boolean closed = inactive.contains(state);
        if (closed && r.get("closed_at").isEmpty()) {
            r.put("closed_at", now);
            r.put("closed_by", userSysId(user));
        }
        r.put("active", String.valueOf(!closed));
    }

    private static SnException dataPolicy(String fields) {
        return new SnException(403, "Operation Failed",
                "Data Policy Exception: The following fields are mandatory: " + fields);
    }

    private void writeJournal(SnSchema.Table t, String sysId, Map<String, String> journal, String user, String now) {
        for (Map.Entry<String, String> e : journal.entrySet()) {
            Map<String, String> j = new LinkedHashMap<>();
            String id = newSysId();
            j.put("sys_id", id);
            j.put("element", e.getKey());
            j.put("element_id", sysId);
            j.put("name", t.name);
            j.put("value", e.getValue());
            j.put("sys_created_on", now);
            j.put("sys_created_by", user);
            rows("sys_journal_field").put(id, j);
        }
    }

    private String nextNumber(SnSchema.Table t) {
        int n = counters.merge(t.name, 1, Integer::sum) - 1 + t.firstNumber;
        String digits = String.valueOf(n);
        StringBuilder sb = new StringBuilder(t.prefix);
        for (int i = digits.length(); i < t.digits; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    private LinkedHashMap<String, Map<String, String>> rows(String table) {
        return rows.computeIfAbsent(table, k -> new LinkedHashMap<>());
    }

    private void fire(Change change) {
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                // a listener never breaks a write
            }
        }
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
