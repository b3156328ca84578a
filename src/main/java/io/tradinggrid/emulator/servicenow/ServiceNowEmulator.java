package io.tradinggrid.emulator.servicenow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.EmulatorServer;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.TokenIssuer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A ServiceNow instance on loopback: Table API, Attachment API, OAuth token endpoint, optional rate limiting and an
 * outbound "business rule" webhook. See package documentation in the report / README for the emulated behaviour.
 * <p>
 * Admin API (besides the common /_emulator/faults, /requests, /reset):
 * <ul>
 *   <li>{@code GET /_emulator/tables/{table}}: raw database values of every record, plus the table's journal rows</li>
 *   <li>{@code POST /_emulator/seed}: loads the sandbox seed (groups, analysts, memberships, knowledge bases)</li>
 *   <li>{@code POST|GET|DELETE /_emulator/webhooks}: {@code {"url","tables":[..],"headers":{..}}} outbound POST after each insert/update</li>
 *   <li>{@code PUT|GET|DELETE /_emulator/ratelimit}: {@code {"limit":N}} requests per user per hour, off when deleted</li>
 *   <li>{@code PUT|GET /_emulator/config}: {@code {"userTimeZone","tokenLifetimeSeconds","sessionCookie"}}</li>
 *   <li>{@code POST /_emulator/accounts}: {@code {"username","password"}} adds a user who may log in</li>
 *   <li>{@code POST /_emulator/tokens/expire}: invalidates every issued access token</li>
 *   <li>{@code POST /_emulator/tables/{table}/columns}: {@code {"name":"u_field"}} adds a custom string column</li>
 * </ul>
 * {@link #resetData()} (POST /_emulator/reset) forgets every record, journal entry and attachment, then re-creates the
 * sys_user rows of the login accounts and, if {@link #seedSandbox()} was called before, the seed data. Custom columns
 * are dropped and number counters start again. Configuration (accounts, webhooks, rate limit, time zone, issued
 * tokens) survives a reset; rate-limit counters start again.
 */
public class ServiceNowEmulator extends EmulatorServer {

    public static final String SEED_RESOURCE = "/emulator/servicenow/seed.json";

    private static final Pattern TABLE_PATH = Pattern.compile("^/api/now(?:/(v1|v2))?/table/([^/]+)(?:/([^/]+))?/?$");
    private static final Pattern ATTACHMENT_PATH = Pattern.compile("^/api/now(?:/v1)?/attachment(?:/([^/]+))?(/file)?/?$");
    private static final Set<String> LIST_PARAMS_NOT_FILTERS = Set.of("api_version");

    private final EmulatorCredentials credentials;
    private final SnSchema schema = new SnSchema();
    private final SnDatabase db = new SnDatabase(schema);
    private final SnRenderer renderer = new SnRenderer(db);
    private final TokenIssuer tokens = new TokenIssuer(Duration.ofSeconds(1800));
    private final SnRateLimiter rateLimiter = new SnRateLimiter(Clock.systemUTC());
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final List<Webhook> webhooks = new CopyOnWriteArrayList<>();
    private volatile boolean seeded;
    private volatile boolean sessionCookie;
    private volatile boolean clientCredentialsGrant = true;
    private HttpClient webhookClient;

    /**
     * An outbound "business rule": after every insert or update on one of {@code tables}, POST a summary to url with
     * {@code headers} (a RESTMessageV2 with a credential sends {@code Authorization: Bearer <token>}). Header values are
     * never listed back.
     */
    public record Webhook(String id, String url, List<String> tables, @JsonIgnore Map<String, String> headers) {
    }

    public ServiceNowEmulator(String host, int port, Vertx vertxOrNull, EmulatorCredentials credentials) {
        super("servicenow", host, port, vertxOrNull);
        this.credentials = credentials;
        addAccount(credentials.username(), credentials.password());
        db.onChange(this::notifyWebhooks);
    }

    // ---- public API for tests and the sandbox -------------------------------------------------------------

    /** A user who can log in (Basic, OAuth password grant) and who has a sys_user record, e.g. an operator "admin". */
    public final void addAccount(String username, String password) {
        accounts.put(username, password);
        ensureUser(username);
    }

    /** Loads the sandbox seed data (idempotent: records whose sys_id exists are left alone). */
    public void seedSandbox() {
        JsonNode seed;
        try (InputStream in = ServiceNowEmulator.class.getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SEED_RESOURCE);
            }
            seed = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String table : new String[]{"sys_user", "sys_user_group", "sys_user_grmember", "kb_knowledge_base", "kb_knowledge"}) {
            for (JsonNode row : seed.path(table)) {
                String sysId = row.path("sys_id").asText();
                if (!sysId.isEmpty() && db.get(table, sysId) != null) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                row.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
                db.insert(table, values, "admin");
            }
        }
        seeded = true;
    }

    /** The time zone gs.dateGenerate arguments, input display values and display values are read in (default UTC). */
    public void setUserTimeZone(ZoneId zone) {
        db.setUserZone(zone);
    }

    /** Turns the per-user hourly rate limit on (limit > 0) or off (null). */
    public void setRateLimit(Integer requestsPerHour) {
        rateLimiter.setLimit(requestsPerHour);
    }

    /** When true, API answers carry a JSESSIONID cookie like a real instance; the emulator never reads it back. */
    public void setSessionCookie(boolean enabled) {
        this.sessionCookie = enabled;
    }

    public void setClientCredentialsGrantEnabled(boolean enabled) {
        this.clientCredentialsGrant = enabled;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    public Webhook addWebhook(String url, List<String> tables) {
        return addWebhook(url, tables, Map.of());
    }

    public Webhook addWebhook(String url, List<String> tables, Map<String, String> headers) {
        Webhook w = new Webhook(SnDatabase.newSysId(), url, tables == null ? List.of() : List.copyOf(tables),
                headers == null ? Map.of() : Map.copyOf(headers));
        webhooks.add(w);
        return w;
    }

    public void clearWebhooks() {
        webhooks.clear();
    }

    /** Adds a custom column to a table, as an admin would in the dictionary (unknown fields are otherwise ignored). */
    public void addColumn(String table, String field) {
        schema.addColumn(table, field);
    }

    /** Raw database values of a table's records (references as sys_ids), in insertion order. */
    public List<Map<String, String>> records(String table) {
        return db.all(table);
    }

    /**
     * Changes a record as someone working in ServiceNow would (business rules, journal and webhooks included), without a
     * request: for a test hook that runs between two requests. Null when there is no such record.
     */
    public Map<String, String> update(String table, String sysId, Map<String, String> values) {
        return db.update(table, sysId, values, "admin");
    }

    /** The sys_id of a record whose field equals value, if any (e.g. a seeded group by name). */
    public Optional<String> sysIdOf(String table, String field, String value) {
        Map<String, String> r = db.findBy(table, field, value);
        return r == null ? Optional.empty() : Optional.of(r.get("sys_id"));
    }

    /** The API base URL a Table API client uses, e.g. http://127.0.0.1:18082/api. */
    public String apiUrl() {
        return baseUrl() + "/api";
    }

    public String oauthTokenUrl() {
        return baseUrl() + "/oauth_token.do";
    }

    @Override
    protected void resetData() {
        db.clear();
        schema.dropCustomColumns();
        rateLimiter.resetCounts();
        for (String user : accounts.keySet()) {
            ensureUser(user);
        }
        if (seeded) {
            seedSandbox();
        }
    }

    @Override
    public synchronized void close() {
        if (webhookClient != null) {
            webhookClient.close();
            webhookClient = null;
        }
        super.close();
    }

    private void ensureUser(String username) {
        if (db.findBy("sys_user", "user_name", username) != null) {
            return;
        }
        Map<String, String> u = new LinkedHashMap<>();
        u.put("user_name", username);
        u.put("name", "admin".equals(username) ? "System Administrator" : username);
        if ("admin".equals(username)) {
            u.put("first_name", "System");
            u.put("last_name", "Administrator");
        }
        u.put("email", username + "@example.com");
        db.insert("sys_user", u, "system");
    }

    // ---- envelope -----------------------------------------------------------------------------------------------

    @Override
    protected ObjectNode errorBody(int status, String message, String detail) {
        ObjectNode error = Json.object();
        error.put("message", message);
        if (detail == null) {
            error.putNull("detail");
        } else {
            error.put("detail", detail);
        }
        ObjectNode body = Json.object();
        body.set("error", error);
        body.put("status", "failure");
        return body;
    }

    @Override
    protected void rateLimitHeaders(HttpServerResponse response) {
        Integer limit = rateLimiter.limit();
        response.putHeader("X-RateLimit-Limit", String.valueOf(limit == null ? 100 : limit));
        response.putHeader("X-RateLimit-Reset", String.valueOf(rateLimiter.nextResetEpochSeconds()));
        response.putHeader("X-RateLimit-Rule", SnRateLimiter.RULE_SYS_ID);
    }

    // ---- routes ---------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.route("/oauth_token.do").handler(this::oauth);
        router.route("/api/*").handler(this::api);
        router.route().handler(ctx -> sendError(ctx, 400, "Requested URI does not represent any resource", null));
    }

    private void api(RoutingContext ctx) {
        try {
            String user = authenticate(ctx);
            if (sessionCookie) {
                ctx.response().putHeader("Set-Cookie", "JSESSIONID=" + SnDatabase.newSysId().toUpperCase(Locale.ROOT)
                        + "; Path=/; HttpOnly");
            }
            String path = ctx.request().path();
            String method = effectiveMethod(ctx);
            Matcher tm = TABLE_PATH.matcher(path);
            Matcher am = ATTACHMENT_PATH.matcher(path);
            if (tm.matches()) {
                if (!rateLimit(ctx, user, "Table API")) {
                    return;
                }
                requireAccept(ctx);
                table(ctx, user, method, tm.group(1), tm.group(2), tm.group(3));
            } else if (am.matches()) {
                if (!rateLimit(ctx, user, "Attachment API")) {
                    return;
                }
                attachment(ctx, user, method, am.group(1), am.group(2) != null);
            } else {
                throw new SnException(400, "Requested URI does not represent any resource", null);
            }
        } catch (SnException e) {
            sendError(ctx, e.status(), e.getMessage(), e.detail());
        }
    }

    private static String effectiveMethod(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String override = ctx.request().getHeader("X-HTTP-Method-Override");
        if ("POST".equals(method) && override != null && !override.isBlank()) {
            return override.trim().toUpperCase(Locale.ROOT);
        }
        return method;
    }

    // ---- auth -------------------------------------------------------------------------------------------------------

    private String authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
                String[] userPass = decodeBasic(header.substring(6).trim());
                if (userPass != null && userPass[1].equals(accounts.get(userPass[0]))) {
                    return userPass[0];
                }
            } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<String> subject = tokens.subjectOf(header.substring(7).trim());
                if (subject.isPresent()) {
                    return subject.get();
                }
            }
        }
        ctx.response().putHeader("WWW-Authenticate", "BASIC realm=\"Service-now\"");
        throw new SnException(401, "User Not Authenticated", "Required to provide Auth information");
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon < 0 ? null : new String[]{text.substring(0, colon), text.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void oauth(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            sendError(ctx, 405, "Method not Supported", "Use POST with application/x-www-form-urlencoded");
            return;
        }
        String contentType = header(ctx, "Content-Type");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            tokenFailure(ctx);
            return;
        }
        MultiMap form = ctx.request().formAttributes();
        String clientId = form.get("client_id");
        String clientSecret = form.get("client_secret");
        String auth = ctx.request().getHeader("Authorization");
        if (clientId == null && auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = decodeBasic(auth.substring(6).trim());
            if (pair != null) {
                clientId = pair[0];
                clientSecret = pair[1];
            }
        }
        if (!credentials.clientId().equals(clientId) || !credentials.clientSecret().equals(clientSecret)) {
            tokenFailure(ctx);
            return;
        }
        String grant = form.get("grant_type");
        TokenIssuer.Token token;
        boolean withRefresh;
        if ("password".equals(grant)) {
            String username = form.get("username");
            String password = form.get("password");
            if (username == null || password == null || !password.equals(accounts.get(username))) {
                tokenFailure(ctx);
                return;
            }
            token = tokens.issue(username);
            withRefresh = true;
        } else if ("refresh_token".equals(grant)) {
            Optional<TokenIssuer.Token> refreshed = tokens.refresh(form.get("refresh_token"));
            if (refreshed.isEmpty()) {
                tokenFailure(ctx);
                return;
            }
            token = refreshed.get();
            withRefresh = false;
        } else if ("client_credentials".equals(grant) && clientCredentialsGrant) {
            token = tokens.issue(credentials.username());
            withRefresh = false;
        } else {
            tokenFailure(ctx);
            return;
        }
        ObjectNode body = Json.object();
        body.put("access_token", token.accessToken());
        if (withRefresh) {
            body.put("refresh_token", token.refreshToken());
        }
        String scope = form.get("scope");
        body.put("scope", scope == null || scope.isBlank() ? "useraccount" : scope);
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds(tokens.now()));
        ctx.response().putHeader("Cache-Control", "no-store");
        send(ctx, 200, body);
    }

    private void tokenFailure(RoutingContext ctx) {
        ObjectNode body = Json.object();
        body.put("error_description", "access_denied");
        body.put("error", "server_error");
        sendJson(ctx, 401, body);
    }

    private boolean rateLimit(RoutingContext ctx, String user, String api) {
        SnRateLimiter.Decision d = rateLimiter.count(user);
        if (d == null) {
            return true;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("X-RateLimit-Limit", String.valueOf(d.limit()));
        response.putHeader("X-RateLimit-Reset", String.valueOf(d.resetEpochSeconds()));
        response.putHeader("X-RateLimit-Rule", d.rule());
        if (d.allowed()) {
            return true;
        }
        response.putHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
        sendError(ctx, 429, "Rate limit exceeded", "Rate limit of " + d.limit() + " requests per hour for " + api + " exceeded");
        return false;
    }

    // ---- headers ----------------------------------------------------------------------------------------------------

    private static String header(RoutingContext ctx, String name) {
        String v = ctx.request().getHeader(name);
        return v == null ? "" : v.trim();
    }

    private static void requireAccept(RoutingContext ctx) {
        String accept = header(ctx, "Accept").toLowerCase(Locale.ROOT);
        if (accept.isEmpty()) {
            throw new SnException(400, "Invalid request: the Accept header is mandatory",
                    "Send Accept: application/json (GET, HEAD, POST, PUT, PATCH, DELETE)");
        }
        if (!(accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*"))) {
            throw new SnException(406, "Not Acceptable", "The emulator answers application/json only, not " + accept);
        }
    }

    private static void requireJsonContentType(RoutingContext ctx) {
        String ct = header(ctx, "Content-Type").toLowerCase(Locale.ROOT);
        if (ct.isEmpty()) {
            throw new SnException(400, "Invalid request: the Content-Type header is mandatory",
                    "Send Content-Type: application/json with POST, PUT and PATCH");
        }
        if (!ct.startsWith("application/json")) {
            throw new SnException(415, "Unsupported Media Type", "The emulator reads application/json only, not " + ct);
        }
    }

    // ---- Table API ------------------------------------------------------------------------------------------------

    private void table(RoutingContext ctx, String user, String method, String version, String tableName, String sysId) {
        SnSchema.Table t = db.table(tableName);
        switch (method) {
            case "GET":
            case "HEAD":
                if (sysId == null) {
                    list(ctx, t, version, "HEAD".equals(method));
                } else {
                    Map<String, String> r = db.get(t.name, sysId);
                    if (r == null) {
                        throw SnException.notFound();
                    }
                    respondRecord(ctx, t, r, 200, "HEAD".equals(method));
                }
                return;
            case "POST": {
                if (sysId != null) {
                    throw new SnException(405, "Method not Supported", "POST creates records on the table resource only");
                }
                requireJsonContentType(ctx);
                Map<String, String> values = values(ctx, t);
                Map<String, String> created = db.insert(t.name, values, user);
                ctx.response().putHeader("Location", baseUrl() + "/api/now/table/" + t.name + "/" + created.get("sys_id"));
                respondRecord(ctx, t, created, 201, noBody(ctx));
                return;
            }
            case "PUT":
            case "PATCH": {
                if (sysId == null) {
                    throw new SnException(405, "Method not Supported", method + " needs a sys_id");
                }
                requireJsonContentType(ctx);
                if (db.get(t.name, sysId) == null) {
                    throw SnException.notFound();
                }
                Map<String, String> updated = db.update(t.name, sysId, values(ctx, t), user);
                if (updated == null) {
                    throw SnException.notFound();
                }
                respondRecord(ctx, t, updated, 200, noBody(ctx));
                return;
            }
            case "DELETE":
                if (sysId == null) {
                    throw new SnException(405, "Method not Supported", "DELETE needs a sys_id");
                }
                if (!db.delete(t.name, sysId)) {
                    throw SnException.notFound();
                }
                sendEmpty(ctx, 204);
                return;
            default:
                throw new SnException(405, "Method not Supported", method + " is not supported by the Table API");
        }
    }

    private static boolean noBody(RoutingContext ctx) {
        return "true".equalsIgnoreCase(header(ctx, "X-no-response-body"));
    }

    private void respondRecord(RoutingContext ctx, SnSchema.Table t, Map<String, String> r, int status, boolean noBody) {
        if (noBody) {
            sendEmpty(ctx, status);
            return;
        }
        MultiMap q = ctx.queryParams();
        ObjectNode body = Json.object();
        body.set("result", renderer.render(t, r, SnRenderer.mode(q.get("sysparm_display_value")),
                bool(q.get("sysparm_exclude_reference_link")), fields(q.get("sysparm_fields")), baseUrl()));
        send(ctx, status, body);
    }

    private void list(RoutingContext ctx, SnSchema.Table t, String version, boolean head) {
        MultiMap q = ctx.queryParams();
        EncodedQuery query = EncodedQuery.parse(q.get("sysparm_query"), t, db, db.userZone(), db.now());
        for (Map.Entry<String, String> e : q.entries()) {
            String name = e.getKey();
            if (!name.startsWith("sysparm_") && !LIST_PARAMS_NOT_FILTERS.contains(name)) {
                query.andEquals(t, db, name, e.getValue());
            }
        }
        List<Map<String, String>> matches = db.query(t.name, query);
        Page page = Page.of(matches, q, 10000);
        if ("v1".equals(version) && page.rows().isEmpty()) {
            throw new SnException(404, "No Record found", "Records matching query not found. Check query parameter or offset parameter");
        }
        putPagingHeaders(ctx, matches.size(), page, bool(q.get("sysparm_no_count")), bool(q.get("sysparm_suppress_pagination_header")));
        if (head) {
            sendEmpty(ctx, 200);
            return;
        }
        SnRenderer.Mode mode = SnRenderer.mode(q.get("sysparm_display_value"));
        boolean exclude = bool(q.get("sysparm_exclude_reference_link"));
        List<String> fields = fields(q.get("sysparm_fields"));
        ArrayNode result = Json.array();
        for (Map<String, String> r : page.rows()) {
            result.add(renderer.render(t, r, mode, exclude, fields, baseUrl()));
        }
        ObjectNode body = Json.object();
        body.set("result", result);
        send(ctx, 200, body);
    }

    /** The rows one list request asks for by sysparm_offset and sysparm_limit; a limit below 1 means the endpoint's default. */
    private record Page(List<Map<String, String>> rows, int offset, int limit) {

        static Page of(List<Map<String, String>> matches, MultiMap q, int defaultLimit) {
            int limit = intParam(q.get("sysparm_limit"), defaultLimit, "sysparm_limit");
            int offset = intParam(q.get("sysparm_offset"), 0, "sysparm_offset");
            if (limit < 1) {
                limit = defaultLimit;
            }
            List<Map<String, String>> rows = offset >= matches.size()
                    ? List.of() : matches.subList(offset, Math.min(matches.size(), offset + limit));
            return new Page(rows, offset, limit);
        }
    }

    /** X-Total-Count unless sysparm_no_count, and the Link header unless the request suppresses it. */
    private void putPagingHeaders(RoutingContext ctx, int total, Page page, boolean noCount, boolean suppressLink) {
        if (!noCount) {
            ctx.response().putHeader("X-Total-Count", String.valueOf(total));
        }
        if (!suppressLink) {
            String link = linkHeader(ctx, total, page.rows().size(), page.offset(), page.limit(), noCount);
            if (link != null) {
                ctx.response().putHeader("Link", link);
            }
        }
    }

    /**
     * {@code <url>;rel="first",<url>;rel="prev",<url>;rel="next",<url>;rel="last"}; null when everything fits in one page.
     * The URLs repeat the request's parameters (values percent-encoded, so no ',' or ';' inside an entry) and end with
     * sysparm_offset and sysparm_limit. With sysparm_no_count there is no last, and next only follows a full page.
     */
    private String linkHeader(RoutingContext ctx, int total, int pageSize, int offset, int limit, boolean noCount) {
        boolean more = noCount ? pageSize == limit : offset + limit < total;
        if (offset == 0 && !more) {
            return null;
        }
        StringBuilder base = new StringBuilder(baseUrl()).append(ctx.request().path()).append('?');
        for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
            if (e.getKey().equals("sysparm_offset") || e.getKey().equals("sysparm_limit")) {
                continue;
            }
            base.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
        }
        List<String> entries = new ArrayList<>();
        entries.add(linkEntry(base, 0, limit, "first"));
        if (offset > 0) {
            entries.add(linkEntry(base, Math.max(0, offset - limit), limit, "prev"));
        }
        if (more) {
            entries.add(linkEntry(base, offset + limit, limit, "next"));
        }
        if (!noCount && total > 0) {
            entries.add(linkEntry(base, ((total - 1) / limit) * limit, limit, "last"));
        }
        return String.join(",", entries);
    }

    private static String linkEntry(StringBuilder base, int offset, int limit, String rel) {
        return "<" + base + "sysparm_offset=" + offset + "&sysparm_limit=" + limit + ">;rel=\"" + rel + "\"";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int intParam(String value, int dflt, String name) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new SnException(400, "Invalid " + name, name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SnException(400, "Invalid " + name, name + " must be a number: " + value);
        }
    }

    private static boolean bool(String v) {
        return "true".equalsIgnoreCase(v);
    }

    private static List<String> fields(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String f : param.split(",")) {
            if (!f.isBlank() && !out.contains(f.trim())) {
                out.add(f.trim());
            }
        }
        return out;
    }

    /** The request body as database values of known fields; unknown fields are ignored as ServiceNow does. */
    private Map<String, String> values(RoutingContext ctx, SnSchema.Table t) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new SnException(400, "Exception while reading request", "Empty request body");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new SnException(400, "Exception while reading request", "The payload is not valid JSON.");
        }
        if (node != null && node.isArray() && node.size() > 0) {
            node = node.get(0); // "only the first record is processed"
        }
        if (node == null || !node.isObject()) {
            throw new SnException(400, "Exception while reading request", "The payload is not a JSON object.");
        }
        boolean inputDisplay = bool(ctx.queryParams().get("sysparm_input_display_value"));
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            SnSchema.Field f = t.field(e.getKey());
            if (f == null) {
                continue;
            }
            String v = text(e.getValue());
            if (f.type == SnSchema.Type.BOOLEAN) {
                v = String.valueOf("true".equalsIgnoreCase(v) || "1".equals(v));
            }
            if (inputDisplay && !v.isEmpty()) {
                switch (f.type) {
                    case REFERENCE: {
                        String id = db.resolveReference(f.refTable, v);
                        if (id == null && !SnDatabase.SYS_ID.matcher(v).matches()) {
                            continue; // an unknown display value leaves the field unchanged
                        }
                        v = id == null ? v : id;
                        break;
                    }
                    case CHOICE:
                        for (Map.Entry<String, String> c : f.choices.entrySet()) {
                            if (c.getValue().equalsIgnoreCase(v)) {
                                v = c.getKey();
                                break;
                            }
                        }
                        break;
                    case DATETIME:
                        v = SnTime.fromZone(v, db.userZone());
                        break;
                    default:
                        break;
                }
            }
            values.put(e.getKey(), v);
        }
        return values;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isObject()) {
            if (v.has("value")) {
                return text(v.get("value"));
            }
            if (v.has("sys_id")) {
                return text(v.get("sys_id"));
            }
            return v.toString();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(text(x)));
            return String.join(",", parts);
        }
        return v.asText();
    }

    // ---- Attachment API -------------------------------------------------------------------------------------------

    private void attachment(RoutingContext ctx, String user, String method, String segment, boolean file) {
        if (segment == null) {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                throw new SnException(405, "Method not Supported", method + " is not supported on /attachment");
            }
            requireAccept(ctx);
            attachmentList(ctx, "HEAD".equals(method));
            return;
        }
        if (!file && "POST".equals(method) && "file".equals(segment)) {
            requireAccept(ctx);
            uploadRaw(ctx, user);
            return;
        }
        if (!file && "POST".equals(method) && "upload".equals(segment)) {
            requireAccept(ctx);
            uploadMultipart(ctx, user);
            return;
        }
        Map<String, String> meta = db.get("sys_attachment", segment);
        if (file) {
            if (!"GET".equals(method)) {
                throw new SnException(405, "Method not Supported", method + " is not supported on /attachment/{sys_id}/file");
            }
            if (meta == null) {
                throw new SnException(404, "No Record found", "Attachment record not found");
            }
            byte[] bytes = db.attachmentBytes(segment);
            HttpServerResponse response = ctx.response();
            response.putHeader("Content-Type", meta.get("content_type").isEmpty() ? "application/octet-stream" : meta.get("content_type"));
            response.putHeader("X-Attachment-Metadata", Json.write(attachmentJson(meta)));
            response.setStatusCode(200).end(Buffer.buffer(bytes == null ? new byte[0] : bytes));
            return;
        }
        requireAccept(ctx);
        if (meta == null) {
            throw new SnException(404, "No Record found", "Attachment record not found");
        }
        switch (method) {
            case "GET": {
                ObjectNode body = Json.object();
                body.set("result", attachmentJson(meta));
                send(ctx, 200, body);
                return;
            }
            case "DELETE":
                db.deleteAttachment(segment);
                sendEmpty(ctx, 204);
                return;
            default:
                throw new SnException(405, "Method not Supported", method + " is not supported on /attachment/{sys_id}");
        }
    }

    private void attachmentList(RoutingContext ctx, boolean head) {
        MultiMap q = ctx.queryParams();
        SnSchema.Table t = schema.table("sys_attachment");
        EncodedQuery query = EncodedQuery.parse(q.get("sysparm_query"), t, db, db.userZone(), db.now());
        List<Map<String, String>> matches = db.query(t.name, query);
        Page page = Page.of(matches, q, 1000);
        putPagingHeaders(ctx, matches.size(), page, false, false); // the attachment list always counts and always links
        if (head) {
            sendEmpty(ctx, 200);
            return;
        }
        ArrayNode result = Json.array();
        page.rows().forEach(m -> result.add(attachmentJson(m)));
        ObjectNode body = Json.object();
        body.set("result", result);
        send(ctx, 200, body);
    }

    private void uploadRaw(RoutingContext ctx, String user) {
        MultiMap q = ctx.queryParams();
        for (String p : new String[]{"table_name", "table_sys_id", "file_name"}) {
            if (q.get(p) == null || q.get(p).isBlank()) {
                throw new SnException(400, "Missing mandatory parameter: " + p, "table_name, table_sys_id and file_name are required");
            }
        }
        String contentType = header(ctx, "Content-Type");
        if (contentType.isEmpty()) {
            throw new SnException(400, "Missing mandatory header: Content-Type", "Content-Type gives the file's MIME type");
        }
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        storeAttachment(ctx, user, q.get("table_name"), q.get("table_sys_id"), q.get("file_name"), contentType, bytes);
    }

    private void uploadMultipart(RoutingContext ctx, String user) {
        String contentType = header(ctx, "Content-Type").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("multipart/form-data")) {
            throw new SnException(400, "Invalid request: Content-Type must be multipart/form-data", contentType);
        }
        MultiMap form = ctx.request().formAttributes();
        for (String p : new String[]{"table_name", "table_sys_id"}) {
            if (form.get(p) == null || form.get(p).isBlank()) {
                throw new SnException(400, "Missing mandatory parameter: " + p, "table_name and table_sys_id are form fields");
            }
        }
        List<FileUpload> uploads = ctx.fileUploads();
        if (uploads.isEmpty()) {
            throw new SnException(400, "Missing file part", "The file must be the last part of the multipart body");
        }
        FileUpload upload = uploads.get(uploads.size() - 1);
        byte[] bytes = vertx.fileSystem().readFileBlocking(upload.uploadedFileName()).getBytes();
        String type = upload.contentType() == null || upload.contentType().isBlank() ? "application/octet-stream" : upload.contentType();
        storeAttachment(ctx, user, form.get("table_name"), form.get("table_sys_id"), upload.fileName(), type, bytes);
    }

    private void storeAttachment(RoutingContext ctx, String user, String table, String tableSysId, String fileName,
                                 String contentType, byte[] bytes) {
        if (schema.table(table) == null || db.get(table, tableSysId) == null) {
            throw new SnException(404, "No Record found",
                    "Record doesn't exist or ACL restricts the record retrieval: " + table + "/" + tableSysId);
        }
        String id = SnDatabase.newSysId();
        String now = SnTime.utc(db.now());
        String userName = db.userDisplayName(user);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("average_image_color", "");
        m.put("compressed", "true");
        m.put("content_type", contentType);
        m.put("created_by_name", userName);
        m.put("download_link", baseUrl() + "/api/now/attachment/" + id + "/file");
        m.put("file_name", fileName);
        m.put("image_height", "");
        m.put("image_width", "");
        m.put("size_bytes", String.valueOf(bytes.length));
        m.put("size_compressed", String.valueOf(gzipSize(bytes)));
        m.put("sys_created_by", user);
        m.put("sys_created_on", now);
        m.put("sys_id", id);
        m.put("sys_mod_count", "0");
        m.put("sys_tags", "");
        m.put("sys_updated_by", user);
        m.put("sys_updated_on", now);
        m.put("table_name", table);
        m.put("table_sys_id", tableSysId);
        m.put("updated_by_name", userName);
        db.putAttachment(m, bytes);
        ctx.response().putHeader("Location", baseUrl() + "/api/now/attachment/" + id);
        ObjectNode body = Json.object();
        body.set("result", attachmentJson(m));
        send(ctx, 201, body);
    }

    private static ObjectNode attachmentJson(Map<String, String> meta) {
        ObjectNode o = Json.object();
        meta.forEach(o::put);
        return o;
    }

    private static int gzipSize(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            return bytes.length;
        }
        return out.size();
    }

    // ---- webhooks -------------------------------------------------------------------------------------------------

    private void notifyWebhooks(SnDatabase.Change change) {
        if (webhooks.isEmpty() || change.table().equals("sys_journal_field") || change.table().equals("sys_attachment")) {
            return;
        }
        for (Webhook w : webhooks) {
            if (!w.tables().isEmpty() && !w.tables().contains(change.table())) {
                continue;
            }
            Map<String, String> r = change.record();
            ObjectNode payload = Json.object();
            payload.put("table", change.table());
            payload.put("operation", change.operation());
            payload.put("sys_id", r.getOrDefault("sys_id", ""));
            payload.put("number", r.getOrDefault("number", ""));
            payload.put("state", r.getOrDefault("state", ""));
            payload.put("sys_updated_on", r.getOrDefault("sys_updated_on", ""));
            payload.put("sys_mod_count", r.getOrDefault("sys_mod_count", ""));
            post(w.url(), w.headers(), Json.write(payload));
        }
    }

    private synchronized HttpClient webhookClient() {
        if (webhookClient == null) {
            webhookClient = vertx.createHttpClient();
        }
        return webhookClient;
    }

    private void post(String url, Map<String, String> headers, String body) {
        try {
            RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST)
                    .putHeader("Content-Type", "application/json").putHeader("User-Agent", "ServiceNow/1.0");
            headers.forEach(options::putHeader);
            webhookClient().request(options)
                    .compose(req -> req.send(body))
                    .onSuccess(resp -> resp.body())
                    .onFailure(e -> log.info("servicenow emulator: webhook POST to {} failed: {}", url, e.toString()));
        } catch (RuntimeException e) {
            log.info("servicenow emulator: webhook POST to {} failed: {}", url, e.toString());
        }
    }

    // ---- admin ----------------------------------------------------------------------------------------------------

    @Override
    protected void adminRoutes(Router admin) {
        admin.get("/tables/:table").handler(ctx -> {
            String table = ctx.pathParam("table");
            if (schema.table(table) == null) {
                sendError(ctx, 400, "Invalid table " + table, null);
                return;
            }
            ObjectNode body = Json.object();
            body.set("result", Json.MAPPER.valueToTree(db.all(table)));
            List<Map<String, String>> journal = new ArrayList<>();
            for (Map<String, String> j : db.all("sys_journal_field")) {
                if (table.equals(j.get("name"))) {
                    journal.add(j);
                }
            }
            body.set("journal", Json.MAPPER.valueToTree(journal));
            sendJson(ctx, 200, body);
        });
        admin.post("/tables/:table/columns").handler(ctx -> {
            try {
                String name = Json.parse(ctx.body().asString()).path("name").asText();
                if (!name.matches("[a-z0-9_]+")) {
                    sendError(ctx, 400, "Invalid column name", name);
                    return;
                }
                addColumn(ctx.pathParam("table"), name);
                ctx.response().setStatusCode(204).end();
            } catch (IllegalArgumentException e) {
                sendError(ctx, 400, e.getMessage(), null);
            }
        });
        admin.post("/seed").handler(ctx -> {
            seedSandbox();
            ObjectNode body = Json.object();
            for (String t : new String[]{"sys_user", "sys_user_group", "sys_user_grmember", "kb_knowledge_base", "kb_knowledge"}) {
                body.put(t, db.all(t).size());
            }
            sendJson(ctx, 200, body);
        });
        admin.post("/webhooks").handler(ctx -> {
            JsonNode req = Json.parse(ctx.body().asString());
            String url = req.path("url").asText("");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                sendError(ctx, 400, "url must be an http(s) URL", url);
                return;
            }
            List<String> tables = new ArrayList<>();
            req.path("tables").forEach(n -> tables.add(n.asText()));
            Map<String, String> headers = new LinkedHashMap<>();
            req.path("headers").fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
            sendJson(ctx, 201, Json.MAPPER.valueToTree(addWebhook(url, tables, headers)));
        });
        admin.get("/webhooks").handler(ctx -> sendJson(ctx, 200, Json.MAPPER.valueToTree(webhooks)));
        admin.delete("/webhooks").handler(ctx -> {
            clearWebhooks();
            ctx.response().setStatusCode(204).end();
        });
        admin.put("/ratelimit").handler(ctx -> {
            JsonNode req = Json.parse(ctx.body().asString());
            setRateLimit(req.path("limit").asInt(0));
            sendJson(ctx, 200, rateLimitState());
        });
        admin.get("/ratelimit").handler(ctx -> sendJson(ctx, 200, rateLimitState()));
        admin.delete("/ratelimit").handler(ctx -> {
            setRateLimit(null);
            ctx.response().setStatusCode(204).end();
        });
        admin.put("/config").handler(ctx -> {
            JsonNode req = Json.parse(ctx.body().asString());
            try {
                if (req.hasNonNull("userTimeZone")) {
                    setUserTimeZone(ZoneId.of(req.get("userTimeZone").asText()));
                }
            } catch (RuntimeException e) {
                sendError(ctx, 400, "Invalid userTimeZone", req.get("userTimeZone").asText());
                return;
            }
            if (req.hasNonNull("tokenLifetimeSeconds")) {
                tokens.setLifetime(Duration.ofSeconds(req.get("tokenLifetimeSeconds").asLong()));
            }
            if (req.hasNonNull("sessionCookie")) {
                setSessionCookie(req.get("sessionCookie").asBoolean());
            }
            if (req.hasNonNull("clientCredentialsGrant")) {
                setClientCredentialsGrantEnabled(req.get("clientCredentialsGrant").asBoolean());
            }
            sendJson(ctx, 200, config());
        });
        admin.get("/config").handler(ctx -> sendJson(ctx, 200, config()));
        admin.post("/accounts").handler(ctx -> {
            JsonNode req = Json.parse(ctx.body().asString());
            String username = req.path("username").asText("");
            String password = req.path("password").asText("");
            if (username.isEmpty() || password.isEmpty()) {
                sendError(ctx, 400, "username and password are required", null);
                return;
            }
            addAccount(username, password);
            ctx.response().setStatusCode(204).end();
        });
        admin.post("/tokens/expire").handler(ctx -> {
            tokens.expireAll();
            ctx.response().setStatusCode(204).end();
        });
    }

    private ObjectNode rateLimitState() {
        ObjectNode o = Json.object();
        Integer limit = rateLimiter.limit();
        o.put("enabled", limit != null);
        if (limit != null) {
            o.put("limit", limit);
        }
        o.put("rule", SnRateLimiter.RULE_SYS_ID);
        return o;
    }

    private ObjectNode config() {
        ObjectNode o = Json.object();
        o.put("userTimeZone", db.userZone().getId());
        o.put("tokenLifetimeSeconds", tokens.lifetime().getSeconds());
        o.put("sessionCookie", sessionCookie);
        o.put("clientCredentialsGrant", clientCredentialsGrant);
        o.put("seeded", seeded);
        return o;
    }

    // ---- standalone -----------------------------------------------------------------------------------------------

    /**
     * Runs the emulator alone: {@code java ... ServiceNowEmulator [port]} (or -Dtgb.servicenow.port), with
     * credentials from -Dtgb.servicenow.username/password/clientId/clientSecret or fresh random ones, seeded.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("tgb.servicenow.port", "18082"));
        EmulatorCredentials random = EmulatorCredentials.random("servicenow");
        EmulatorCredentials creds = new EmulatorCredentials(random.tenantId(),
                System.getProperty("tgb.servicenow.clientId", random.clientId()),
                System.getProperty("tgb.servicenow.clientSecret", random.clientSecret()),
                System.getProperty("tgb.servicenow.username", random.username()),
                System.getProperty("tgb.servicenow.password", random.password()));
        ServiceNowEmulator emulator = new ServiceNowEmulator(System.getProperty("tgb.servicenow.host", "127.0.0.1"), port, null, creds);
        emulator.start();
        emulator.seedSandbox();
        ObjectNode info = Json.object();
        info.put("baseUrl", emulator.baseUrl());
        info.put("apiUrl", emulator.apiUrl());
        info.put("oauthTokenUrl", emulator.oauthTokenUrl());
        info.put("username", creds.username());
        info.put("password", creds.password());
        info.put("clientId", creds.clientId());
        info.put("clientSecret", creds.clientSecret());
        System.out.println(Json.write(info));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            done.countDown();
        }));
        done.await();
    }

}
