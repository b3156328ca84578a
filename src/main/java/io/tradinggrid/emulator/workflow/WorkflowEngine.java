package io.tradinggrid.emulator.workflow;

import java.math.BigDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tradinggrid.emulator.BadRequestException;
import io.tradinggrid.emulator.workflow.BpmnModel.Flow;
import io.tradinggrid.emulator.workflow.BpmnModel.FlowNode;
import io.tradinggrid.emulator.workflow.BpmnModel.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The state of the emulated Workflow Service and the interpreter that moves process instances along their
 * BPMN models. Not thread-safe by itself: {@link WorkflowEmulator} holds the engine's monitor around every
 * request, so a request sees and leaves a consistent state.
 * <p>
 * Every move is first walked "dry" (conditions, due dates and assignments evaluated, nothing changed), then for
 * real, so a command that cannot complete (no gateway flow selectable, a bad due date) changes nothing, as a
 * rolled-back Flowable transaction would.
 */
final class WorkflowEngine {

    static final String TYPE_STRING = "string";

    // ---- records ------------------------------------------------------------------------------------

    record Variable(String name, String type, JsonNode value, String scope) {
        Variable withScope(String newScope) {
            return new Variable(name, type, value, newScope);
        }
    }

    record Comment(String id, String author, String message, Instant time, String processInstanceId, String taskId, String type) {
    }

    record Execution(String id, String activityId) {
    }

    static final class Definition {
        String id;
        String key;
        String name;
        String description;
        int version;
        String modelId;
        String category;
        Instant deploymentTime;
        String xml;
        BpmnModel model;
        boolean shipped;
        long seq;
    }

    static final class Instance {
        String id;
        Definition definition;
        String businessKey;
        String name;
        String startUserId;
        Instant startTime;
        Instant endTime;
        boolean ended;
        boolean completed;
        boolean suspended;
        String deleteReason;
        String startActivityId;
        String endActivityId;
        final Map<String, Variable> variables = new LinkedHashMap<>();
        final List<Comment> comments = new ArrayList<>();
        final List<Execution> executions = new ArrayList<>();
        final Map<String, List<String>> joinArrivals = new HashMap<>();
        final List<ActivityInstance> history = new ArrayList<>();
        final Set<String> involvedUsers = new LinkedHashSet<>();
        long seq;

        /** The current activity: the oldest waiting execution's activity, the end event when ended. */
        String activityId() {
            if (ended) {
                return endActivityId;
            }
            return executions.isEmpty() ? null : executions.get(0).activityId();
        }

        Map<String, JsonNode> variableValues() {
            Map<String, JsonNode> map = new HashMap<>();
            for (Variable v : variables.values()) {
                map.put(v.name(), v.value());
            }
            return map;
        }
    }

    static final class Task {
        String id;
        Instance instance;
        FlowNode node;
        String executionId;
        String name;
        String description;
        String assignee;
        String owner;
        List<String> candidateGroups = List.of();
        List<String> candidateUsers = List.of();
        Instant createTime;
        Instant claimTime;
        Instant dueDate;
        int priority;
        String category;
        String formKey;
        final Map<String, Variable> localVariables = new LinkedHashMap<>();
        final List<Attachment> attachments = new ArrayList<>();
        ActivityInstance activity;
        long seq;
    }

    static final class Attachment {
        String id;
        String name;
        String description;
        String type;
        String taskId;
        String processInstanceId;
        String userId;
        Instant time;
        String externalUrl;
        byte[] content;
    }

    static final class ActivityInstance {
        String id;
        String activityId;
        String activityName;
        String activityType;
        String processInstanceId;
        String processDefinitionId;
        String executionId;
        String taskId;
        String assignee;
        String completedBy;
        String outcome;
        Instant startTime;
        Instant endTime;
        String deleteReason;
        long seq;
    }

    // ---- state ------------------------------------------------------------------------------------

    final String tenantId;
    final Map<String, Definition> definitions = new LinkedHashMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final Map<String, Task> completedTasks = new LinkedHashMap<>();
    private long seq;

