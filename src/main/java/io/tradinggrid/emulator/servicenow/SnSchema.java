package io.tradinggrid.emulator.servicenow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables the emulator knows, with their fields, field types, reference targets, choice labels and defaults.
 * Field lists of task tables follow the incident example of the Table API documentation (c_TableAPI.md).
 */
final class SnSchema {

    enum Type { STRING, REFERENCE, CHOICE, DATETIME, BOOLEAN, INTEGER, JOURNAL, JOURNAL_LIST }

    static final class Field {
        final String name;
        final Type type;
        final String refTable;
        final Map<String, String> choices;
        final String defaultValue;

        Field(String name, Type type, String refTable, Map<String, String> choices, String defaultValue) {
            this.name = name;
            this.type = type;
            this.refTable = refTable;
            this.choices = choices == null ? Map.of() : choices;
            this.defaultValue = defaultValue == null ? "" : defaultValue;
        }
    }

    static final class Table {
        final String name;
        /** Number prefix, null when the table has no number field. */
        final String prefix;
        final int firstNumber;
        final int digits;
        final String displayField;
        /** True for tables that extend task (sys_class_name, number, state handling). */
        final boolean task;
        final Map<String, Field> fields = new LinkedHashMap<>();

        Table(String name, String prefix, int firstNumber, int digits, String displayField, boolean task) {
            this.name = name;
            this.prefix = prefix;
            this.firstNumber = firstNumber;
            this.digits = digits;
            this.displayField = displayField;
            this.task = task;
        }

        Table add(String field) {
            return add(field, Type.STRING, null, null, null);
        }

        Table add(String field, String defaultValue) {
            return add(field, Type.STRING, null, null, defaultValue);
        }

        Table ref(String field, String target) {
            return add(field, Type.REFERENCE, target, null, null);
        }

        Table choice(String field, Map<String, String> choices, String defaultValue) {
            return add(field, Type.CHOICE, null, choices, defaultValue);
        }

        Table date(String field) {
            return add(field, Type.DATETIME, null, null, null);
        }

        Table bool(String field, String defaultValue) {
            return add(field, Type.BOOLEAN, null, null, defaultValue);
        }

        Table integer(String field, String defaultValue) {
            return add(field, Type.INTEGER, null, null, defaultValue);
        }

        Table add(String field, Type type, String refTable, Map<String, String> choices, String defaultValue) {
            fields.put(field, new Field(field, type, refTable, choices, defaultValue));
            return this;
        }

        Field field(String name) {
            return fields.get(name);
        }

        boolean has(String name) {
            return fields.containsKey(name);
        }
    }

    // ---- choice lists ------------------------------------------------------------------------------

    static final Map<String, String> INCIDENT_STATES = ordered("1", "New", "2", "In Progress", "3", "On Hold",
            "6", "Resolved", "7", "Closed", "8", "Canceled");
    static final Map<String, String> CASE_STATES = ordered("1", "New", "10", "Open", "18", "Awaiting Info",
            "6", "Resolved", "3", "Closed", "7", "Cancelled");
    static final Map<String, String> TASK_STATES = ordered("-5", "Pending", "1", "Open", "2", "Work in Progress",
            "3", "Closed Complete", "4", "Closed Incomplete", "7", "Closed Skipped");
    static final Map<String, String> PRIORITY = ordered("1", "1 - Critical", "2", "2 - High", "3", "3 - Moderate",
            "4", "4 - Low", "5", "5 - Planning");
    static final Map<String, String> IMPACT_URGENCY = ordered("1", "1 - High", "2", "2 - Medium", "3", "3 - Low");
    static final Map<String, String> HOLD_REASON = ordered("1", "Awaiting Caller", "3", "Awaiting Problem",
            "4", "Awaiting Vendor", "5", "Awaiting Change");
    static final Map<String, String> APPROVAL = ordered("not requested", "Not Yet Requested", "requested", "Requested",
            "approved", "Approved", "rejected", "Rejected", "cancelled", "Cancelled");
    static final Map<String, String> REQUEST_TYPE = ordered("onboarding", "Onboarding", "access", "Community access",
            "role_change", "Role change");
    static final Map<String, String> KB_WORKFLOW = ordered("draft", "Draft", "review", "Review", "published", "Published",
            "pending_retirement", "Pending retirement", "retired", "Retired");
    static final Map<String, String> CONTACT_TYPE = ordered("email", "Email", "phone", "Phone", "self-service", "Self-service",
            "walk-in", "Walk-in", "web", "Web", "integration", "Integration");
    static final Map<String, String> JOURNAL_ELEMENT = ordered("comments", "Additional comments", "work_notes", "Work notes");

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<String[]> customColumns = new CopyOnWriteArrayList<>();

