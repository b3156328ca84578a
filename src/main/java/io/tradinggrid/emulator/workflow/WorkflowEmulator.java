package io.tradinggrid.emulator.workflow;

import java.net.URLEncoder;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.ApigeeFault;
import io.tradinggrid.emulator.BadRequestException;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.EmulatorServer;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.TokenIssuer;
import io.tradinggrid.emulator.workflow.BpmnModel.FlowNode;
import io.tradinggrid.emulator.workflow.WorkflowEngine.ActivityInstance;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Attachment;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Comment;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Definition;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Instance;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Task;
import io.tradinggrid.emulator.workflow.WorkflowEngine.Variable;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Emulates OpenText Workflow Service (OT2 / IMaaS "Core Workflow"): the per-tenant OAuth token endpoint behind
 * Apigee and the {@code /workflow/v1} REST API (runtime models, process instances, tasks, variables, comments,
 * attachments), with a small BPMN interpreter that runs the shipped process definitions, plus emulator-only
 * history endpoints. See {@code src/main/resources/emulator/workflow/README.md} for what is emulated and what is
 * an assumption.
 * <p>
 * Admin API (no token): {@code GET /_emulator/state}, {@code POST /_emulator/tasks/{id}/complete},
 * {@code POST /_emulator/tokens/expire}, {@code POST /_emulator/accounts}, and the common
 * {@code /_emulator/faults|requests|reset}.
 */
public class WorkflowEmulator extends EmulatorServer {

    public static final String BASE = "/workflow/v1";
    /** The process definition keys deployed at start, in the order they are deployed. */
    public static final List<String> SHIPPED_PROCESS_KEYS = List.of(
            "partnerExceptionCase", "documentReview", "partnerOnboarding", "complianceReview", "claim", "partnerRequest");
    static final String MODELS_RESOURCE = "/emulator/workflow/models/";
    private static final int DEFAULT_COUNT = 10;
    private static final int MAX_COUNT = 1000;
    private static final String USER = "tgb.workflow.user";

    private record Account(String password, Set<String> groups) {
    }

    private final EmulatorCredentials credentials;
    private final TokenIssuer tokens = new TokenIssuer(Duration.ofHours(1));
    private final WorkflowEngine engine;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    public WorkflowEmulator(String host, int port, Vertx vertxOrNull, EmulatorCredentials credentials) {
        super("workflow", host, port, vertxOrNull);
        this.credentials = credentials;
        this.engine = new WorkflowEngine(credentials.tenantId());
        if (credentials.username() != null && credentials.password() != null) {
            addAccount(credentials.username(), credentials.password());
        }
        synchronized (engine) {
            deployShippedModels();
        }
    }

    /** An operator user who gets tokens by password grant and acts on tasks like a human; member of no group. */
    public void addAccount(String username, String password) {
        addAccount(username, password, List.of());
    }

    /** An operator user with group memberships (used by the {@code candidateUser} and {@code candidateOrAssigned} filters). */
    public void addAccount(String username, String password, Collection<String> groups) {
        accounts.put(username, new Account(password, Set.copyOf(groups)));
    }

    public EmulatorCredentials credentials() {
        return credentials;
    }

    /** The token issuer, e.g. to shorten the lifetime or expire every token in a test. */
    public TokenIssuer tokens() {
        return tokens;
    }

    /** {@code http://host:port/workflow/v1}. */
    public String apiUrl() {
        return baseUrl() + BASE;
    }

    /** {@code http://host:port/tenants/{tenantId}/oauth2/token}. */
    public String tokenUrl() {
        return baseUrl() + "/tenants/" + credentials.tenantId() + "/oauth2/token";
    }

    /** Latest process definition id (key:version:uuid) for a key, or null. */
    public String latestProcessDefinitionId(String key) {
        synchronized (engine) {
            Definition d = engine.latest(key);
            return d == null ? null : d.id;
        }
    }

    @Override
    protected void resetData() {
        synchronized (engine) {
            engine.clearRuntime();
            for (String key : SHIPPED_PROCESS_KEYS) {
                if (engine.latest(key) == null) {
                    engine.deploy(key, readModel(key), true);
                }
            }
        }
    }

    private void deployShippedModels() {
        for (String key : SHIPPED_PROCESS_KEYS) {
            Definition d = engine.deploy(key, readModel(key), true);
            if (!d.key.equals(key)) {
                throw new IllegalStateException("Shipped model " + key + " declares process id " + d.key);
            }
        }
    }