    WorkflowEngine(String tenantId) {
        this.tenantId = tenantId;
    }

    long nextSeq() {
        return ++seq;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    Instant now() {
        return Instant.now();
    }

    void clearRuntime() {
        instances.clear();
        tasks.clear();
        completedTasks.clear();
        definitions.values().removeIf(d -> !d.shipped);
    }

    // ---- definitions ----------------------------------------------------------------------------

    Definition deploy(String modelId, String xml, boolean shipped) {
        BpmnModel model = BpmnModel.parse(xml);
        Definition latest = latest(model.key);
        Definition d = new Definition();
        d.key = model.key;
        d.version = latest == null ? 1 : latest.version + 1;
        d.id = d.key + ":" + d.version + ":" + newId();
        d.name = model.name == null ? model.key : model.name;
        d.description = model.documentation;
        d.category = model.targetNamespace;
        d.modelId = modelId == null ? d.key : modelId;
        d.deploymentTime = now();
        d.xml = xml;
        d.model = model;
        d.shipped = shipped;
        d.seq = nextSeq();
        definitions.put(d.id, d);
        return d;
    }

    Definition latest(String key) {
        Definition best = null;
        for (Definition d : definitions.values()) {
            if (d.key.equals(key) && (best == null || d.version > best.version)) {
                best = d;
            }
        }
        return best;
    }

    boolean isLatest(Definition d) {
        return latest(d.key) == d;
    }

    void undeploy(Definition d) {
        for (Instance i : instances.values()) {
            if (i.definition == d && !i.ended) {
                throw new BadRequestException(409, "Process definition '" + d.id + "' still has running process instances");
            }
        }
        definitions.remove(d.id);
    }

    // ---- process instances ----------------------------------------------------------------------

    Instance start(Definition d, FlowNode startEvent, String businessKey, String name, List<Variable> vars,
            Map<String, JsonNode> transientVars, String user) {
        Instance pi = new Instance();
        pi.id = newId();
        pi.definition = d;
        pi.businessKey = businessKey;
        pi.name = name;
        pi.startUserId = user;
        pi.startTime = now();
        pi.startActivityId = startEvent.id;
        pi.seq = nextSeq();
        for (Variable v : vars) {
            pi.variables.put(v.name(), v.withScope("global"));
        }
        if (user != null) {
            pi.involvedUsers.add(user);
        }
        Map<String, JsonNode> ctx = context(pi.variableValues(), transientVars);
        new Walk(pi, ctx, true).fromStart(startEvent);
        instances.put(pi.id, pi);
        new Walk(pi, ctx, false).fromStart(startEvent);
        return pi;
    }

    void suspend(Instance pi, boolean suspend) {
        if (pi.ended) {
            throw new BadRequestException(409, "Process instance '" + pi.id + "' has already ended");
        }
        if (pi.suspended == suspend) {
            throw new BadRequestException(409, "Process instance '" + pi.id + "' is already " + (suspend ? "suspended" : "active"));
        }
        pi.suspended = suspend;
    }

    void terminate(Instance pi, String reason) {
        if (pi.ended) {
            throw new BadRequestException(409, "Process instance '" + pi.id + "' has already ended");
        }
        Instant now = now();
        String why = reason == null || reason.isBlank() ? "terminated" : reason;
        for (Iterator<Task> it = tasks.values().iterator(); it.hasNext();) {
            Task t = it.next();
            if (t.instance == pi) {
                t.activity.endTime = now;
                t.activity.deleteReason = why;
                it.remove();
            }
        }
        pi.executions.clear();
        pi.joinArrivals.clear();
        pi.ended = true;
        pi.completed = false;
        pi.suspended = false;
        pi.endTime = now;
        pi.deleteReason = why;
    }

    /** Flowable's DELETE of a historic process instance: gone everywhere; refused (409) while it still runs. */
    void deleteHistory(Instance pi) {
        if (!pi.ended) {
            throw new BadRequestException(409, "Process instance '" + pi.id + "' is still running, cannot delete its history");
        }
        instances.remove(pi.id);
        completedTasks.values().removeIf(t -> t.instance == pi);
    }

    // ---- tasks ----------------------------------------------------------------------------------

    void requireActive(Task t) {
        if (t.instance.suspended) {
            throw new BadRequestException(409, "Task '" + t.id + "' is suspended: its process instance is suspended");
        }
    }

    void claim(Task t, String assignee) {
        requireActive(t);
        if (assignee == null) {
            t.assignee = null;
            t.claimTime = null;
            return;
        }
        if (t.assignee != null && !t.assignee.equals(assignee)) {
            throw new BadRequestException(409, "Task '" + t.id + "' is already claimed by someone else.");
        }
        t.assignee = assignee;
        t.claimTime = now();
        t.activity.assignee = assignee;
        t.instance.involvedUsers.add(assignee);
    }

    void setAssignee(Task t, String assignee) {
        t.assignee = assignee;
        t.claimTime = assignee == null ? null : now();
        t.activity.assignee = assignee;
        if (assignee != null) {
            t.instance.involvedUsers.add(assignee);
        }
    }

    /**
     * Completes a task: the outcome lands in the task's outcome variable (a process variable), global variables
     * are set on the process, local ones on the task; then the process moves on.
     */
    void complete(Task t, String user, String outcome, List<Variable> vars, Map<String, JsonNode> transientVars) {
        requireActive(t);
        FlowNode node = t.node;
        if (!node.possibleOutcomes.isEmpty()) {
            if (outcome == null || outcome.isBlank()) {
                throw new BadRequestException("Task '" + t.id + "' (" + node.id + ") needs an outcome, one of " + outcomeValues(node));
            }
            if (!outcomeValues(node).contains(outcome)) {
                throw new BadRequestException("Outcome '" + outcome + "' is not possible for task '" + t.id + "' (" + node.id
                        + "); possible outcomes: " + outcomeValues(node));
            }
        }
        Instance pi = t.instance;
        Map<String, Variable> global = new LinkedHashMap<>(pi.variables);
        List<Variable> local = new ArrayList<>();
        for (Variable v : vars) {
            if ("local".equals(v.scope())) {
                local.add(v);
            } else {
                global.put(v.name(), v.withScope("global"));
            }
        }
        if (node.outcomeVariable != null && outcome != null) {
            global.put(node.outcomeVariable, new Variable(node.outcomeVariable, TYPE_STRING, TextNode.valueOf(outcome), "global"));
        }
        Map<String, JsonNode> values = new HashMap<>();
        for (Variable v : global.values()) {
            values.put(v.name(), v.value());
        }
        Map<String, JsonNode> ctx = context(values, transientVars);
        Walk dry = new Walk(pi, ctx, true);
        dry.leave(node, t.executionId);

        // commit
        pi.variables.clear();
        pi.variables.putAll(global);
        for (Variable v : local) {
            t.localVariables.put(v.name(), v);
        }
        Instant now = now();
        t.activity.endTime = now;
        t.activity.outcome = outcome;
        t.activity.completedBy = user;
        if (t.assignee == null) {
            t.assignee = user;
            t.activity.assignee = user;
        }
        if (user != null) {
            pi.involvedUsers.add(user);
        }
        tasks.remove(t.id);
        completedTasks.put(t.id, t);
        pi.executions.removeIf(e -> e.id().equals(t.executionId));
        Walk walk = new Walk(pi, ctx, false);
        walk.leave(node, t.executionId);
        walk.finish();
    }

    static List<String> outcomeValues(FlowNode node) {
        List<String> values = new ArrayList<>();
        for (BpmnModel.Outcome o : node.possibleOutcomes) {
            values.add(o.value());
        }
        return values;
    }

    private static Map<String, JsonNode> context(Map<String, JsonNode> values, Map<String, JsonNode> transientVars) {
        Map<String, JsonNode> ctx = new HashMap<>(values);
        if (transientVars != null) {
            ctx.putAll(transientVars);
        }
        return ctx;
    }

    // ---- variables ------------------------------------------------------------------------------

    /** A variable from its request form {name, value, type, scope}; the type is checked and the value converted. */
    static Variable variable(JsonNode json, String defaultScope) {
        if (json == null || !json.isObject()) {
            throw new BadRequestException("A variable must be an object {name, value, type, scope}");
        }
        String name = json.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new BadRequestException("Variable name is required");
        }
        JsonNode value = json.has("value") ? json.get("value") : NullNode.getInstance();
        String type = json.hasNonNull("type") ? json.get("type").asText() : null;
        String scope = json.hasNonNull("scope") ? json.get("scope").asText().toLowerCase() : defaultScope;
        if (!"local".equals(scope) && !"global".equals(scope)) {
            throw new BadRequestException("Variable '" + name + "' has an invalid scope '" + scope + "' (local or global)");
        }
        return new Variable(name, type == null ? inferType(value) : type, convert(name, type, value), scope);
    }