    SnSchema() {
        define(task(new Table("incident", "INC", 10001, 7, "number", true))
                .integer("reopen_count", "0")
                .ref("caller_id", "sys_user")
                .add("category", "inquiry")
                .add("subcategory")
                .choice("incident_state", INCIDENT_STATES, "1")
                .add("close_code")
                .ref("resolved_by", "sys_user")
                .date("resolved_at")
                .add("notify", "1")
                .ref("problem_id", "problem")
                .ref("rfc", "change_request")
                .ref("caused_by", "change_request")
                .add("severity", "3")
                .integer("child_incidents", "0")
                .ref("parent_incident", "incident")
                .add("business_stc")
                .choice("hold_reason", HOLD_REASON, ""));
        Table incident = tables.get("incident");
        incident.choice("state", INCIDENT_STATES, "1");

        define(task(new Table("sn_customerservice_case", "CS", 1001, 7, "number", true))
                .ref("account", "customer_account")
                .ref("contact", "customer_contact")
                .ref("consumer", "csm_consumer")
                .ref("product", "cmdb_model")
                .ref("asset", "alm_asset")
                .add("category")
                .add("subcategory")
                .add("resolution_code")
                .ref("resolved_by", "sys_user")
                .date("resolved_at")
                .ref("partner", "customer_account")
                .ref("partner_contact", "customer_contact"));
        tables.get("sn_customerservice_case").choice("state", CASE_STATES, "1")
                .choice("priority", PRIORITY, "4");

        define(task(new Table("sc_task", "SCTASK", 10001, 7, "number", true))
                .ref("request_item", "sc_req_item")
                .ref("request", "sc_request")
                .add("sc_catalog"));
        tables.get("sc_task").choice("state", TASK_STATES, "1").choice("priority", PRIORITY, "4");

        define(task(new Table("u_partner_access_request", "PAR", 1001, 7, "number", true))
                .add("u_company_name")
                .add("u_duns")
                .choice("u_request_type", REQUEST_TYPE, "onboarding")
                .add("u_community_id")
                .add("u_roles")
                .add("u_partner_id")
                .add("u_contact_name")
                .add("u_contact_email")
                .add("u_justification"));
        tables.get("u_partner_access_request").choice("state", TASK_STATES, "1")
                .choice("approval", APPROVAL, "requested").choice("priority", PRIORITY, "4");

        define(withSys(new Table("kb_knowledge", "KB", 10001, 7, "number", false))
                .add("number")
                .add("short_description")
                .add("text")
                .ref("kb_knowledge_base", "kb_knowledge_base")
                .add("kb_category")
                .choice("workflow_state", KB_WORKFLOW, "draft")
                .add("valid_to", "2100-01-01")
                .bool("active", "true")
                .integer("sys_view_count", "0")
                .bool("latest", "true")
                .ref("author", "sys_user")
                .add("published")
                .add("article_type", "text")
                .add("sys_class_name", "kb_knowledge"));

        define(withSys(new Table("kb_knowledge_base", null, 0, 0, "title", false))
                .add("title")
                .add("description")
                .ref("owner", "sys_user")
                .bool("active", "true")
                .add("sys_class_name", "kb_knowledge_base"));

        define(withSys(new Table("sys_user_group", null, 0, 0, "name", false))
                .add("name")
                .add("description")
                .add("email")
                .ref("manager", "sys_user")
                .ref("parent", "sys_user_group")
                .add("type")
                .bool("active", "true"));

        define(withSys(new Table("sys_user", null, 0, 0, "name", false))
                .add("user_name")
                .add("first_name")
                .add("last_name")
                .add("name")
                .add("email")
                .add("title")
                .add("department")
                .add("phone")
                .add("time_zone")
                .bool("web_service_access_only", "false")
                .bool("active", "true"));

        define(withSys(new Table("sys_user_grmember", null, 0, 0, "sys_id", false))
                .ref("user", "sys_user")
                .ref("group", "sys_user_group"));

        Table journal = new Table("sys_journal_field", null, 0, 0, "value", false);
        journal.add("sys_id").add("element").add("element_id").add("name").add("value")
                .date("sys_created_on").add("sys_created_by");
        define(journal);

        Table attachment = new Table("sys_attachment", null, 0, 0, "file_name", false);
        for (String f : new String[]{"average_image_color", "compressed", "content_type", "created_by_name", "download_link",
                "file_name", "image_height", "image_width", "size_bytes", "size_compressed", "sys_created_by"}) {
            attachment.add(f);
        }
        attachment.date("sys_created_on").add("sys_id").add("sys_mod_count").add("sys_tags").add("sys_updated_by")
                .date("sys_updated_on").add("table_name").add("table_sys_id").add("updated_by_name");
        define(attachment);
    }