    static String readModel(String key) {
        String resource = MODELS_RESOURCE + key + ".bpmn20.xml";
        try (InputStream in = WorkflowEmulator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing shipped model " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Override
    protected ObjectNode errorBody(int status, String message, String detail) {
        if (status == 401) {
            return ApigeeFault.body(message, detail == null ? "oauth.v2.InvalidAccessToken" : detail);
        }
        if (status == 429) {
            // ASSUMPTION: Apigee spike-arrest / quota fault in front of the service
            return ApigeeFault.body("Rate limit quota violation. Quota limit exceeded.", "policies.ratelimit.QuotaViolation");
        }
        ObjectNode body = Json.object();
        body.put("message", phrase(status));
        body.put("exception", detail == null ? message : message + ": " + detail);
        return body;
    }

    private static String phrase(int status) {
        switch (status) {
            case 400: return "Bad request";
            case 403: return "Forbidden";
            case 404: return "Not found";
            case 405: return "Method not allowed";
            case 409: return "Conflict";
            case 413: return "Request entity too large";
            case 415: return "Unsupported media type";
            case 500: return "Internal server error";
            case 502: return "Bad gateway";
            case 503: return "Service unavailable";
            case 504: return "Gateway timeout";
            default: return status >= 500 ? "Server error" : "Request failed";
        }
    }

    private static BadRequestException notFound(String what) {
        return new BadRequestException(404, what);
    }

    /** The record the path's {@code :id} names, or OpenText's 404 for an unknown id ({@code kind}: "task", ...). */
    private static <T> T byPathId(RoutingContext ctx, Map<String, T> records, String kind) {
        String id = ctx.pathParam("id");
        T record = records.get(id);
        if (record == null) {
            throw notFound("Could not find a " + kind + " with id '" + id + "'.");
        }
        return record;
    }

    // ---- routes ------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.post("/tenants/:tenantId/oauth2/token").handler(this::token);
        router.route(BASE + "/*").handler(this::authenticate);

        router.post(BASE + "/runtime/models").handler(locked(this::deployModel));
        router.get(BASE + "/runtime/models").handler(locked(this::listModels));
        router.get(BASE + "/runtime/models/:id").handler(locked(ctx -> send(ctx, 200, modelJson(ctx, definition(ctx), true))));
        router.delete(BASE + "/runtime/models/:id").handler(locked(ctx -> {
            engine.undeploy(definition(ctx));
            sendEmpty(ctx, 204);
        }));

        router.post(BASE + "/process-instances").handler(locked(this::startInstance));
        router.get(BASE + "/process-instances").handler(locked(this::listInstances));
        router.get(BASE + "/process-instances/:id").handler(locked(ctx -> send(ctx, 200, instanceJson(ctx, running(ctx),
                bool(ctx, "includeProcessVariables", false), bool(ctx, "includeProcessComments", false)))));
        router.put(BASE + "/process-instances/:id").handler(locked(this::updateInstance));
        router.delete(BASE + "/process-instances/:id").handler(locked(ctx -> {
            engine.terminate(running(ctx), ctx.request().getParam("deleteReason"));
            sendEmpty(ctx, 204);
        }));
        router.get(BASE + "/process-instances/:id/variables").handler(locked(ctx -> send(ctx, 200, variablesJson(running(ctx).variables.values()))));
        router.post(BASE + "/process-instances/:id/variables").handler(locked(ctx -> writeInstanceVariables(ctx, true)));
        router.put(BASE + "/process-instances/:id/variables").handler(locked(ctx -> writeInstanceVariables(ctx, false)));
        router.get(BASE + "/process-instances/:id/variables/:name").handler(locked(ctx -> send(ctx, 200, variableJson(instanceVariable(ctx)))));
        router.put(BASE + "/process-instances/:id/variables/:name").handler(locked(this::updateInstanceVariable));
        router.delete(BASE + "/process-instances/:id/variables/:name").handler(locked(ctx -> {
            Instance pi = writable(running(ctx));
            instanceVariable(ctx);
            pi.variables.remove(ctx.pathParam("name"));
            sendEmpty(ctx, 204);
        }));
        router.get(BASE + "/process-instances/:id/comments").handler(locked(ctx -> {
            Instance pi = instance(ctx);
            send(ctx, 200, page(ctx, "comments", pi.comments, this::commentJson));
        }));
        router.post(BASE + "/process-instances/:id/comments").handler(locked(ctx -> {
            Instance pi = instance(ctx);
            send(ctx, 201, commentJson(addComment(pi, null, user(ctx), requireObject(ctx).path("message").asText(null))));
        }));
        router.get(BASE + "/process-instances/:id/comments/:commentId").handler(locked(ctx -> send(ctx, 200, commentJson(comment(ctx, instance(ctx), null)))));
        router.delete(BASE + "/process-instances/:id/comments/:commentId").handler(locked(ctx -> {
            Instance pi = instance(ctx);
            pi.comments.remove(comment(ctx, pi, null));
            sendEmpty(ctx, 204);
        }));

        router.get(BASE + "/tasks").handler(locked(this::listTasks));
        router.get(BASE + "/tasks/:id").handler(locked(ctx -> send(ctx, 200, taskJson(ctx, task(ctx), bool(ctx, "includeProcessVariables", false),
                bool(ctx, "includeTaskLocalVariables", false), bool(ctx, "includeTaskComments", false)))));
        router.put(BASE + "/tasks/:id").handler(locked(this::updateTask));
        router.post(BASE + "/tasks/:id").handler(locked(this::taskAction));
        router.get(BASE + "/tasks/:id/comments").handler(locked(ctx -> {
            Task t = task(ctx);
            send(ctx, 200, page(ctx, "comments", taskComments(t), this::commentJson));
        }));
        router.post(BASE + "/tasks/:id/comments").handler(locked(ctx -> {
            Task t = task(ctx);
            send(ctx, 201, commentJson(addComment(t.instance, t, user(ctx), requireObject(ctx).path("message").asText(null))));
        }));
        router.get(BASE + "/tasks/:id/comments/:commentId").handler(locked(ctx -> {
            Task t = task(ctx);
            send(ctx, 200, commentJson(comment(ctx, t.instance, t)));
        }));
        router.delete(BASE + "/tasks/:id/comments/:commentId").handler(locked(ctx -> {
            Task t = task(ctx);
            t.instance.comments.remove(comment(ctx, t.instance, t));
            sendEmpty(ctx, 204);
        }));
        router.get(BASE + "/tasks/:id/attachments").handler(locked(ctx -> {
            Task t = openOrCompletedTask(ctx);
            send(ctx, 200, page(ctx, "attachments", t.attachments, a -> attachmentJson(ctx, a)));
        }));
        router.post(BASE + "/tasks/:id/attachments").handler(locked(this::addAttachment));
        router.get(BASE + "/tasks/:id/attachments/:attachmentId").handler(locked(ctx -> send(ctx, 200, attachmentJson(ctx, attachment(ctx)))));
        router.get(BASE + "/tasks/:id/attachments/:attachmentId/content").handler(locked(this::attachmentContent));
        router.delete(BASE + "/tasks/:id/attachments/:attachmentId").handler(locked(ctx -> {
            Attachment a = attachment(ctx);
            task(ctx).attachments.remove(a);
            sendEmpty(ctx, 204);
        }));
        router.get(BASE + "/tasks/:id/variables").handler(locked(this::listTaskVariables));
        router.post(BASE + "/tasks/:id/variables").handler(locked(this::createTaskVariables));
        router.get(BASE + "/tasks/:id/variables/:name").handler(locked(ctx -> {
            Task t = task(ctx);
            send(ctx, 200, variableJson(taskVariable(ctx, t, ctx.request().getParam("scope"))));
        }));
        router.put(BASE + "/tasks/:id/variables/:name").handler(locked(this::updateTaskVariable));
        router.delete(BASE + "/tasks/:id/variables/:name").handler(locked(ctx -> {
            Task t = task(ctx);
            Variable v = taskVariable(ctx, t, ctx.request().getParam("scope"));
            if ("local".equals(v.scope())) {
                t.localVariables.remove(v.name());
            } else {
                writable(t.instance).variables.remove(v.name());
            }
            sendEmpty(ctx, 204);
        }));

        // ASSUMPTION (emulator-only): history API modelled on Flowable's, under OpenText naming
        router.get(BASE + "/history/process-instances").handler(locked(this::listHistoricInstances));
        router.get(BASE + "/history/process-instances/:id").handler(locked(ctx -> send(ctx, 200,
                historicInstanceJson(ctx, instance(ctx), bool(ctx, "includeProcessVariables", false)))));
        router.delete(BASE + "/history/process-instances/:id").handler(locked(ctx -> {
            engine.deleteHistory(instance(ctx));
            sendEmpty(ctx, 204);
        }));
        router.get(BASE + "/history/activity-instances").handler(locked(this::listActivityInstances));
    }

    private Handler<RoutingContext> locked(Consumer<RoutingContext> handler) {
        return ctx -> {
            synchronized (engine) {
                handler.accept(ctx);
            }
        };
    }

    // ---- OAuth ---------------------------------------------------------------------------------------

    private void token(RoutingContext ctx) {
        Map<String, String> params = tokenParams(ctx);
        String basic = ctx.request().getHeader("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    params.putIfAbsent("client_id", decoded.substring(0, colon));
                    params.putIfAbsent("client_secret", decoded.substring(colon + 1));
                }
            } catch (IllegalArgumentException ignored) {
                // not Basic credentials after all; judged below
            }
        }
        if (!credentials.tenantId().equals(ctx.pathParam("tenantId"))
                || !credentials.clientId().equals(params.get("client_id"))
                || !credentials.clientSecret().equals(params.get("client_secret"))) {
            tokenError(ctx, 401, "invalid_client", "Invalid ApiKey", "oauth.v2.InvalidApiKey");
            return;
        }
        String grant = params.getOrDefault("grant_type", "");
        TokenIssuer.Token token;
        boolean withRefresh;
        switch (grant) {
            case "client_credentials":
                token = tokens.issue(credentials.clientId());
                withRefresh = false;
                break;
            case "password": {
                Account account = params.get("username") == null ? null : accounts.get(params.get("username"));
                if (account == null || !account.password().equals(params.get("password"))) {
                    tokenError(ctx, 401, "invalid_grant", "Invalid user credentials", "oauth.v2.InvalidUserCredentials");
                    return;
                }
                token = tokens.issue(params.get("username"));
                withRefresh = true;
                break;
            }
            case "refresh_token": {
                token = tokens.refresh(params.get("refresh_token")).orElse(null);
                if (token == null) {
                    tokenError(ctx, 401, "invalid_grant", "Invalid refresh token", "oauth.v2.InvalidRefreshToken");
                    return;
                }
                withRefresh = true;
                break;
            }
            default:
                tokenError(ctx, 400, "unsupported_grant_type", "Unsupported grant type: " + grant, "oauth.v2.UnsupportedGrantType");
                return;
        }
        ObjectNode body = Json.object();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds(tokens.now()));
        if (withRefresh) {
            body.put("refresh_token", token.refreshToken());
        }
        body.put("scope", "openid");
        ctx.response().putHeader("Cache-Control", "no-store");
        send(ctx, 200, body);
    }

    private Map<String, String> tokenParams(RoutingContext ctx) {
        Map<String, String> params = new HashMap<>();
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data")) {
            MultiMap form = ctx.request().formAttributes();
            for (String name : form.names()) {
                params.put(name, form.get(name));
            }
            return params;
        }
        JsonNode body = Json.parse(ctx.body().asString());
        if (!body.isObject()) {
            throw new BadRequestException("Token request must be a JSON object or a form");
        }
        body.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return params;
    }

    private void tokenError(RoutingContext ctx, int status, String error, String description, String errorcode) {
        ObjectNode body = ApigeeFault.body(description, errorcode);
        body.put("error", error);
        body.put("error_description", description);
        sendJson(ctx, status, body);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String subject = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            subject = tokens.subjectOf(header.substring(7).trim()).orElse(null);
        }
        if (subject == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"workflow\", error=\"invalid_token\"");
            sendError(ctx, 401, "Invalid access token", "oauth.v2.InvalidAccessToken");
            return;
        }
        ctx.put(USER, subject);
        ctx.next();
    }

    private static String user(RoutingContext ctx) {
        return ctx.get(USER);
    }

    private Set<String> groupsOf(String user) {
        Account account = user == null ? null : accounts.get(user);
        return account == null ? Set.of() : account.groups();
    }

    // ---- models ------------------------------------------------------------------------------------

    private void deployModel(RoutingContext ctx) {
        JsonNode body = requireObject(ctx);
        String modelType = body.path("modelType").asText("xml");
        if (!"xml".equalsIgnoreCase(modelType)) {
            throw new BadRequestException("modelType '" + modelType + "' is not supported by the emulator; deploy BPMN 2.0 XML with modelType 'xml'");
        }
        JsonNode content = body.get("modelContent");
        if (content == null || !content.isTextual()) {
            throw new BadRequestException("modelContent (the BPMN 2.0 XML as a string) is required");
        }
        Definition d = engine.deploy(body.path("modelId").asText(null), content.textValue(), false);
        log.info("workflow emulator: deployed {} version {}", d.key, d.version);
        send(ctx, 201, modelJson(ctx, d, false));
    }

    private void listModels(RoutingContext ctx) {
        String key = ctx.request().getParam("key");
        String keyLike = ctx.request().getParam("keyLike");
        String name = ctx.request().getParam("name");
        String nameLike = ctx.request().getParam("nameLike");
        String modelType = ctx.request().getParam("modelType");
        Integer version = intParam(ctx, "version", null);
        boolean latest = bool(ctx, "latestVersion", false);
        List<Definition> list = new ArrayList<>();
        for (Definition d : engine.definitions.values()) {
            if (matches(key, d.key) && like(keyLike, d.key) && matches(name, d.name)
                    && like(nameLike, d.name) && (modelType == null || "xml".equalsIgnoreCase(modelType))
                    && matches(version, d.version) && (!latest || engine.isLatest(d))) {
                list.add(d);
            }
        }
        Map<String, Comparator<Definition>> sorts = Map.of(
                "key", Comparator.comparing((Definition d) -> d.key).thenComparingInt(d -> d.version),
                "name", Comparator.comparing((Definition d) -> d.name).thenComparingInt(d -> d.version),
                "version", Comparator.comparingInt((Definition d) -> d.version).thenComparing(d -> d.key),
                "id", Comparator.comparing((Definition d) -> d.id),
                "deploymentTime", Comparator.comparingLong((Definition d) -> d.seq));
        list.sort(sorter(ctx, sorts, "key"));
        send(ctx, 200, page(ctx, "models", list, d -> modelJson(ctx, d, false)));
    }

    private Definition definition(RoutingContext ctx) {
        return byPathId(ctx, engine.definitions, "process definition");
    }

    // ---- process instances -------------------------------------------------------------------------

    private void startInstance(RoutingContext ctx) {
        JsonNode body = requireObject(ctx);
        String key = text(body, "processDefinitionKey");
        String id = text(body, "processDefinitionId");
        String message = text(body, "message");
        int given = (key == null ? 0 : 1) + (id == null ? 0 : 1) + (message == null ? 0 : 1);
        if (given != 1) {
            throw new BadRequestException("Exactly one of processDefinitionId, processDefinitionKey or message should be set.");
        }
        Definition d;
        FlowNode start;
        if (key != null) {
            d = engine.latest(key);
            if (d == null) {
                throw new BadRequestException("No process definition found with key '" + key + "'");
            }
            start = noneStart(d);
        } else if (id != null) {
            d = engine.definitions.get(id);
            if (d == null) {
                throw new BadRequestException("No process definition found with id '" + id + "'");
            }
            start = noneStart(d);
        } else {
            d = null;
            start = null;
            for (Definition candidate : engine.definitions.values()) {
                if (engine.isLatest(candidate) && candidate.model.messageStart(message) != null) {
                    d = candidate;
                    start = candidate.model.messageStart(message);
                    break;
                }
            }
            if (d == null) {
                throw new BadRequestException("Cannot start process instance by message: no process definition has a start event for message '" + message + "'");
            }
        }
        List<Variable> vars = WorkflowEngine.variables(body.get("variables"), "global");
        Map<String, JsonNode> transientVars = WorkflowEngine.transientVariables(body.get("transientVariables"));
        Instance pi = engine.start(d, start, text(body, "businessKey"), text(body, "name"), vars, transientVars, user(ctx));
        boolean withComment = false;
        JsonNode comment = body.get("comment");
        if (comment != null && comment.isObject() && comment.hasNonNull("message")) {
            addComment(pi, null, user(ctx), comment.get("message").asText());
            withComment = true;
        }
        send(ctx, 201, instanceJson(ctx, pi, body.path("returnVariables").asBoolean(false), withComment));
    }

    private static FlowNode noneStart(Definition d) {
        FlowNode start = d.model.noneStart();
        if (start == null) {
            throw new BadRequestException("Process definition '" + d.id + "' has no none start event; start it by message");
        }
        return start;
    }

    private void listInstances(RoutingContext ctx) {
        String definitionKey = ctx.request().getParam("processDefinitionKey");
        String definitionId = ctx.request().getParam("processDefinitionId");
        String businessKey = ctx.request().getParam("businessKey");
        String businessKeyLike = ctx.request().getParam("businessKeyLike");
        String startedBy = ctx.request().getParam("startedBy");
        String involvedUser = ctx.request().getParam("involvedUser");
        String id = ctx.request().getParam("id");
        Boolean suspended = boolParam(ctx, "suspended");
        List<Instance> list = new ArrayList<>();
        for (Instance pi : engine.instances.values()) {
            if (matches(definitionKey, pi.definition.key)
                    && matches(definitionId, pi.definition.id)
                    && matches(id, pi.id)
                    && matches(businessKey, pi.businessKey)
                    && like(businessKeyLike, pi.businessKey)
                    && matches(startedBy, pi.startUserId)
                    && (involvedUser == null || pi.involvedUsers.contains(involvedUser))
                    && matches(suspended, pi.suspended)
                    && !pi.ended) {
                list.add(pi);
            }
        }
        list.sort(sorter(ctx, instanceSorts(), "startTime"));
        boolean vars = bool(ctx, "includeProcessVariables", false);
        boolean comments = bool(ctx, "includeProcessComments", false);
        send(ctx, 200, page(ctx, "process-instances", list, pi -> instanceJson(ctx, pi, vars, comments)));
    }

    private static Map<String, Comparator<Instance>> instanceSorts() {
        return Map.of(
                "id", Comparator.comparing((Instance pi) -> pi.id),
                "startTime", Comparator.comparingLong((Instance pi) -> pi.seq),
                "processDefinitionKey", Comparator.comparing((Instance pi) -> pi.definition.key).thenComparingLong(pi -> pi.seq),
                "processDefinitionId", Comparator.comparing((Instance pi) -> pi.definition.id).thenComparingLong(pi -> pi.seq),
                "businessKey", Comparator.comparing((Instance pi) -> pi.businessKey, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(pi -> pi.seq),
                "name", Comparator.comparing((Instance pi) -> pi.name, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(pi -> pi.seq),
                "tenantId", Comparator.comparingLong((Instance pi) -> pi.seq));
    }

    private void updateInstance(RoutingContext ctx) {
        Instance pi = running(ctx);
        JsonNode body = requireObject(ctx);
        String action = text(body, "action");
        if (action != null) {
            if ("suspend".equals(action)) {
                engine.suspend(pi, true);
            } else if ("activate".equals(action)) {
                engine.suspend(pi, false);
            } else {
                throw new BadRequestException("Invalid action: '" + action + "'.");
            }
        } else {
            writable(pi);
            if (body.has("name")) {
                pi.name = text(body, "name");
            }
            if (body.has("businessKey")) {
                pi.businessKey = text(body, "businessKey");
            }
        }
        JsonNode comment = body.get("comment");
        boolean withComment = comment != null && comment.isObject() && comment.hasNonNull("message");
        if (withComment) {
            addComment(pi, null, user(ctx), comment.get("message").asText());
        }
        send(ctx, 200, instanceJson(ctx, pi, false, withComment));
    }

    /** The instance the path names, running or ended: its history and comments outlive it (as in Flowable). */
    private Instance instance(RoutingContext ctx) {
        return byPathId(ctx, engine.instances, "process instance");
    }

    /** The running instance the path names: as in Flowable, an ended one is only in history, so the runtime answers 404. */
    private Instance running(RoutingContext ctx) {
        Instance pi = instance(ctx);
        if (pi.ended) {
            throw notFound("Could not find a process instance with id '" + pi.id + "'.");
        }
        return pi;
    }

    private static Instance writable(Instance pi) {
        if (pi.ended) {
            throw new BadRequestException(409, "Process instance '" + pi.id + "' has already ended");
        }
        return pi;
    }

    private void writeInstanceVariables(RoutingContext ctx, boolean create) {
        Instance pi = writable(running(ctx));
        List<Variable> vars = WorkflowEngine.variables(Json.parse(ctx.body().asString()), "global");
        if (vars.isEmpty()) {
            throw new BadRequestException("Request did not contain a list of variables to create.");
        }
        if (create) {
            for (Variable v : vars) {
                if (pi.variables.containsKey(v.name())) {
                    throw new BadRequestException(409, "Variable '" + v.name() + "' is already present on process instance '" + pi.id + "'.");
                }
            }
        }
        ArrayNode out = Json.array();
        for (Variable v : vars) {
            Variable global = v.withScope("global");
            pi.variables.put(v.name(), global);
            out.add(variableJson(global));
        }
        send(ctx, 201, out);
    }

    private Variable instanceVariable(RoutingContext ctx) {
        Instance pi = running(ctx);
        Variable v = pi.variables.get(ctx.pathParam("name"));
        if (v == null) {
            throw notFound("Process instance '" + pi.id + "' does not have a variable with name: '" + ctx.pathParam("name") + "'.");
        }
        return v;
    }

    private void updateInstanceVariable(RoutingContext ctx) {
        Instance pi = writable(running(ctx));
        instanceVariable(ctx);
        ObjectNode body = requireObject(ctx).deepCopy();
        String name = ctx.pathParam("name");
        if (body.hasNonNull("name") && !name.equals(body.get("name").asText())) {
            throw new BadRequestException("Variable name in the body ('" + body.get("name").asText() + "') does not match the path ('" + name + "')");
        }
        body.put("name", name);
        Variable v = WorkflowEngine.variable(body, "global").withScope("global");
        pi.variables.put(name, v);
        send(ctx, 200, variableJson(v));
    }

    private Comment addComment(Instance pi, Task t, String author, String message) {
        if (message == null || message.isBlank()) {
            throw new BadRequestException("Comment message is required.");
        }
        Comment c = new Comment(WorkflowEngine.newId(), author, message, engine.now(), pi.id, t == null ? null : t.id, "comment");
        pi.comments.add(c);
        return c;
    }

    private Comment comment(RoutingContext ctx, Instance pi, Task t) {
        String id = ctx.pathParam("commentId");
        for (Comment c : pi.comments) {
            if (c.id().equals(id) && (t == null || t.id.equals(c.taskId()))) {
                return c;
            }
        }
        throw notFound("Could not find a comment with id '" + id + "'.");
    }

    private static List<Comment> taskComments(Task t) {
        List<Comment> list = new ArrayList<>();
        for (Comment c : t.instance.comments) {
            if (t.id.equals(c.taskId())) {
                list.add(c);
            }
        }
        return list;
    }

    // ---- tasks -------------------------------------------------------------------------------------

    private void listTasks(RoutingContext ctx) {
        List<Predicate<Task>> filters = new ArrayList<>();
        filterBy(filters, ctx.request().getParam("name"), name -> t -> name.equals(t.name));
        filterBy(filters, ctx.request().getParam("nameLike"), nameLike -> t -> like(nameLike, t.name));
        filterBy(filters, ctx.request().getParam("description"), description -> t -> description.equals(t.description));
        filterBy(filters, ctx.request().getParam("assignee"), assignee -> t -> assignee.equals(t.assignee));
        filterBy(filters, ctx.request().getParam("assigneeLike"),
                assigneeLike -> t -> t.assignee != null && like(assigneeLike, t.assignee));
        filterBy(filters, ctx.request().getParam("owner"), owner -> t -> owner.equals(t.owner));
        filterBy(filters, boolParam(ctx, "unassigned"), unassigned -> t -> (t.assignee == null) == unassigned);
        filterBy(filters, ctx.request().getParam("candidateUser"),
                candidateUser -> t -> t.assignee == null && isCandidate(t, candidateUser));
        filterBy(filters, ctx.request().getParam("candidateGroup"),
                candidateGroup -> t -> t.assignee == null && t.candidateGroups.contains(candidateGroup));
        String candidateGroups = ctx.request().getParam("candidateGroups");
        if (candidateGroups != null) {
            List<String> groups = List.of(candidateGroups.split("\\s*,\\s*"));
            filters.add(t -> t.assignee == null && t.candidateGroups.stream().anyMatch(groups::contains));
        }
        filterBy(filters, ctx.request().getParam("candidateOrAssigned"),
                candidateOrAssigned -> t -> candidateOrAssigned.equals(t.assignee) || (t.assignee == null && isCandidate(t, candidateOrAssigned)));
        filterBy(filters, ctx.request().getParam("involvedUser"),
                involvedUser -> t -> involvedUser.equals(t.assignee) || involvedUser.equals(t.owner) || t.candidateUsers.contains(involvedUser));
        filterBy(filters, ctx.request().getParam("processInstanceId"), processInstanceId -> t -> processInstanceId.equals(t.instance.id));
        filterBy(filters, ctx.request().getParam("processInstanceBusinessKey"),
                businessKey -> t -> businessKey.equals(t.instance.businessKey));
        filterBy(filters, ctx.request().getParam("processInstanceBusinessKeyLike"),
                businessKeyLike -> t -> t.instance.businessKey != null && like(businessKeyLike, t.instance.businessKey));
        filterBy(filters, ctx.request().getParam("processDefinitionId"),
                definitionId -> t -> definitionId.equals(t.instance.definition.id));
        filterBy(filters, ctx.request().getParam("processDefinitionKey"),
                definitionKey -> t -> definitionKey.equals(t.instance.definition.key));
        filterBy(filters, ctx.request().getParam("processDefinitionKeyLike"),
                definitionKeyLike -> t -> like(definitionKeyLike, t.instance.definition.key));
        filterBy(filters, ctx.request().getParam("processDefinitionName"),
                definitionName -> t -> definitionName.equals(t.instance.definition.name));
        filterBy(filters, ctx.request().getParam("taskDefinitionKey"), taskDefinitionKey -> t -> taskDefinitionKey.equals(t.node.id));
        filterBy(filters, ctx.request().getParam("taskDefinitionKeyLike"),
                taskDefinitionKeyLike -> t -> like(taskDefinitionKeyLike, t.node.id));
        filterBy(filters, ctx.request().getParam("executionId"), executionId -> t -> executionId.equals(t.executionId));
        filterBy(filters, ctx.request().getParam("category"), category -> t -> category.equals(t.category));
        filterBy(filters, intParam(ctx, "priority", null), priority -> t -> t.priority == priority);
        filterBy(filters, intParam(ctx, "minimumPriority", null), minPriority -> t -> t.priority >= minPriority);
        filterBy(filters, intParam(ctx, "maximumPriority", null), maxPriority -> t -> t.priority <= maxPriority);
        filterBy(filters, timeParam(ctx, "createdBefore"), createdBefore -> t -> t.createTime.isBefore(createdBefore));
        filterBy(filters, timeParam(ctx, "createdAfter"), createdAfter -> t -> t.createTime.isAfter(createdAfter));
        filterBy(filters, timeParam(ctx, "dueBefore"), dueBefore -> t -> t.dueDate != null && t.dueDate.isBefore(dueBefore));
        filterBy(filters, timeParam(ctx, "dueAfter"), dueAfter -> t -> t.dueDate != null && t.dueDate.isAfter(dueAfter));
        Boolean withoutDueDate = boolParam(ctx, "withoutDueDate");
        if (Boolean.TRUE.equals(withoutDueDate)) {
            filters.add(t -> t.dueDate == null);
        }
        filterBy(filters, boolParam(ctx, "active"), active -> t -> t.instance.suspended != active);
        List<Task> list = new ArrayList<>();
        for (Task t : engine.tasks.values()) {
            if (filters.stream().allMatch(f -> f.test(t))) {
                list.add(t);
            }
        }
        Comparator<Instant> instants = Comparator.nullsLast(Comparator.naturalOrder());
        Comparator<String> strings = Comparator.nullsLast(Comparator.naturalOrder());
        Map<String, Comparator<Task>> sorts = new HashMap<>();
        sorts.put("createTime", Comparator.comparingLong((Task t) -> t.seq));
        sorts.put("id", Comparator.comparing((Task t) -> t.id));
        sorts.put("name", Comparator.comparing((Task t) -> t.name, strings).thenComparingLong(t -> t.seq));
        sorts.put("priority", Comparator.comparingInt((Task t) -> t.priority).thenComparingLong(t -> t.seq));
        sorts.put("assignee", Comparator.comparing((Task t) -> t.assignee, strings).thenComparingLong(t -> t.seq));
        sorts.put("dueDate", Comparator.comparing((Task t) -> t.dueDate, instants).thenComparingLong(t -> t.seq));
        sorts.put("executionId", Comparator.comparing((Task t) -> t.executionId));
        sorts.put("processInstanceId", Comparator.comparing((Task t) -> t.instance.id).thenComparingLong(t -> t.seq));
        sorts.put("taskDefinitionKey", Comparator.comparing((Task t) -> t.node.id).thenComparingLong(t -> t.seq));
        sorts.put("tenantId", Comparator.comparingLong((Task t) -> t.seq));
        list.sort(sorter(ctx, sorts, "createTime"));
        boolean procVars = bool(ctx, "includeProcessVariables", false);
        boolean localVars = bool(ctx, "includeTaskLocalVariables", false);
        boolean comments = bool(ctx, "includeTaskComments", false);
        send(ctx, 200, page(ctx, "tasks", list, t -> taskJson(ctx, t, procVars, localVars, comments)));
    }

    private boolean isCandidate(Task t, String user) {
        if (t.candidateUsers.contains(user)) {
            return true;
        }
        for (String g : groupsOf(user)) {
            if (t.candidateGroups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    private Task task(RoutingContext ctx) {
        return byPathId(ctx, engine.tasks, "task");
    }

    /** An open or completed task: Flowable reads a task's attachments through history, so they outlive it. */
    private Task openOrCompletedTask(RoutingContext ctx) {
        Task done = engine.completedTasks.get(ctx.pathParam("id"));
        return done != null ? done : task(ctx);
    }

    private void updateTask(RoutingContext ctx) {
        Task t = task(ctx);
        JsonNode body = requireObject(ctx);
        engine.requireActive(t);
        if (body.has("dueDate")) {
            String due = text(body, "dueDate");
            Instant instant = due == null ? null : Times.parse(due);
            if (due != null && instant == null) {
                throw new BadRequestException("dueDate '" + due + "' is not an ISO-8601 date-time");
            }
            t.dueDate = instant;
        }
        if (body.has("priority")) {
            if (!body.get("priority").canConvertToInt()) {
                throw new BadRequestException("priority must be an integer");
            }
            t.priority = body.get("priority").asInt();
        }
        if (body.has("assignee")) {
            engine.setAssignee(t, text(body, "assignee"));
        }
        if (body.has("owner")) {
            t.owner = text(body, "owner");
        }
        if (body.has("name")) {
            t.name = text(body, "name");
        }
        if (body.has("description")) {
            t.description = text(body, "description");
        }
        if (body.has("category")) {
            t.category = text(body, "category");
        }
        if (body.has("formKey")) {
            t.formKey = text(body, "formKey");
        }
        send(ctx, 200, taskJson(ctx, t, false, false, false));
    }

    private void taskAction(RoutingContext ctx) {
        Task t = task(ctx);
        JsonNode body = requireObject(ctx);
        String action = text(body, "action");
        String user = user(ctx);
        if (action == null) {
            throw new BadRequestException("action is required (claim, unclaim or complete)");
        }
        switch (action) {
            case "claim":
                // an absent assignee claims for the caller; an explicit null unclaims, as in Flowable
                engine.claim(t, body.has("assignee") ? text(body, "assignee") : user);
                break;
            case "unclaim":
                engine.claim(t, null);
                break;
            case "complete":
                engine.complete(t, user, text(body, "outcome"), WorkflowEngine.variables(body.get("variables"), "global"),
                        WorkflowEngine.transientVariables(body.get("transientVariables")));
                break;
            default:
                throw new BadRequestException("Invalid action: '" + action + "'.");
        }
        JsonNode comment = body.get("comment");
        if (comment != null && comment.isObject() && comment.hasNonNull("message")) {
            addComment(t.instance, t, user, comment.get("message").asText());
        }
        sendEmpty(ctx, 200);
    }

    private void addAttachment(RoutingContext ctx) {
        Task t = task(ctx);
        Attachment a = new Attachment();
        a.id = WorkflowEngine.newId();
        a.taskId = t.id;
        a.processInstanceId = t.instance.id;
        a.userId = user(ctx);
        a.time = engine.now();
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
        if (contentType.startsWith("multipart/form-data")) {
            MultiMap form = ctx.request().formAttributes();
            List<FileUpload> uploads = ctx.fileUploads();
            if (uploads.isEmpty()) {
                throw new BadRequestException("Multipart attachment upload needs a file part");
            }
            FileUpload upload = uploads.get(0);
            try {
                a.content = Files.readAllBytes(Path.of(upload.uploadedFileName()));
            } catch (IOException e) {
                throw new BadRequestException(500, "Could not read the uploaded file");
            }
            a.name = form.get("name") != null ? form.get("name") : upload.fileName();
            a.description = form.get("description");
            a.type = form.get("type") != null ? form.get("type") : upload.contentType();
        } else {
            JsonNode body = requireObject(ctx);
            a.name = text(body, "name");
            a.description = text(body, "description");
            a.type = text(body, "type");
            a.externalUrl = text(body, "externalUrl");
            String content = text(body, "content");
            if (content != null) {
                try {
                    a.content = Base64.getDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("content must be base64");
                }
            }
            if (a.externalUrl == null && a.content == null) {
                throw new BadRequestException("An attachment needs externalUrl or content (base64), or a multipart file");
            }
        }
        if (a.name == null || a.name.isBlank()) {
            throw new BadRequestException("Attachment name is required.");
        }
        t.attachments.add(a);
        send(ctx, 201, attachmentJson(ctx, a));
    }

    private Attachment attachment(RoutingContext ctx) {
        Task t = openOrCompletedTask(ctx);
        for (Attachment a : t.attachments) {
            if (a.id.equals(ctx.pathParam("attachmentId"))) {
                return a;
            }
        }
        throw notFound("Task '" + t.id + "' does not have an attachment with id '" + ctx.pathParam("attachmentId") + "'.");
    }

    private void attachmentContent(RoutingContext ctx) {
        Attachment a = attachment(ctx);
        if (a.content == null) {
            throw notFound("Attachment '" + a.id + "' has no content (it links to " + a.externalUrl + ").");
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).putHeader("Content-Type", a.type == null ? "application/octet-stream" : a.type)
                .putHeader("Content-Disposition", "attachment; filename=\"" + a.name.replace("\"", "") + "\"")
                .end(Buffer.buffer(a.content));
    }

    private void listTaskVariables(RoutingContext ctx) {
        Task t = task(ctx);
        String scope = ctx.request().getParam("scope");
        List<Variable> list = new ArrayList<>();
        if (scope == null || "local".equals(scope)) {
            list.addAll(t.localVariables.values());
        }
        if (scope == null || "global".equals(scope)) {
            for (Variable v : t.instance.variables.values()) {
                if (scope != null || !t.localVariables.containsKey(v.name())) {
                    list.add(v);
                }
            }
        }
        send(ctx, 200, variablesJson(list));
    }

    private void createTaskVariables(RoutingContext ctx) {
        Task t = task(ctx);
        List<Variable> vars = WorkflowEngine.variables(Json.parse(ctx.body().asString()), "local");
        if (vars.isEmpty()) {
            throw new BadRequestException("Request did not contain a list of variables to create.");
        }
        for (Variable v : vars) {
            Map<String, Variable> target = "local".equals(v.scope()) ? t.localVariables : t.instance.variables;
            if (target.containsKey(v.name())) {
                throw new BadRequestException(409, "Variable '" + v.name() + "' is already present on task '" + t.id + "'.");
            }
        }
        ArrayNode out = Json.array();
        for (Variable v : vars) {
            ("local".equals(v.scope()) ? t.localVariables : t.instance.variables).put(v.name(), v);
            out.add(variableJson(v));
        }
        send(ctx, 201, out);
    }

    private Variable taskVariable(RoutingContext ctx, Task t, String scope) {
        String name = ctx.pathParam("name");
        Variable v = null;
        if (scope == null || "local".equals(scope)) {
            v = t.localVariables.get(name);
        }
        if (v == null && (scope == null || "global".equals(scope))) {
            v = t.instance.variables.get(name);
        }
        if (v == null) {
            throw notFound("Task '" + t.id + "' does not have a variable with name: '" + name + "'.");
        }
        return v;
    }

    private void updateTaskVariable(RoutingContext ctx) {
        Task t = task(ctx);
        ObjectNode body = requireObject(ctx).deepCopy();
        String name = ctx.pathParam("name");
        Variable existing = taskVariable(ctx, t, text(body, "scope"));
        body.put("name", name);
        if (!body.hasNonNull("scope")) {
            body.put("scope", existing.scope());
        }
        Variable v = WorkflowEngine.variable(body, existing.scope());
        ("local".equals(v.scope()) ? t.localVariables : t.instance.variables).put(name, v);
        send(ctx, 200, variableJson(v));
    }

    // ---- history (emulator-only) ---------------------------------------------------------------------

    private void listHistoricInstances(RoutingContext ctx) {
        String processInstanceId = ctx.request().getParam("processInstanceId");
        String definitionKey = ctx.request().getParam("processDefinitionKey");
        String businessKey = ctx.request().getParam("businessKey");
        String startedBy = ctx.request().getParam("startedBy");
        Boolean finished = boolParam(ctx, "finished");
        List<Instance> list = new ArrayList<>();
        for (Instance pi : engine.instances.values()) {
            if (matches(processInstanceId, pi.id)
                    && matches(definitionKey, pi.definition.key)
                    && matches(businessKey, pi.businessKey)
                    && matches(startedBy, pi.startUserId)
                    && matches(finished, pi.ended)) {
                list.add(pi);
            }
        }
        list.sort(sorter(ctx, instanceSorts(), "startTime"));
        boolean vars = bool(ctx, "includeProcessVariables", false);
        send(ctx, 200, page(ctx, "process-instances", list, pi -> historicInstanceJson(ctx, pi, vars)));
    }

    private void listActivityInstances(RoutingContext ctx) {
        String processInstanceId = ctx.request().getParam("processInstanceId");
        String activityId = ctx.request().getParam("activityId");
        String activityType = ctx.request().getParam("activityType");
        String taskId = ctx.request().getParam("taskId");
        String assignee = ctx.request().getParam("taskAssignee");
        Boolean finished = boolParam(ctx, "finished");
        List<ActivityInstance> list = new ArrayList<>();
        Collection<Instance> scope = processInstanceId == null ? engine.instances.values()
                : engine.instances.containsKey(processInstanceId) ? List.of(engine.instances.get(processInstanceId)) : List.of();
        for (Instance pi : scope) {
            for (ActivityInstance ai : pi.history) {
                if (matches(activityId, ai.activityId)
                        && matches(activityType, ai.activityType)
                        && matches(taskId, ai.taskId)
                        && matches(assignee, ai.assignee)
                        && matches(finished, ai.endTime != null)) {
                    list.add(ai);
                }
            }
        }
        Map<String, Comparator<ActivityInstance>> sorts = Map.of(
                "startTime", Comparator.comparingLong((ActivityInstance ai) -> ai.seq),
                "activityId", Comparator.comparing((ActivityInstance ai) -> ai.activityId).thenComparingLong(ai -> ai.seq),
                "endTime", Comparator.comparing((ActivityInstance ai) -> ai.endTime, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(ai -> ai.seq));
        list.sort(sorter(ctx, sorts, "startTime"));
        send(ctx, 200, page(ctx, "activity-instances", list, this::activityJson));
    }

    // ---- admin ---------------------------------------------------------------------------------------

    @Override
    protected void adminRoutes(Router admin) {
        admin.get("/state").handler(locked(this::state));
        admin.post("/tasks/:id/complete").handler(locked(ctx -> {
            Task t = task(ctx);
            String text = ctx.body() == null ? null : ctx.body().asString();
            JsonNode body = text == null || text.isBlank() ? Json.object() : Json.parse(text);
            String user = body.path("user").asText("emulator-operator");
            Instance pi = t.instance;
            engine.complete(t, user, text(body, "outcome"), WorkflowEngine.variables(body.get("variables"), "global"), Map.of());
            sendJson(ctx, 200, instanceJson(ctx, pi, true, false));
        }));
        admin.post("/tokens/expire").handler(ctx -> {
            tokens.expireAll();
            ctx.response().setStatusCode(204).end();
        });
        admin.post("/accounts").handler(ctx -> {
            JsonNode body = Json.parse(ctx.body().asString());
            String username = body.path("username").asText(null);
            String password = body.path("password").asText(null);
            if (username == null || password == null) {
                throw new BadRequestException("username and password are required");
            }
            List<String> groups = new ArrayList<>();
            body.path("groups").forEach(g -> groups.add(g.asText()));
            addAccount(username, password, groups);
            ctx.response().setStatusCode(204).end();
        });
    }

    private void state(RoutingContext ctx) {
        ObjectNode state = Json.object();
        ArrayNode models = state.putArray("models");
        for (Definition d : engine.definitions.values()) {
            models.add(modelJson(ctx, d, false));
        }
        ArrayNode instances = state.putArray("processInstances");
        for (Instance pi : engine.instances.values()) {
            ObjectNode json = instanceJson(ctx, pi, true, true);
            ArrayNode history = json.putArray("activityInstances");
            pi.history.forEach(ai -> history.add(activityJson(ai)));
            instances.add(json);
        }
        ArrayNode tasks = state.putArray("tasks");
        for (Task t : engine.tasks.values()) {
            tasks.add(taskJson(ctx, t, false, true, true));
        }
        sendJson(ctx, 200, state);
    }

    // ---- JSON views --------------------------------------------------------------------------------

    private static String href(RoutingContext ctx, String path) {
        io.vertx.core.net.HostAndPort authority = ctx.request().authority();
        String host = authority == null ? ctx.request().getHeader("Host") : authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
        if (host == null) {
            host = ctx.request().localAddress().host() + ":" + ctx.request().localAddress().port();
        }
        return "http://" + host + path;
    }

    private static ObjectNode links(RoutingContext ctx, String path) {
        ObjectNode links = Json.object();
        links.putObject("self").put("href", href(ctx, path));
        return links;
    }

    private ObjectNode modelJson(RoutingContext ctx, Definition d, boolean content) {
        ObjectNode json = Json.object();
        json.put("id", d.id);
        json.put("key", d.key);
        json.put("name", d.name);
        json.put("description", d.description);
        json.put("version", d.version);
        json.put("latestVersion", engine.isLatest(d));
        json.put("modelId", d.modelId);
        json.put("modelType", "xml");
        json.put("category", d.category);
        json.put("deploymentTime", Times.format(d.deploymentTime));
        json.put("tenantId", engine.tenantId);
        json.put("suspended", false);
        ArrayNode starts = json.putArray("startEvents");
        ArrayNode userTasks = json.putArray("userTasks");
        for (FlowNode n : d.model.nodes.values()) {
            if (n.type == BpmnModel.Type.START_EVENT) {
                ObjectNode s = starts.addObject();
                s.put("id", n.id);
                s.put("type", n.messageName == null ? "none" : "message");
                s.put("messageName", n.messageName);
            }
        }
        for (FlowNode n : d.model.userTasks()) {
            ObjectNode u = userTasks.addObject();
            u.put("taskDefinitionKey", n.id);
            u.put("name", n.name);
            u.put("candidateGroups", n.candidateGroups == null ? null : n.candidateGroups.source());
            u.put("outcomeVariable", n.outcomeVariable);
            putPossibleOutcomes(u, n);
        }
        if (content) {
            json.put("modelContent", d.xml);
        }
        json.set("links", links(ctx, BASE + "/runtime/models/" + d.id));
        return json;
    }

    private ObjectNode instanceJson(RoutingContext ctx, Instance pi, boolean variables, boolean comments) {
        ObjectNode json = Json.object();
        json.put("id", pi.id);
        json.put("url", href(ctx, BASE + "/process-instances/" + pi.id));
        putNameAndDefinition(json, pi);
        json.put("activityId", pi.activityId());
        json.put("startTime", Times.format(pi.startTime));
        json.put("startUserId", pi.startUserId);
        json.put("ended", pi.ended);
        json.put("completed", pi.completed);
        json.put("suspended", pi.suspended);
        json.putNull("dueDate");
        json.putNull("superProcessInstanceId");
        json.putNull("callbackId");
        json.putNull("callbackType");
        json.put("tenantId", engine.tenantId);
        json.put("subscriptionId", engine.tenantId);
        json.set("variables", variables ? variablesJson(pi.variables.values()) : Json.array());
        ArrayNode list = json.putArray("comments");
        if (comments) {
            pi.comments.forEach(c -> list.add(commentJson(c)));
        }
        json.set("links", links(ctx, BASE + "/process-instances/" + pi.id));
        return json;
    }

    private ObjectNode historicInstanceJson(RoutingContext ctx, Instance pi, boolean variables) {
        ObjectNode json = Json.object();
        json.put("id", pi.id);
        putNameAndDefinition(json, pi);
        json.put("startTime", Times.format(pi.startTime));
        json.put("endTime", Times.format(pi.endTime));
        putDuration(json, pi.startTime, pi.endTime);
        json.put("startUserId", pi.startUserId);
        json.put("startActivityId", pi.startActivityId);
        json.put("endActivityId", pi.endActivityId);
        json.put("currentActivityId", pi.ended ? null : pi.activityId());
        json.put("deleteReason", pi.deleteReason);
        json.put("ended", pi.ended);
        json.put("completed", pi.completed);
        json.putNull("superProcessInstanceId");
        json.put("tenantId", engine.tenantId);
        json.set("variables", variables ? variablesJson(pi.variables.values()) : Json.array());
        json.set("links", links(ctx, BASE + "/history/process-instances/" + pi.id));
        return json;
    }

    /** What runtime and history views of a process instance both say about its name and its definition. */
    private static void putNameAndDefinition(ObjectNode json, Instance pi) {
        json.put("name", pi.name);
        json.put("businessKey", pi.businessKey);
        json.put("processDefinitionId", pi.definition.id);
        json.put("processDefinitionKey", pi.definition.key);
        json.put("processDefinitionName", pi.definition.name);
        json.put("processDefinitionVersion", pi.definition.version);
    }

    /** History views give durationInMillis only once the instance or activity has ended; null until then. */
    private static void putDuration(ObjectNode json, Instant start, Instant end) {
        if (end == null) {
            json.putNull("durationInMillis");
        } else {
            json.put("durationInMillis", Duration.between(start, end).toMillis());
        }
    }

    private ObjectNode activityJson(ActivityInstance ai) {
        ObjectNode json = Json.object();
        json.put("id", ai.id);
        json.put("activityId", ai.activityId);
        json.put("activityName", ai.activityName);
        json.put("activityType", ai.activityType);
        json.put("processInstanceId", ai.processInstanceId);
        json.put("processDefinitionId", ai.processDefinitionId);
        json.put("executionId", ai.executionId);
        json.put("taskId", ai.taskId);
        json.put("assignee", ai.assignee);
        json.put("completedBy", ai.completedBy);
        json.put("outcome", ai.outcome);
        json.put("startTime", Times.format(ai.startTime));
        json.put("endTime", Times.format(ai.endTime));
        putDuration(json, ai.startTime, ai.endTime);
        json.put("deleteReason", ai.deleteReason);
        json.put("tenantId", engine.tenantId);
        return json;
    }

    private ObjectNode taskJson(RoutingContext ctx, Task t, boolean processVariables, boolean localVariables, boolean comments) {
        ObjectNode json = Json.object();
        json.put("id", t.id);
        json.put("url", href(ctx, BASE + "/tasks/" + t.id));
        json.put("name", t.name);
        json.put("description", t.description);
        json.put("owner", t.owner);
        json.put("assignee", t.assignee);
        json.putNull("delegationState");
        json.put("claimTime", Times.format(t.claimTime));
        json.put("createTime", Times.format(t.createTime));
        json.put("dueDate", Times.format(t.dueDate));
        json.put("priority", t.priority);
        json.put("suspended", t.instance.suspended);
        json.put("taskDefinitionKey", t.node.id);
        json.put("formKey", t.formKey);
        json.put("category", t.category);
        json.putNull("parentTaskId");
        json.put("executionId", t.executionId);
        json.put("processInstanceId", t.instance.id);
        json.put("processDefinitionId", t.instance.definition.id);
        json.put("tenantId", engine.tenantId);
        json.put("taskType", t.node.taskType == null ? (t.node.possibleOutcomes.isEmpty() ? "default" : "approval") : t.node.taskType);
        json.put("outcomeVariable", t.node.outcomeVariable);
        putPossibleOutcomes(json, t.node);
        ArrayNode assignments = json.putArray("assignments");
        if (t.assignee != null) {
            assignments.addObject().put("type", "assignee").put("user", t.assignee).putNull("group");
        }
        t.candidateUsers.forEach(u -> assignments.addObject().put("type", "candidate").put("user", u).putNull("group"));
        t.candidateGroups.forEach(g -> assignments.addObject().put("type", "candidate").putNull("user").put("group", g));
        ArrayNode variables = json.putArray("variables");
        if (localVariables) {
            t.localVariables.values().forEach(v -> variables.add(variableJson(v)));
        }
        if (processVariables) {
            t.instance.variables.values().forEach(v -> variables.add(variableJson(v)));
        }
        ArrayNode list = json.putArray("comments");
        if (comments) {
            taskComments(t).forEach(c -> list.add(commentJson(c)));
        }
        json.set("links", links(ctx, BASE + "/tasks/" + t.id));
        return json;
    }

    /** A user task's outcomes, as both the model view and the task view list them. */
    private static void putPossibleOutcomes(ObjectNode json, FlowNode userTask) {
        ArrayNode outcomes = json.putArray("possibleOutcomes");
        userTask.possibleOutcomes.forEach(o -> outcomes.addObject().put("label", o.label()).put("value", o.value()));
    }

    private static ArrayNode variablesJson(Collection<Variable> vars) {
        ArrayNode array = Json.array();
        vars.forEach(v -> array.add(variableJson(v)));
        return array;
    }

    private static ObjectNode variableJson(Variable v) {
        ObjectNode json = Json.object();
        json.put("name", v.name());
        json.put("type", v.type());
        json.set("value", v.value());
        json.put("scope", v.scope());
        json.put("encryption", false);
        return json;
    }

    private ObjectNode commentJson(Comment c) {
        ObjectNode json = Json.object();
        json.put("id", c.id());
        json.put("author", c.author());
        json.put("message", c.message());
        json.put("time", Times.format(c.time()));
        json.put("processInstanceId", c.processInstanceId());
        json.put("taskId", c.taskId());
        json.put("type", c.type());
        return json;
    }

    private ObjectNode attachmentJson(RoutingContext ctx, Attachment a) {
        ObjectNode json = Json.object();
        String path = BASE + "/tasks/" + a.taskId + "/attachments/" + a.id;
        json.put("id", a.id);
        json.put("url", href(ctx, path));
        json.put("name", a.name);
        json.put("description", a.description);
        json.put("type", a.type);
        json.put("taskId", a.taskId);
        json.put("processInstanceId", a.processInstanceId);
        json.put("userId", a.userId);
        json.put("time", Times.format(a.time));
        json.put("externalUrl", a.externalUrl);
        json.put("contentUrl", a.content == null ? null : href(ctx, path + "/content"));
        if (a.content == null) {
            json.putNull("size");
        } else {
            json.put("size", a.content.length);
        }
        return json;
    }

    // ---- request helpers ---------------------------------------------------------------------------

    private static JsonNode requireObject(RoutingContext ctx) {
        JsonNode body = Json.parse(ctx.body() == null ? null : ctx.body().asString());
        if (!body.isObject()) {
            throw new BadRequestException("Request body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Adds the task filter a query parameter asks for, when the request gives that parameter. */
    private static <V> void filterBy(List<Predicate<Task>> filters, V given, Function<V, Predicate<Task>> filter) {
        if (given != null) {
            filters.add(filter.apply(given));
        }
    }

    /** A list filter's exact match: a filter the request does not give lets every value through (as {@link #like}). */
    private static boolean matches(Object filter, Object value) {
        return filter == null || filter.equals(value);
    }

    private static boolean like(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    private static Boolean boolParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if ("true".equalsIgnoreCase(v)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(v)) {
            return Boolean.FALSE;
        }
        throw new BadRequestException("Query parameter '" + name + "' must be true or false, not '" + v + "'");
    }

    private static boolean bool(RoutingContext ctx, String name, boolean dflt) {
        Boolean b = boolParam(ctx, name);
        return b == null ? dflt : b;
    }

    private static Integer intParam(RoutingContext ctx, String name, Integer dflt) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Query parameter '" + name + "' must be an integer, not '" + v + "'");
        }
    }

    private static Instant timeParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        Instant t = Times.parse(v);
        if (t == null) {
            throw new BadRequestException("Query parameter '" + name + "' must be an ISO-8601 date-time, not '" + v + "'");
        }
        return t;
    }

    private static <T> Comparator<T> sorter(RoutingContext ctx, Map<String, Comparator<T>> sorts, String dflt) {
        String sort = ctx.request().getParam("sort");
        Comparator<T> c = sorts.get(sort == null ? dflt : sort);
        if (c == null) {
            throw new BadRequestException("Value for param 'sort' is not valid, '" + sort + "' is not a supported property; use one of " + new LinkedHashSet<>(sorts.keySet()));
        }
        String order = ctx.request().getParam("order");
        if (order == null || "asc".equalsIgnoreCase(order)) {
            return c;
        }
        if ("desc".equalsIgnoreCase(order)) {
            return c.reversed();
        }
        throw new BadRequestException("Value for param 'order' is not valid: '" + order + "' (asc or desc)");
    }

    /** The OpenText list envelope: {@code _embedded.<key>}, {@code page{size,totalElements,totalPages,number}}, {@code _links}. */
    private static <T> ObjectNode page(RoutingContext ctx, String key, List<T> all, Function<T, JsonNode> render) {
        int offset = intParam(ctx, "offset", 0);
        int count = intParam(ctx, "count", DEFAULT_COUNT);
        if (offset < 0) {
            throw new BadRequestException("offset must not be negative");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new BadRequestException("count must be between 1 and " + MAX_COUNT);
        }
        int total = all.size();
        ArrayNode items = Json.array();
        for (int i = offset; i < Math.min(total, offset + count); i++) {
            items.add(render.apply(all.get(i)));
        }
        ObjectNode body = Json.object();
        body.putObject("_embedded").set(key, items);
        ObjectNode links = body.putObject("_links");
        String path = ctx.request().path();
        links.putObject("self").put("href", href(ctx, withPaging(ctx, path, offset, count)));
        if (offset + count < total) {
            links.putObject("next").put("href", href(ctx, withPaging(ctx, path, offset + count, count)));
        }
        if (offset > 0) {
            links.putObject("prev").put("href", href(ctx, withPaging(ctx, path, Math.max(0, offset - count), count)));
        }
        ObjectNode page = body.putObject("page");
        page.put("size", count);
        page.put("totalElements", total);
        page.put("totalPages", (total + count - 1) / count);
        page.put("number", offset / count);
        return body;
    }

    private static String withPaging(RoutingContext ctx, String path, int offset, int count) {
        StringBuilder query = new StringBuilder();
        MultiMap params = ctx.queryParams();
        for (String name : params.names()) {
            if (!"offset".equals(name) && !"count".equals(name)) {
                for (String value : params.getAll(name)) {
                    query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
                }
            }
        }
        query.append(query.length() == 0 ? "" : "&").append("offset=").append(offset).append("&count=").append(count);
        return path + "?" + query;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- standalone --------------------------------------------------------------------------------

    /**
     * Runs the emulator alone: {@code java ... WorkflowEmulator [port]} (default 18083). Credentials come from the
     * environment ({@code TGB_WORKFLOW_TENANT_ID, _CLIENT_ID, _CLIENT_SECRET, _USERNAME, _PASSWORD}); missing ones are
     * made up and written, with the secret, to a file readable only by the owner, whose path is printed.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18083;
        EmulatorCredentials random = EmulatorCredentials.random("workflow");
        Map<String, String> env = System.getenv();
        EmulatorCredentials credentials = new EmulatorCredentials(
                env.getOrDefault("TGB_WORKFLOW_TENANT_ID", random.tenantId()),
                env.getOrDefault("TGB_WORKFLOW_CLIENT_ID", random.clientId()),
                env.getOrDefault("TGB_WORKFLOW_CLIENT_SECRET", random.clientSecret()),
                env.getOrDefault("TGB_WORKFLOW_USERNAME", random.username()),
                env.getOrDefault("TGB_WORKFLOW_PASSWORD", random.password()));
        WorkflowEmulator emulator = new WorkflowEmulator("127.0.0.1", port, null, credentials);
        emulator.start();
        if (!env.containsKey("TGB_WORKFLOW_CLIENT_SECRET")) {
            Path file = Files.createTempFile("workflow-emulator-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Json.write(Json.MAPPER.valueToTree(Map.of("tokenUrl", emulator.tokenUrl(), "apiUrl", emulator.apiUrl(),
                    "tenantId", credentials.tenantId(), "clientId", credentials.clientId(), "clientSecret", credentials.clientSecret(),
                    "username", credentials.username(), "password", credentials.password()))));
            System.out.println("Workflow emulator credentials written to " + file);
        }
        System.out.println("Workflow emulator: " + emulator.apiUrl() + " (token: " + emulator.tokenUrl() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        Thread.currentThread().join();
    }
}
