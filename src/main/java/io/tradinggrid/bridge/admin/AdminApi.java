package io.tradinggrid.bridge.admin;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.link.ThreadLinks;
import io.tradinggrid.bridge.deadletter.DeadLetterReplayer;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.resilience.RetryBudget;
import io.tradinggrid.bridge.resilience.TargetCircuits;
import io.tradinggrid.bridge.rules.RulesReloader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin API does behind each path (routes/admin-api.camel.yaml): the same dead-letter operations as the
 * {@code dlq} commands, the state of circuits and retry budgets, and applying edited rules now. Answers are JSON.
 */
public class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final TargetCircuits circuits;
    private final RetryBudget budget;
    private final RulesReloader reloader;
    private final ThreadLinks links;

    public AdminApi(DeadLetterStore store, DeadLetterReplayer replayer, TargetCircuits circuits, RetryBudget budget, RulesReloader reloader,
            ThreadLinks links) {
        this.links = links;
        this.store = store;
        this.replayer = replayer;
        this.circuits = circuits;
        this.budget = budget;
        this.reloader = reloader;
    }

    /** GET /admin/dead-letters?status=new&amp;route=&amp;target=&amp;error=&amp;since=PT24H&amp;thread=&amp;limit=200 */
    public String list(@Headers Map<String, Object> query) throws IOException {
        List<DeadLetter> rows = store.list(filter(query));
        List<Map<String, Object>> out = rows.stream().map(AdminApi::summary).toList();
        return json(Map.of("count", out.size(), "deadLetters", out));
    }

    /** GET /admin/dead-letters/{id} */
    public String show(@Header("id") String id) throws IOException {
        DeadLetter d = find(id);
        Map<String, Object> view = summary(d);
        view.put("endpoint", d.endpoint());
        view.put("exceptionClass", d.exceptionClass());
        view.put("messageKey", d.messageKey());
        view.put("firstFailedAt", d.firstFailedAt());
        view.put("changedBy", d.changedBy());
        view.put("changedAt", d.changedAt());
        view.put("changeReason", d.changeReason());
        view.put("replayUri", d.replayUri());
        view.put("headers", MAPPER.readTree(d.headers() == null ? "{}" : d.headers()));
        view.put("message", d.body());
        return json(view);
    }

    /** POST /admin/dead-letters/{id}/replay?dryRun=&amp;force= with an optional corrected message as the body */
    public String replay(@Header("id") String id, @Headers Map<String, Object> query, @Body String corrected,
            @ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        DeadLetterReplayer.Result result = replayer.replay(find(id).id(), operator, flag(query, "dryRun"),
                corrected == null || corrected.isBlank() ? null : corrected, flag(query, "force"));
        if (result.outcome() == DeadLetterReplayer.Outcome.REFUSED) {
            throw new ReplayRefused(result.detail());
        }
        return json(result(result));
    }

    /** POST /admin/dead-letters/replay?status=&amp;route=&amp;...&amp;dryRun= : every entry the filters select */
    public String replayAll(@Headers Map<String, Object> query, @ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        List<DeadLetter> selected = store.list(filter(query));
        Map<DeadLetterReplayer.Outcome, Integer> counts = new EnumMap<>(DeadLetterReplayer.Outcome.class);
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            DeadLetterReplayer.Result r = replayer.replay(selected.get(i).id(), operator, flag(query, "dryRun"), null, flag(query, "force"));
            counts.merge(r.outcome(), 1, Integer::sum);
            results.add(result(r));
            LOG.info("Admin API replay by {} [{}/{}] {}", operator, i + 1, selected.size(), r);
        }
        return json(Map.of("selected", selected.size(), "outcomes", counts, "results", results));
    }

    /** POST /admin/dead-letters/{id}/discard with {"reason": "..."} */
    public String discard(@Header("id") String id, @Body String body, @ExchangeProperty(ExchangeKeys.OPERATOR) String operator)
            throws IOException {
        long entry = find(id).id();
        JsonNode json;
        try {
            json = MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON such as {\"reason\": \"duplicate of INC0010007\"}");
        }
        String reason = json.path("reason").asText("").trim();
        if (reason.isEmpty()) {
            throw new IllegalArgumentException("a reason is required, e.g. {\"reason\": \"duplicate of INC0010007\"}");
        }
        store.mark(entry, "discarded", operator, reason);
        return json(Map.of("id", entry, "status", "discarded", "reason", reason));
    }

    /** GET /admin/circuits : state of each system's circuit, retry budgets left, waiting work per system */
    public String circuits() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("circuits", circuits.states());
        out.put("retryBudgets", budget.remaining());
        out.put("waiting", store.countWaitingByTarget());
        return json(out);
    }

    /** POST /admin/rules/reload : look at config/ and routes/ now instead of at the next scheduled check */
    public String reloadRules(@ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        return json(Map.of("outcome", reloader.check(operator)));
    }

    /** GET /admin/threads/recent?limit=200 : ids of the threads taken in last, newest first (the route reads each) */
    /** A thread id from the URL, before it goes into a community API path. */
    public String threadId(@Header("threadId") String threadId) {
        if (threadId == null || !threadId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("not a thread id: letters, digits, - and _ only (e.g. THR-000123)");
        }
        return threadId;
    }

    public List<String> recentThreadIds(@Header("limit") String limit) {
        int n;
        try {
            n = limit == null ? 200 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number, got: " + limit);
        }
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, got: " + n);
        }
        return links.recentThreadIds(n);
    }

    /** POST /admin/rules/revert?routes=false : the previously applied rule (or route) files back, applied at once */
    public String revertRules(@Headers Map<String, Object> query, @ExchangeProperty(ExchangeKeys.OPERATOR) String operator) throws IOException {
        boolean routes = flag(query, "routes");
        String restored = reloader.revert(routes, operator);
        return json(Map.of("restored", routes ? "routes" : "rules", "hash", restored, "outcome", reloader.check(operator)));
    }

    private DeadLetter find(String raw) {
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dead letter id must be a number, got: " + raw);
        }
        return store.find(id).orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
    }

    private static DeadLetterStore.Filter filter(Map<String, Object> query) {
        String status = text(query, "status", "new");
        int limit;
        try {
            limit = Integer.parseInt(text(query, "limit", "200"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number, got: " + query.get("limit"));
        }
        return new DeadLetterStore.Filter("any".equals(status) ? null : status, text(query, "route", null), text(query, "error", null),
                DeadLetterStore.parseSince(text(query, "since", null)), text(query, "thread", null), text(query, "target", null), limit);
    }

    /** A query parameter; an empty one (a form's unfilled field, ?route=) is no filter, not a filter on "". */
    private static String text(Map<String, Object> query, String name, String fallback) {
        Object value = query.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static boolean flag(Map<String, Object> query, String name) {
        return "true".equalsIgnoreCase(text(query, name, "false"));
    }

    private static Map<String, Object> summary(DeadLetter d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", d.id());
        row.put("status", d.status());
        row.put("route", d.routeId());
        row.put("target", d.targetSystem());
        row.put("thread", d.threadId());
        row.put("attempts", d.attempts());
        row.put("lastFailedAt", d.lastFailedAt());
        row.put("reason", d.listedReason());
        return row;
    }

    private static Map<String, Object> result(DeadLetterReplayer.Result r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.id());
        row.put("outcome", r.outcome());
        row.put("detail", r.detail());
        return row;
    }

    private static String json(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    /** The entry names an endpoint that is not one of the bridge's entry routes: nothing was sent, the refusal is audited. */
    public static class ReplayRefused extends RuntimeException {
        public ReplayRefused(String message) {
            super(message);
        }
    }
}