    /** The task fields, in the order of the incident example of the documentation. */
    private static Table task(Table t) {
        return t.add("upon_approval", "proceed")
                .ref("location", "cmn_location")
                .date("expected_start")
                .add("close_notes")
                .add("additional_assignee_list")
                .choice("impact", IMPACT_URGENCY, "3")
                .choice("urgency", IMPACT_URGENCY, "3")
                .add("correlation_id")
                .add("sys_tags")
                .ref("sys_domain", "sys_user_group")
                .add("description")
                .add("group_list")
                .choice("priority", PRIORITY, "5")
                .add("delivery_plan")
                .integer("sys_mod_count", "0")
                .add("work_notes_list")
                .ref("business_service", "cmdb_ci_service")
                .date("follow_up")
                .date("closed_at")
                .date("sla_due")
                .add("delivery_task")
                .date("sys_updated_on")
                .ref("parent", "task")
                .date("work_end")
                .add("number")
                .ref("closed_by", "sys_user")
                .date("work_start")
                .add("calendar_stc")
                .add("business_duration")
                .date("activity_due")
                .add("correlation_display")
                .ref("company", "core_company")
                .bool("active", "true")
                .date("due_date")
                .ref("assignment_group", "sys_user_group")
                .bool("knowledge", "false")
                .bool("made_sla", "true")
                .add("comments_and_work_notes", Type.JOURNAL_LIST, null, null, null)
                .choice("state", TASK_STATES, "1")
                .add("user_input")
                .date("sys_created_on")
                .date("approval_set")
                .integer("reassignment_count", "0")
                .date("opened_at")
                .add("short_description")
                .add("order")
                .add("sys_updated_by")
                .add("upon_reject", "cancel")
                .add("approval_history")
                .add("work_notes", Type.JOURNAL, null, null, null)
                .add("calendar_duration")
                .add("sys_id")
                .choice("approval", APPROVAL, "not requested")
                .add("sys_created_by")
                .ref("assigned_to", "sys_user")
                .ref("wf_activity", "wf_activity")
                .add("sys_domain_path", "/")
                .ref("cmdb_ci", "cmdb_ci")
                .ref("opened_by", "sys_user")
                .add("rejection_goto")
                .add("sys_class_name", t.name)
                .add("watch_list")
                .add("time_worked")
                .choice("contact_type", CONTACT_TYPE, "phone")
                .add("escalation", "0")
                .add("comments", Type.JOURNAL, null, null, null);
    }

    private static Table withSys(Table t) {
        return t.add("sys_id")
                .date("sys_created_on")
                .add("sys_created_by")
                .date("sys_updated_on")
                .add("sys_updated_by")
                .integer("sys_mod_count", "0")
                .add("sys_tags");
    }

    private void define(Table t) {
        tables.put(t.name, t);
    }

    Table table(String name) {
        return tables.get(name);
    }

    Collection<Table> tables() {
        return Collections.unmodifiableCollection(tables.values());
    }

    /** Adds a custom column (e.g. u_partner_ref on incident), as a ServiceNow admin would in the dictionary. */
    void addColumn(String table, String field) {
        Table t = tables.get(table);
        if (t == null) {
            throw new IllegalArgumentException("Invalid table " + table);
        }
        if (!t.has(field)) {
            t.add(field);
            customColumns.add(new String[]{table, field});
        }
    }

    /** Forgets the columns added with {@link #addColumn}. */
    void dropCustomColumns() {
        for (String[] c : customColumns) {
            tables.get(c[0]).fields.remove(c[1]);
        }
        customColumns.clear();
    }

    /** Standard impact x urgency priority lookup (1 Critical .. 5 Planning). */
    static String priority(String impact, String urgency) {
        int i = clamp(impact);
        int u = clamp(urgency);
        int[][] matrix = {{1, 2, 3}, {2, 3, 4}, {3, 4, 5}};
        return String.valueOf(matrix[i - 1][u - 1]);
    }

    private static int clamp(String v) {
        try {
            int n = Integer.parseInt(v.trim());
            return Math.max(1, Math.min(3, n));
        } catch (RuntimeException e) {
            return 3;
        }
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
