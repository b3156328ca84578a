package io.tradinggrid.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server on loopback that plays one external system.
 * <p>
 * Subclasses add the emulated API in {@link #routes(Router)}, extra inspection and seeding endpoints in
 * {@link #adminRoutes(Router)} (mounted under {@code /_emulator}, apart from the API), and answer through
 * {@link #send}, {@link #sendError} and friends so that fault injection ("error after commit" in particular)
 * and the request journal work the same in every emulator.
 * <p>
 * Common admin API: {@code GET|PUT|DELETE /_emulator/faults}, {@code GET|DELETE /_emulator/requests},
 * {@code POST /_emulator/reset}.
 */
public abstract class EmulatorServer implements AutoCloseable {

    private static final String AFTER_COMMIT = "tgb.emulator.afterCommit";
    private static final String FAULT = "tgb.emulator.fault";

    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final FaultInjector faults = new FaultInjector();
    protected final RequestJournal journal = new RequestJournal(2000);
    private volatile Consumer<RequestJournal.Entry> beforeRequest;

    private final String name;
    private final String host;
    private final int requestedPort;
    private final boolean ownsVertx;
    protected final Vertx vertx;
    private HttpServer server;
    private long bodyLimitBytes = 64L * 1024 * 1024;

    protected EmulatorServer(String name, String host, int port, Vertx vertx) {
        this.name = name;
        this.host = host == null ? "127.0.0.1" : host;
        this.requestedPort = port;
        this.ownsVertx = vertx == null;
        this.vertx = vertx == null ? Vertx.vertx() : vertx;
    }

    /** The emulated API. */
    protected abstract void routes(Router router);

    /** Inspection and seeding endpoints, mounted under /_emulator. */
    protected void adminRoutes(Router admin) {
    }

    /** Forgets every record (POST /_emulator/reset). */
    protected abstract void resetData();

    /** The system's own error envelope for a status and message. */
    protected abstract ObjectNode errorBody(int status, String message, String detail);

    /** Headers the system sends with a 429 besides Retry-After (e.g. X-RateLimit-*). */
    protected void rateLimitHeaders(HttpServerResponse response) {
    }

    /** Forgets every record, the fault plan, the request hook and the request journal (POST /_emulator/reset). */
    public void reset() {
        resetData();
        faults.apply(FaultPlan.none());
        beforeRequest = null;
        journal.clear();
    }

    /**
     * Runs the hook before each API request is handled (not the /_emulator admin API), on the emulator's event loop, so
     * it must not block: lets a test change data between two requests of a client, e.g. between two pages of a walk.
     * The entry's status is 0. Null removes the hook.
     */
    public void beforeRequest(Consumer<RequestJournal.Entry> hook) {
        this.beforeRequest = hook;
    }

    public String name() {
        return name;
    }

    public void setBodyLimitBytes(long bodyLimitBytes) {
        this.bodyLimitBytes = bodyLimitBytes;
    }

    public synchronized EmulatorServer start() {
        if (server != null) {
            return this;
        }
        Router router = Router.router(vertx);
        router.route().handler(this::recordInJournal);
        router.route().handler(BodyHandler.create()
                .setBodyLimit(bodyLimitBytes)
                .setUploadsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "tgb-emulator-uploads").toString())
                .setDeleteUploadedFilesOnEnd(true));

        Router admin = Router.router(vertx);
        admin.get("/faults").handler(ctx -> sendJson(ctx, 200, Json.MAPPER.valueToTree(faults.plan())));
        admin.put("/faults").handler(ctx -> {
            FaultPlan plan = Json.convert(Json.parse(ctx.body().asString()), FaultPlan.class);
            faults.apply(plan);
            log.info("{} emulator: fault plan set to {}", name, Json.write(plan));
            sendJson(ctx, 200, Json.MAPPER.valueToTree(faults.plan()));
        });
        admin.delete("/faults").handler(ctx -> {
            faults.apply(FaultPlan.none());
            ctx.response().setStatusCode(204).end();
        });
        admin.get("/requests").handler(ctx -> sendJson(ctx, 200, Json.MAPPER.valueToTree(journal.snapshot())));
        admin.delete("/requests").handler(ctx -> {
            journal.clear();
            ctx.response().setStatusCode(204).end();
        });
        admin.post("/reset").handler(ctx -> {
            reset();
            ctx.response().setStatusCode(204).end();
        });
        adminRoutes(admin);
        router.route("/_emulator/*").subRouter(admin);

        router.route().handler(this::injectFaults);
        routes(router);
        router.route().last().handler(ctx -> sendError(ctx, 404, "Requested URI does not represent any resource", ctx.request().path()));
        router.route().failureHandler(this::handleFailure);

        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(requestedPort);
        try {
            server = vertx.createHttpServer(options).requestHandler(router).listen()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " emulator could not listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        log.info("{} emulator listening on {}", name, baseUrl());
        return this;
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException(name + " emulator is not started");
        }
        return server.actualPort();
    }

    /** Scheme, host and port, e.g. http://127.0.0.1:18081 (no path). */
    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public String adminUrl() {
        return baseUrl() + "/_emulator";
    }

    public FaultInjector faults() {
        return faults;
    }

    public RequestJournal journal() {
        return journal;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("{} emulator did not close cleanly: {}", name, e.getMessage());
            }
            server = null;
        }
        if (ownsVertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("{} emulator Vert.x did not close cleanly: {}", name, e.getMessage());
            }
        }
    }

    // ---- answering -------------------------------------------------------------------------------

    /** Sends a JSON answer, or, when "error after commit" was drawn for this request, the fault instead. */
    protected void send(RoutingContext ctx, int status, Object body) {
        if (answerAfterCommitFault(ctx)) {
            return;
        }
        sendJson(ctx, status, body);
    }

    /** Sends an answer without a body (e.g. 204), honouring "error after commit". */
    protected void sendEmpty(RoutingContext ctx, int status) {
        if (answerAfterCommitFault(ctx)) {
            return;
        }
        ctx.response().setStatusCode(status).end();
    }

    protected void sendError(RoutingContext ctx, int status, String message, String detail) {
        sendJson(ctx, status, errorBody(status, message, detail));
    }

    /** Writes JSON unconditionally (admin API, errors). */
    protected void sendJson(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end(body instanceof String s ? s : Json.write(body));
    }

    private boolean answerAfterCommitFault(RoutingContext ctx) {
        if (!Boolean.TRUE.equals(ctx.get(AFTER_COMMIT))) {
            return false;
        }
        FaultPlan plan = faults.plan();
        if (plan.afterCommitMode == FaultPlan.AfterCommit.TIMEOUT) {
            vertx.setTimer(Math.max(1, plan.afterCommitDelayMs), t -> resetConnection(ctx));
        } else {
            sendError(ctx, plan.errorStatus, "Injected failure after commit", "the write was committed");
        }
        return true;
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private void recordInJournal(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        String query = ctx.request().query();
        ctx.addEndHandler(done -> journal.add(new RequestJournal.Entry(
                Instant.now(), method, path, query, ctx.response().getStatusCode(), ctx.get(FAULT))));
        ctx.next();
    }

    private void injectFaults(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        Consumer<RequestJournal.Entry> hook = beforeRequest;
        if (hook != null) {
            hook.accept(new RequestJournal.Entry(Instant.now(), method, path, ctx.request().query(), 0, null));
        }
        long latency = faults.latencyFor(method, path);
        if (latency > 0) {
            vertx.setTimer(latency, t -> decide(ctx, method, path));
        } else {
            decide(ctx, method, path);
        }
    }

    private void decide(RoutingContext ctx, String method, String path) {
        FaultInjector.Decision decision = faults.decide(method, path);
        if (decision != FaultInjector.Decision.NONE) {
            ctx.put(FAULT, decision.name());
        }
        switch (decision) {
            case ERROR -> sendError(ctx, faults.plan().errorStatus, "Injected failure", "fault injection");
            case RATE_LIMIT -> {
                HttpServerResponse response = ctx.response();
                Integer retryAfter = faults.plan().retryAfterSeconds;
                if (retryAfter != null) {
                    response.putHeader("Retry-After", String.valueOf(retryAfter));
                    rateLimitHeaders(response);
                }
                sendError(ctx, 429, "Rate limit exceeded", "fault injection");
            }
            case RESET -> resetConnection(ctx);
            case ERROR_AFTER_COMMIT -> {
                ctx.put(AFTER_COMMIT, Boolean.TRUE);
                ctx.next();
            }
            default -> ctx.next();
        }
    }

    /** Drops the connection with a TCP reset, as a crashed proxy or a killed server would. */
    protected void resetConnection(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        try {
            Channel channel = ((ConnectionBase) connection).channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        } catch (RuntimeException e) {
            connection.close();
        }
    }

    private void handleFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof BadRequestException bad) {
            sendError(ctx, bad.status(), bad.getMessage(), null);
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            sendError(ctx, status, status == 413 ? "Request entity too large" : "Request failed", null);
        } else {
            log.warn("{} emulator failed on {} {}: {}", name, ctx.request().method(), ctx.request().path(), failure.toString());
            sendError(ctx, 500, "Internal server error", failure.getClass().getSimpleName());
        }
    }
}
