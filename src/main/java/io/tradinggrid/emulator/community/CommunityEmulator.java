package io.tradinggrid.emulator.community;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.ApigeeFault;
import io.tradinggrid.emulator.BadRequestException;
import io.tradinggrid.emulator.EmulatorCredentials;
import io.tradinggrid.emulator.EmulatorServer;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.TokenIssuer;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Active Community emulator: a real HTTP server on loopback that serves every operation of
 * {@code contracts/active-community-v1.openapi.yaml} with the rules the contract states, sends signed webhook
 * deliveries, and lets tests and the sandbox act as partner users.
 * <p>
 * API under {@value Api#BASE_PATH}; the token endpoint {@code POST /tenants/{tenantId}/oauth2/token} at the root.
 * Admin endpoints (under {@code /_emulator}, besides the base class's faults/requests/reset):
 * <ul>
 *   <li>{@code POST /communities} {id?, name, description?, ownerCompanyId?}</li>
 *   <li>{@code POST /partners} a partner as the seed defines it (id, status, access, users)</li>
 *   <li>{@code POST /files} {partnerId, fileName, mimeType?, contentBase64, documentCategory?, threadId?} (partner upload)</li>
 *   <li>{@code POST /threads} {communityId, partnerId, userId?, title, body, category, ..., files:[{fileName, contentBase64,...}], attachmentIds}</li>
 *   <li>{@code POST /threads/{threadId}/posts} {partnerId?, userId?, kind, body, files, attachmentIds}</li>
 *   <li>{@code POST /onboarding-requests} {communityId, companyName, ..., files}</li>
 *   <li>{@code POST /compliance-documents} {communityId, partnerId, type, name, issuedOn, expiresOn, file:{...}}</li>
 *   <li>{@code GET|PUT /clock} {mode: fixed|advance|system, time?, millis?}</li>
 *   <li>{@code GET|PUT /webhooks} delivery switches; {@code GET /deliveries}; {@code GET /subscriptions}</li>
 *   <li>{@code PUT /paging} {maxPageItems}; {@code PUT /limits} {attachmentLimitBytes, communityId?}</li>
 *   <li>{@code POST /tokens/expire}; {@code POST /seed}; {@code GET /state}</li>
 * </ul>
 */
public class CommunityEmulator extends EmulatorServer {

    private final EmulatorCredentials credentials;
    private final EmulatorClock clock = new EmulatorClock();
    private final TokenIssuer tokens = new TokenIssuer(Duration.ofHours(1));
    private final WebhookDispatcher webhooks = new WebhookDispatcher();
    private final CommunityStore store = new CommunityStore(clock, webhooks);

    private static final String ACTOR = "tgb.community.actor";

    public CommunityEmulator(String host, int port, Vertx vertxOrNull, EmulatorCredentials credentials) {
        super("community", host, port, vertxOrNull);
        this.credentials = credentials;
    }

    @Override
    public CommunityEmulator start() {
        super.start();
        return this;
    }

    // ---- addresses -------------------------------------------------------------------------------------------

    /** e.g. http://127.0.0.1:18083/activecommunity/v1 */
    public String apiBaseUrl() {
        return baseUrl() + Api.BASE_PATH;
    }

    public String tokenUrl() {
        return baseUrl() + "/tenants/" + credentials.tenantId() + "/oauth2/token";
    }

    public EmulatorCredentials credentials() {
        return credentials;
    }

    public EmulatorClock clock() {
        return clock;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    public WebhookDispatcher webhooks() {
        return webhooks;
    }

    // ---- API ---------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.post("/tenants/:tenantId/oauth2/token").handler(guard(this::token));
        String b = Api.BASE_PATH;
        router.route(b + "/*").handler(this::authenticate);

        router.get(b + "/communities/:communityId/threads").handler(guard(ctx -> send(ctx, 200, store.listThreads(
                ctx.pathParam("communityId"), Api.parseTime("updatedSince", q(ctx, "updatedSince")), q(ctx, "status"),
                q(ctx, "category"), paging(ctx)))));
        router.post(b + "/communities/:communityId/threads").handler(guard(ctx -> {
            ObjectNode thread = store.createThread(actor(ctx), ctx.pathParam("communityId"), body(ctx), List.of(), now());
            ctx.response().putHeader("Location", Api.BASE_PATH + "/threads/" + thread.path("id").asText());
            send(ctx, 201, thread);
        }));
        router.get(b + "/threads/:threadId").handler(guard(ctx -> {
            ObjectNode thread = store.getThread(ctx.pathParam("threadId"));
            ctx.response().putHeader("ETag", "\"" + thread.path("version").asLong() + "\"");
            send(ctx, 200, thread);
        }));
        router.patch(b + "/threads/:threadId").handler(guard(ctx -> {
            ObjectNode thread = store.patchThread(actor(ctx), ctx.pathParam("threadId"), body(ctx),
                    ctx.request().getHeader("If-Match"), now());
            ctx.response().putHeader("ETag", "\"" + thread.path("version").asLong() + "\"");
            send(ctx, 200, thread);
        }));
        router.get(b + "/threads/:threadId/posts").handler(guard(ctx -> send(ctx, 200, store.listPosts(
                ctx.pathParam("threadId"), Api.parseTime("createdSince", q(ctx, "createdSince")), paging(ctx)))));
        router.post(b + "/threads/:threadId/posts").handler(guard(ctx -> send(ctx, 201,
                store.addPost(actor(ctx), ctx.pathParam("threadId"), body(ctx), "MESSAGE", List.of(), now()))));
        router.post(b + "/threads/:threadId/attachments").handler(guard(this::uploadAttachment));
        router.get(b + "/attachments/:attachmentId").handler(guard(ctx -> send(ctx, 200, store.getAttachment(ctx.pathParam("attachmentId")))));
        router.get(b + "/attachments/:attachmentId/content").handler(guard(this::attachmentContent));

        router.get(b + "/communities/:communityId/onboarding-requests").handler(guard(ctx -> send(ctx, 200, store.listOnboarding(
                ctx.pathParam("communityId"), Api.parseTime("updatedSince", q(ctx, "updatedSince")), paging(ctx)))));
        router.get(b + "/onboarding-requests/:requestId").handler(guard(ctx -> send(ctx, 200, store.getOnboarding(ctx.pathParam("requestId")))));
        router.patch(b + "/onboarding-requests/:requestId").handler(guard(ctx -> send(ctx, 200,
                store.patchOnboarding(actor(ctx), ctx.pathParam("requestId"), body(ctx), now()))));

        router.post(b + "/partners").handler(guard(ctx -> send(ctx, 201, store.createPartner(actor(ctx), body(ctx), now()))));
        router.get(b + "/partners").handler(guard(ctx -> send(ctx, 200,
                store.findPartners(q(ctx, "duns"), q(ctx, "externalReference"), paging(ctx)))));
        router.get(b + "/partners/:partnerId").handler(guard(ctx -> send(ctx, 200, store.getPartner(ctx.pathParam("partnerId")))));
        router.patch(b + "/partners/:partnerId").handler(guard(ctx -> send(ctx, 200,
                store.patchPartner(actor(ctx), ctx.pathParam("partnerId"), body(ctx), now()))));
        router.put(b + "/partners/:partnerId/access").handler(guard(ctx -> send(ctx, 200,
                store.setAccess(actor(ctx), ctx.pathParam("partnerId"), body(ctx), now()))));
        router.get(b + "/partners/:partnerId/compliance-documents").handler(guard(ctx -> send(ctx, 200, store.listCompliance(
                ctx.pathParam("partnerId"), Api.parseDate("expiresBefore", q(ctx, "expiresBefore")), null, null))));
        router.get(b + "/compliance-documents").handler(guard(ctx -> {
            String expiresBefore = q(ctx, "expiresBefore");
            if (expiresBefore == null || expiresBefore.isBlank()) {
                throw CommunityException.badRequest("expiresBefore is required");
            }
            send(ctx, 200, store.listCompliance(null, Api.parseDate("expiresBefore", expiresBefore), q(ctx, "status"), paging(ctx)));
        }));
        router.patch(b + "/compliance-documents/:documentId").handler(guard(ctx -> send(ctx, 200,
                store.patchCompliance(actor(ctx), ctx.pathParam("documentId"), body(ctx), now()))));

        router.post(b + "/communities/:communityId/knowledge-articles").handler(guard(ctx -> send(ctx, 201,
                store.createArticle(actor(ctx), ctx.pathParam("communityId"), body(ctx), now()))));
        router.get(b + "/communities/:communityId/knowledge-articles").handler(guard(ctx -> send(ctx, 200,
                store.listArticles(ctx.pathParam("communityId"), q(ctx, "externalReference"), paging(ctx)))));
        router.put(b + "/knowledge-articles/:articleId").handler(guard(ctx -> send(ctx, 200,
                store.replaceArticle(actor(ctx), ctx.pathParam("articleId"), body(ctx), now()))));
        router.delete(b + "/knowledge-articles/:articleId").handler(guard(ctx -> {
            store.retireArticle(ctx.pathParam("articleId"), now());
            sendEmpty(ctx, 204);
        }));

        router.post(b + "/subscriptions").handler(guard(ctx -> send(ctx, 201, store.subscribe(body(ctx), now()))));
    }

    private void token(RoutingContext ctx) {
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
        Map<String, String> form = new HashMap<>();
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            MultiMap attributes = ctx.request().formAttributes();
            attributes.names().forEach(n -> form.put(n, attributes.get(n)));
        } else if (contentType.startsWith("application/json")) {
            ObjectNode json = Api.body(ctx.body().asString());
            json.fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null));
        } else {
            throw new CommunityException(415, "Send the token request as application/x-www-form-urlencoded or application/json");
        }
        String grant = form.get("grant_type");
        if (grant == null || grant.isBlank()) {
            throw CommunityException.badRequest("grant_type is required");
        }
        if (!grant.equals("client_credentials") && !grant.equals("password")) {
            throw CommunityException.badRequest("unsupported grant_type " + grant + "; use client_credentials or password");
        }
        if (!credentials.tenantId().equals(ctx.pathParam("tenantId"))) {
            sendFault(ctx, "Invalid tenant", "oauth.v2.InvalidTenant");
            return;
        }
        if (!credentials.clientId().equals(form.get("client_id")) || !credentials.clientSecret().equals(form.get("client_secret"))) {
            sendFault(ctx, "Invalid client identifier or secret", "oauth.v2.InvalidClientIdentifier");
            return;
        }
        String subject;
        if (grant.equals("password")) {
            if (!credentials.username().equals(form.get("username")) || !credentials.password().equals(form.get("password"))) {
                sendFault(ctx, "Invalid resource owner credentials", "oauth.v2.InvalidResourceOwnerCredentials");
                return;
            }
            subject = "user:" + credentials.username();
        } else {
            subject = "client:" + credentials.clientId();
        }
        TokenIssuer.Token token = tokens.issue(subject);
        ObjectNode body = Json.object();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds(tokens.now()));
        ctx.response().putHeader("Cache-Control", "no-store");
        send(ctx, 200, body);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        String subject = tokens.subjectOf(token).orElse(null);
        if (subject == null) {
            sendFault(ctx, token == null ? "Missing access token" : "Invalid access token", "oauth.v2.InvalidAccessToken");
            return;
        }
        // both grants authenticate the integration (an OpenText "machine user"): its writes are MACHINE writes
        String userId = subject.substring(subject.indexOf(':') + 1);
        ctx.put(ACTOR, Actor.machine(userId, subject.startsWith("user:") ? "Integration user " + userId : "Integration client " + userId));
        ctx.next();
    }

    private void sendFault(RoutingContext ctx, String faultString, String errorCode) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        sendJson(ctx, 401, ApigeeFault.body(faultString, errorCode));
    }

    private void uploadAttachment(RoutingContext ctx) {
        String threadId = ctx.pathParam("threadId");
        FileUpload upload = null;
        for (FileUpload u : ctx.fileUploads()) {
            if ("file".equals(u.name())) {
                upload = u;
                break;
            }
        }
        if (upload == null) {
            store.getThread(threadId); // 404 first
            throw CommunityException.badRequest("multipart/form-data with a part named 'file' is required");
        }
        String documentCategory = emptyToNull(ctx.request().getFormAttribute("documentCategory"));
        String originText = emptyToNull(ctx.request().getFormAttribute("origin"));
        ObjectNode origin = null;
        if (originText != null) {
            JsonNode parsed = Json.parse(originText);
            if (!parsed.isObject()) {
                throw CommunityException.badRequest("origin must be a JSON object such as {\"system\":\"bridge\"}");
            }
            origin = Api.checkOrigin((ObjectNode) parsed);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(upload.uploadedFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fileName = upload.fileName() == null || upload.fileName().isBlank() ? "upload.bin" : upload.fileName();
        NewFile file = new NewFile(fileName, upload.contentType(), bytes, documentCategory);
        send(ctx, 201, store.upload(actor(ctx), threadId, file, origin, now()));
    }

    private void attachmentContent(RoutingContext ctx) {
        CommunityStore.Attachment a = store.attachmentContent(ctx.pathParam("attachmentId"));
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Length", String.valueOf(a.content.length))
                .putHeader("ETag", "\"" + a.sha256 + "\"")
                .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encodeFileName(a.fileName))
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Buffer.buffer(a.content));
    }

    private static String encodeFileName(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- admin --------------------------------------------------------------------------------------------------

    @Override
    protected void adminRoutes(Router admin) {
        admin.get("/state").handler(guard(ctx -> sendJson(ctx, 200, state())));
        admin.post("/seed").handler(guard(ctx -> sendJson(ctx, 200, Json.MAPPER.valueToTree(seedSandbox()))));
        admin.post("/communities").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            sendJson(ctx, 201, store.createCommunity(Api.text(req, "id", false, 0), Api.text(req, "name", true, 0),
                    Api.text(req, "description", false, 0), Api.text(req, "ownerCompanyId", false, 0)));
        }));
        admin.post("/partners").handler(guard(ctx -> sendJson(ctx, 201, store.definePartner(body(ctx), now()))));
        admin.post("/files").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            String partnerId = Api.text(req, "partnerId", true, 0);
            sendJson(ctx, 201, uploadAsPartner(partnerId, Api.text(req, "threadId", false, 0), file(req)));
        }));
        admin.post("/threads").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            sendJson(ctx, 201, openThreadAsPartner(Api.text(req, "communityId", true, 0), Api.text(req, "partnerId", true, 0),
                    Api.text(req, "userId", false, 0), req, files(req)));
        }));
        admin.post("/threads/:threadId/posts").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            String threadId = ctx.pathParam("threadId");
            String partnerId = Api.text(req, "partnerId", false, 0);
            if (partnerId == null) {
                partnerId = store.getThread(threadId).path("partner").path("id").asText();
            }
            String kind = Api.oneOf(req, "kind", false, Api.POST_KINDS);
            Actor actor = store.partnerActor(partnerId, Api.text(req, "userId", false, 0));
            sendJson(ctx, 201, store.addPost(actor, threadId, req, kind == null ? "MESSAGE" : kind, files(req), now()));
        }));
        admin.post("/onboarding-requests").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            sendJson(ctx, 201, submitOnboardingRequest(Api.text(req, "communityId", true, 0), req, files(req)));
        }));
        admin.post("/compliance-documents").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            JsonNode fileSpec = req.get("file");
            if (fileSpec == null || !fileSpec.isObject()) {
                throw CommunityException.badRequest("file {fileName, contentBase64} is required");
            }
            sendJson(ctx, 201, submitComplianceDocument(Api.text(req, "communityId", true, 0), Api.text(req, "partnerId", true, 0),
                    req, file(fileSpec)));
        }));
        admin.get("/clock").handler(ctx -> sendJson(ctx, 200, clockJson()));
        admin.put("/clock").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            String mode = Api.oneOf(req, "mode", true, Set.of("fixed", "advance", "system"));
            if ("fixed".equals(mode)) {
                String time = Api.text(req, "time", false, 0);
                clock.fix(time == null ? clock.instant() : Api.parseTime("time", time));
            } else if ("advance".equals(mode)) {
                JsonNode millis = req.get("millis");
                if (millis == null || !millis.canConvertToLong()) {
                    throw CommunityException.badRequest("millis (a number) is required to advance the clock");
                }
                clock.advance(Duration.ofMillis(millis.asLong()));
            } else {
                clock.system();
            }
            sendJson(ctx, 200, clockJson());
        }));
        admin.get("/webhooks").handler(ctx -> sendJson(ctx, 200, Json.MAPPER.valueToTree(webhooks.settings())));
        admin.put("/webhooks").handler(guard(ctx -> {
            WebhookDispatcher.Settings merged = Json.MAPPER.readerForUpdating(webhooks.settings()).readValue(ctx.body().asString());
            webhooks.apply(merged);
            sendJson(ctx, 200, Json.MAPPER.valueToTree(webhooks.settings()));
        }));
        admin.get("/deliveries").handler(ctx -> sendJson(ctx, 200, deliveriesJson()));
        admin.get("/subscriptions").handler(ctx -> {
            ArrayNode out = Json.array();
            webhooks.subscriptions().forEach(s -> out.addObject().put("id", s.id()).put("callbackUrl", s.callbackUrl()).put("secretFingerprint", s.secretFingerprint())
                    .put("createdTime", Api.time(s.createdTime())).set("events", Json.MAPPER.valueToTree(s.events())));
            sendJson(ctx, 200, out);
        });
        admin.put("/paging").handler(guard(ctx -> {
            JsonNode max = body(ctx).get("maxPageItems");
            store.setMaxPageItems(max == null || max.isNull() ? null : max.asInt());
            sendJson(ctx, 200, Json.object().put("maxPageItems", store.maxPageItems()));
        }));
        admin.put("/limits").handler(guard(ctx -> {
            ObjectNode req = body(ctx);
            JsonNode limit = req.get("attachmentLimitBytes");
            if (limit == null || !limit.canConvertToLong() || limit.asLong() < 0) {
                throw CommunityException.badRequest("attachmentLimitBytes (a number) is required");
            }
            store.setAttachmentLimit(Api.text(req, "communityId", false, 0), limit.asLong());
            sendJson(ctx, 200, state());
        }));
        admin.post("/tokens/expire").handler(ctx -> {
            tokens.expireAll();
            ctx.response().setStatusCode(204).end();
        });
    }

    private ObjectNode clockJson() {
        ObjectNode o = Json.object();
        o.put("mode", clock.mode().name().toLowerCase());
        o.put("now", Api.time(clock.instant()));
        o.put("offsetMillis", clock.offset().toMillis());
        return o;
    }

    private ArrayNode deliveriesJson() {
        ArrayNode out = Json.array();
        for (WebhookDispatcher.Delivery d : webhooks.deliveries()) {
            ObjectNode o = out.addObject();
            o.put("eventId", d.eventId());
            o.put("eventType", d.eventType());
            o.put("subscriptionId", d.subscriptionId());
            o.put("attempt", d.attempt());
            o.put("duplicate", d.duplicate());
            if (d.status() != null) {
                o.put("status", d.status());
            }
            if (d.error() != null) {
                o.put("error", d.error());
            }
            o.put("time", Api.time(d.time()));
        }
        return out;
    }

    // ---- partner actions and seeding (Java API) -------------------------------------------------------------------

    /** Creates a community (id null: generated). */
    public ObjectNode createCommunity(String id, String name, String description) {
        return store.createCommunity(id, name, description, null);
    }

    /**
     * Defines a partner directly, as the seed does: {@code id}, {@code companyName}, {@code duns},
     * {@code ediAddresses}, {@code contacts}, {@code status} (default ACTIVE), {@code access}
     * [{communityId, roles}], {@code users} [{userId, displayName, email}].
     */
    public ObjectNode definePartner(ObjectNode spec) {
        return store.definePartner(spec, now());
    }

    /** A partner user opens a thread ({@code thread} as ThreadCreate), with new files and/or files uploaded before. */
    public ObjectNode openThreadAsPartner(String communityId, String partnerId, String userIdOrNull, ObjectNode thread, List<NewFile> files) {
        return store.createThread(store.partnerActor(partnerId, userIdOrNull), communityId, thread, files, now());
    }

    /** A partner user replies: kind MESSAGE, DOCUMENT_REQUEST or CLARIFICATION. */
    public ObjectNode replyAsPartner(String threadId, String partnerId, String kind, String body, List<NewFile> files) {
        ObjectNode req = Json.object().put("body", body);
        return store.addPost(store.partnerActor(partnerId, null), threadId, req, kind, files, now());
    }

    /** A partner user uploads a file to a thread, or (threadId null) ahead of opening a thread. */
    public ObjectNode uploadAsPartner(String partnerId, String threadIdOrNull, NewFile file) {
        return store.upload(store.partnerActor(partnerId, null), threadIdOrNull, file, null, now());
    }

    /**
     * A (prospective) partner submits an onboarding request: {@code companyName}, {@code duns}, {@code country},
     * {@code ediAddresses}, {@code contacts}, and documents (certifications, tax forms, bank letters).
     */
    public ObjectNode submitOnboardingRequest(String communityId, ObjectNode request, List<NewFile> documents) {
        String partnerId = request.path("partnerId").asText(null);
        Actor actor = partnerId != null ? store.partnerActor(partnerId, null) : Actor.prospect(request.path("companyName").asText());
        return store.submitOnboarding(actor, communityId, request, documents, now());
    }

    /**
     * A partner submits a compliance document ({@code type}, {@code name}, {@code issuedOn}, {@code expiresOn},
     * {@code openThread} default true) with its file.
     */
    public ObjectNode submitComplianceDocument(String communityId, String partnerId, ObjectNode document, NewFile file) {
        return store.submitCompliance(store.partnerActor(partnerId, null), communityId, document, file, now());
    }

    /**
     * Fault: the attachment's metadata lies about the bytes served (see {@link CommunityStore#forgeAttachment}), as a
     * compromised community or a partner who got around its checks would make it.
     */
    public void forgeAttachment(String attachmentId, byte[] content, JsonNode declaredSize,
            String declaredSha256) {
        store.forgeAttachment(attachmentId, content, declaredSize, declaredSha256);
    }

    /** Lowers or raises the upload limit (default 25 MiB) of every community, now and for the seed. */
    public void setAttachmentLimitBytes(long bytes) {
        store.setAttachmentLimit(null, bytes);
    }

    /** Cuts every list page to at most this many items (null: off): "a short page does not mean the end". */
    public void setMaxPageItems(Integer maxItems) {
        store.setMaxPageItems(maxItems);
    }

    /** Loads the sandbox's community from {@code emulator/community/seed.json}. */
    public SeedSummary seedSandbox() {
        return new SandboxSeed(store, clock).load();
    }

    /** What the emulator holds: communities, counts, clock, webhook settings. */
    public ObjectNode state() {
        ObjectNode state = store.state();
        state.set("clock", clockJson());
        state.set("webhooks", Json.MAPPER.valueToTree(webhooks.settings()));
        state.put("pendingDeliveries", webhooks.pending());
        return state;
    }

    @Override
    public void resetData() {
        store.clear();
        webhooks.reset();
        webhooks.apply(new WebhookDispatcher.Settings());
        clock.system();
    }

    @Override
    public void close() {
        webhooks.close();
        super.close();
    }

    @Override
    protected ObjectNode errorBody(int status, String message, String detail) {
        if (status == 401) {
            return ApigeeFault.body(message, "oauth.v2.InvalidAccessToken");
        }
        ObjectNode body = Json.object();
        body.put("message", message);
        if (detail != null) {
            body.put("exception", detail);
        }
        return body;
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------

    private interface ThrowingHandler {
        void handle(RoutingContext ctx) throws Exception;
    }

    /** Turns refusals into the contract's Error answer; anything unexpected into a 500 without a stack trace. */
    private Handler<RoutingContext> guard(ThrowingHandler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (CommunityException e) {
                sendError(ctx, e.status(), e.getMessage(), e.detail());
            } catch (BadRequestException e) {
                sendError(ctx, e.status(), e.getMessage(), null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                sendError(ctx, 400, "Invalid request: " + e.getMessage(), null);
            } catch (Exception e) {
                log.warn("community emulator failed on {} {}: {}", ctx.request().method(), ctx.request().path(), e.toString());
                sendError(ctx, 500, "Internal server error", e.getClass().getSimpleName());
            }
        };
    }

    private Instant now() {
        return clock.instant();
    }

    private static Actor actor(RoutingContext ctx) {
        return ctx.get(ACTOR);
    }

    private static ObjectNode body(RoutingContext ctx) {
        return Api.body(ctx.body().asString());
    }

    private static String q(RoutingContext ctx, String name) {
        return ctx.queryParams().get(name);
    }

    private static Api.Paging paging(RoutingContext ctx) {
        return Api.paging(q(ctx, "offset"), q(ctx, "count"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<NewFile> files(JsonNode req) {
        List<NewFile> out = new ArrayList<>();
        JsonNode files = req.get("files");
        if (files != null && files.isArray()) {
            for (JsonNode f : files) {
                out.add(file(f));
            }
        }
        return out;
    }

    private static NewFile file(JsonNode spec) {
        String fileName = Api.text(spec, "fileName", true, 0);
        String base64 = Api.text(spec, "contentBase64", true, 0);
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw CommunityException.badRequest("contentBase64 of " + fileName + " is not base64");
        }
        return new NewFile(fileName, Api.text(spec, "mimeType", false, 0), bytes,
                Api.oneOf(spec, "documentCategory", false, Api.DOCUMENT_CATEGORIES));
    }

    // ---- standalone -----------------------------------------------------------------------------------------------

    /**
     * Runs the emulator on its own: {@code java -cp target/classes:... io.tradinggrid.emulator.community.CommunityEmulator
     * [port] [--seed]}. Credentials come from TGB_COMMUNITY_TENANT_ID, TGB_COMMUNITY_CLIENT_ID, TGB_COMMUNITY_CLIENT_SECRET,
     * TGB_COMMUNITY_USERNAME and TGB_COMMUNITY_PASSWORD; missing ones are made up at random and the whole set is written to
     * data/community-emulator/credentials.json (owner-readable only), never printed.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 18083;
        boolean seed = List.of(args).contains("--seed");
        EmulatorCredentials random = EmulatorCredentials.random("community");
        EmulatorCredentials credentials = new EmulatorCredentials(
                env("TGB_COMMUNITY_TENANT_ID", random.tenantId()), env("TGB_COMMUNITY_CLIENT_ID", random.clientId()),
                env("TGB_COMMUNITY_CLIENT_SECRET", random.clientSecret()), env("TGB_COMMUNITY_USERNAME", random.username()),
                env("TGB_COMMUNITY_PASSWORD", random.password()));
        CommunityEmulator emulator = new CommunityEmulator("127.0.0.1", port, null, credentials).start();
        if (seed) {
            SeedSummary summary = emulator.seedSandbox();
            System.out.println("Seeded " + summary.communityIds() + ": " + summary.partnerIds().size() + " partners, "
                    + summary.threads() + " threads, " + summary.posts() + " posts, " + summary.attachments() + " files");
        }
        Path file = Path.of("data", "community-emulator", "credentials.json");
        Files.createDirectories(file.getParent());
        ObjectNode json = Json.object().put("tokenUrl", emulator.tokenUrl()).put("apiBaseUrl", emulator.apiBaseUrl())
                .put("adminUrl", emulator.adminUrl()).put("tenantId", credentials.tenantId()).put("clientId", credentials.clientId())
                .put("clientSecret", credentials.clientSecret()).put("username", credentials.username()).put("password", credentials.password());
        Files.writeString(file, Json.write(json));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: leave the default permissions
        }
        System.out.println("Active Community emulator on " + emulator.apiBaseUrl() + " (" + credentials + "); credentials in "
                + file.toAbsolutePath());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