    static List<Variable> variables(JsonNode array, String defaultScope) {
        List<Variable> list = new ArrayList<>();
        if (array == null || array.isNull() || array.isMissingNode()) {
            return list;
        }
        if (!array.isArray()) {
            throw new BadRequestException("variables must be an array of {name, value, type, scope}");
        }
        for (JsonNode v : array) {
            list.add(variable(v, defaultScope));
        }
        return list;
    }

    static Map<String, JsonNode> transientVariables(JsonNode array) {
        Map<String, JsonNode> map = new HashMap<>();
        for (Variable v : variables(array, "local")) {
            map.put(v.name(), v.value());
        }
        return map;
    }

    private static String inferType(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return TYPE_STRING;
        }
        if (value.isInt()) {
            return "integer";
        }
        if (value.isIntegralNumber()) {
            return "long";
        }
        if (value.isNumber()) {
            return "double";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return "json";
    }

    private static JsonNode convert(String name, String type, JsonNode value) {
        if (type == null || value.isNull()) {
            return value;
        }
        try {
            switch (type) {
                case TYPE_STRING:
                    if (value.isContainerNode()) {
                        throw new IllegalArgumentException();
                    }
                    return TextNode.valueOf(value.asText());
                case "integer":
                    return IntNode.valueOf(Integer.parseInt(number(value)));
                case "long":
                    return LongNode.valueOf(Long.parseLong(number(value)));
                case "short":
                    return ShortNode.valueOf(Short.parseShort(number(value)));
                case "double":
                    return DoubleNode.valueOf(Double.parseDouble(number(value)));
                case "boolean":
                    if (value.isBoolean()) {
                        return value;
                    }
                    if ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText())) {
                        return BooleanNode.valueOf(Boolean.parseBoolean(value.asText()));
                    }
                    throw new IllegalArgumentException();
                case "date": {
                    Instant instant = Times.parse(value.asText());
                    if (instant == null) {
                        throw new IllegalArgumentException();
                    }
                    return TextNode.valueOf(Times.format(instant));
                }
                case "json":
                    return value;
                default:
                    throw new BadRequestException("Variable '" + name + "' has an unsupported type '" + type
                            + "' (string, integer, long, short, double, boolean, date, json)");
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Variable '" + name + "' has a value that is not a valid " + type + ": " + value);
        }
    }

    private static String number(JsonNode value) {
        if (value.isNumber() || value.isTextual()) {
            return value.asText().trim();
        }
        throw new IllegalArgumentException();
    }

    // ---- the interpreter ------------------------------------------------------------------------

    /** One move of tokens through the model, either dry (evaluate only) or real (record everything). */
    private final class Walk {
        private final Instance pi;
        private final Map<String, JsonNode> ctx;
        private final boolean dry;
        private final Map<String, List<String>> joins;
        private final Instant now = now();
        private int steps;
        private boolean terminated;
        private FlowNode lastEnd;

        Walk(Instance pi, Map<String, JsonNode> ctx, boolean dry) {
            this.pi = pi;
            this.ctx = ctx;
            this.dry = dry;
            this.joins = dry ? copy(pi.joinArrivals) : pi.joinArrivals;
        }

        private Map<String, List<String>> copy(Map<String, List<String>> source) {
            Map<String, List<String>> m = new HashMap<>();
            source.forEach((k, v) -> m.put(k, new ArrayList<>(v)));
            return m;
        }

        void fromStart(FlowNode start) {
            String exec = newId();
            record(start, exec, null, true);
            leave(start, exec);
            finish();
        }

        void leave(FlowNode node, String executionId) {
            if (terminated) {
                return;
            }
            if (++steps > 10_000) {
                throw new BadRequestException("Process '" + pi.definition.key + "' loops without reaching a wait state");
            }
            List<Flow> out = select(node);
            if (out.isEmpty()) {
                throw new BadRequestException("No outgoing sequence flow of " + node.bpmnType() + " '" + node.id
                        + "' could be selected for continuing the process");
            }
            for (int i = 0; i < out.size(); i++) {
                arrive(pi.definition.model.node(out.get(i).targetRef()), i == 0 ? executionId : newId());
            }
        }

        private List<Flow> select(FlowNode node) {
            List<Flow> chosen = new ArrayList<>();
            Flow defaultFlow = node.defaultFlow == null ? null : pi.definition.model.flows.get(node.defaultFlow);
            if (node.type == Type.PARALLEL_GATEWAY) {
                chosen.addAll(node.outgoing);
                return chosen;
            }
            for (Flow f : node.outgoing) {
                if (f == defaultFlow) {
                    continue;
                }
                if (f.condition() == null || f.condition().evaluateCondition(ctx)) {
                    chosen.add(f);
                    if (node.type == Type.EXCLUSIVE_GATEWAY) {
                        return chosen;
                    }
                }
            }
            if (chosen.isEmpty() && defaultFlow != null) {
                chosen.add(defaultFlow);
            }
            return chosen;
        }

        private void arrive(FlowNode node, String executionId) {
            if (terminated) {
                return;
            }
            switch (node.type) {
                case USER_TASK:
                    createTask(node, executionId);
                    return;
                case EXCLUSIVE_GATEWAY:
                    record(node, executionId, null, true);
                    leave(node, executionId);
                    return;
                case PARALLEL_GATEWAY: {
                    if (node.incoming.size() <= 1) {
                        record(node, executionId, null, true);
                        leave(node, executionId);
                        return;
                    }
                    List<String> arrived = joins.computeIfAbsent(node.id, k -> new ArrayList<>());
                    arrived.add(executionId);
                    if (arrived.size() < node.incoming.size()) {
                        if (!dry) {
                            pi.executions.add(new Execution(executionId, node.id));
                        }
                        return;
                    }
                    joins.remove(node.id);
                    if (!dry) {
                        pi.executions.removeIf(e -> e.activityId().equals(node.id));
                    }
                    record(node, executionId, null, true);
                    leave(node, executionId);
                    return;
                }
                case END_EVENT:
                    record(node, executionId, null, true);
                    if (node.terminate) {
                        terminated = true;
                        if (!dry) {
                            for (Iterator<Task> it = tasks.values().iterator(); it.hasNext();) {
                                Task t = it.next();
                                if (t.instance == pi) {
                                    t.activity.endTime = now;
                                    t.activity.deleteReason = "terminated by end event " + node.id;
                                    it.remove();
                                }
                            }
                            pi.executions.clear();
                            pi.joinArrivals.clear();
                        }
                    }
                    lastEnd = node;
                    return;
                default:
                    throw new BadRequestException("Cannot enter a start event '" + node.id + "'");
            }
        }

        /** After the move: no execution waits any more, so the instance has ended at the last end event reached. */
        void finish() {
            if (!dry && pi.executions.isEmpty() && lastEnd != null) {
                pi.ended = true;
                pi.completed = true;
                pi.endTime = now;
                pi.endActivityId = lastEnd.id;
            }
        }

        private void createTask(FlowNode node, String executionId) {
            String name = node.nameExpr == null ? node.id : text(node.nameExpr.evaluate(ctx));
            String description = node.documentationExpr == null ? null : text(node.documentationExpr.evaluate(ctx));
            String assignee = node.assignee == null ? null : blankToNull(text(node.assignee.evaluate(ctx)));
            List<String> groups = node.candidateGroups == null ? List.of() : list(node.candidateGroups.evaluate(ctx));
            List<String> users = node.candidateUsers == null ? List.of() : list(node.candidateUsers.evaluate(ctx));
            Instant due = node.dueDate == null ? null : dueDate(node, node.dueDate.evaluate(ctx));
            int priority = 50;
            if (node.priority != null) {
                Object p = node.priority.evaluate(ctx);
                if (p != null && !Expr.asText(p).isBlank()) {
                    try {
                        priority = new BigDecimal(Expr.asText(p).trim()).intValue();
                    } catch (NumberFormatException e) {
                        throw new BadRequestException("Priority expression '" + node.priority.source() + "' of task '" + node.id
                                + "' gave '" + Expr.asText(p) + "', which is not a number");
                    }
                }
            }
            if (dry) {
                return;
            }
            Task t = new Task();
            t.id = newId();
            t.instance = pi;
            t.node = node;
            t.executionId = executionId;
            t.name = name;
            t.description = description;
            t.assignee = assignee;
            t.candidateGroups = groups;
            t.candidateUsers = users;
            t.createTime = now;
            t.dueDate = due;
            t.priority = priority;
            t.category = node.category;
            t.formKey = node.formKey;
            t.seq = nextSeq();
            t.activity = record(node, executionId, t, false);
            t.activity.activityName = name;
            tasks.put(t.id, t);
            pi.executions.add(new Execution(executionId, node.id));
            if (assignee != null) {
                pi.involvedUsers.add(assignee);
            }
            pi.involvedUsers.addAll(users);
        }

        private Instant dueDate(FlowNode node, Object value) {
            String text = value == null ? null : Expr.asText(value);
            if (text == null || text.isBlank()) {
                return null;
            }
            Instant due = Times.plusIsoDuration(now, text);
            if (due == null) {
                due = Times.parse(text);
            }
            if (due == null) {
                throw new BadRequestException("Due date expression '" + node.dueDate.source() + "' of task '" + node.id + "' gave '"
                        + text + "', which is neither an ISO-8601 date-time nor an ISO-8601 duration");
            }
            return due;
        }

        private ActivityInstance record(FlowNode node, String executionId, Task task, boolean ended) {
            if (dry) {
                return null;
            }
            ActivityInstance ai = new ActivityInstance();
            ai.id = newId();
            ai.activityId = node.id;
            ai.activityName = node.name;
            ai.activityType = node.bpmnType();
            ai.processInstanceId = pi.id;
            ai.processDefinitionId = pi.definition.id;
            ai.executionId = executionId;
            ai.taskId = task == null ? null : task.id;
            ai.assignee = task == null ? null : task.assignee;
            ai.startTime = now;
            ai.endTime = ended ? now : null;
            ai.seq = nextSeq();
            pi.history.add(ai);
            return ai;
        }
    }

    private static String text(Object v) {
        return v == null ? null : Expr.asText(v);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<String> list(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof JsonNode && ((JsonNode) v).isArray()) {
            for (JsonNode n : (JsonNode) v) {
                add(out, n.asText());
            }
        } else if (v instanceof Collection) {
            for (Object o : (Collection<?>) v) {
                add(out, Expr.asText(o));
            }
        } else {
            for (String s : Expr.asText(v).split(",")) {
                add(out, s);
            }
        }
        return out;
    }

    private static void add(List<String> out, String s) {
        if (s != null && !s.isBlank() && !out.contains(s.trim())) {
            out.add(s.trim());
        }
    }
}
