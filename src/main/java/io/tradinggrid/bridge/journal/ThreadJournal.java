package io.tradinggrid.bridge.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.SecretMasker;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.intake.IncomingThread;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.routing.Decision;
import io.tradinggrid.bridge.routing.RoutingExplanation;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.ExchangeProperty;

/**
 * Writes the steps of a thread's journey that no other bean tells the audit trail about: each version taken in (and
 * the thread's partner and business references, so the console can find it), and where the rules sent it and why.
 * Together with the events of the other beans (record linked, files, status and posts published, dead letters) they
 * are the thread's timeline.
 */
public class ThreadJournal {

    private static final int TEXT = 100;

    private final DataSource dataSource;
    private final AuditTrail audit;
    private final Function<JsonNode, RoutingExplanation> explain;

    /**
     * @param explain why the rules in force send a thread where they do (ThreadRouting::explain)
     */
    public ThreadJournal(DataSource dataSource, AuditTrail audit, Function<JsonNode, RoutingExplanation> explain) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.explain = explain;
    }

    /** A new version of the thread was taken in (not a duplicate, not the bridge's own). */
    public void takenIn(@ExchangeProperty(ExchangeKeys.INCOMING) IncomingThread incoming) {
        JsonNode thread = incoming.json();
        JsonNode refs = thread.path("references");
        remember(incoming, thread, refs);
        audit.recordFacts("bridge", "thread.taken-in", incoming.id(), null, AuditTrail.facts("version", incoming.version(),
                "community", incoming.communityId(), "status", incoming.status(), "category", thread.path("category").asText(null),
                "partner", text(thread.path("partner").path("companyName"))));
    }

    /** The rules decided where a new thread goes: the rule, what in the thread made it hold, the target and team. */
    public void routed(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.DECISION) Decision decision,
            @ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread) {
        // a decision made without its explanation (a replay's, say) is explained again under the rules in force
        RoutingExplanation why = decision.why() != null ? decision.why() : explain.apply(thread);
        boolean same = why.decidedBy().equals(decision.classification().ruleId());
        List<String> runnersUp = why.runnersUp().stream().map(c -> c.ruleId() + " (" + c.key() + ")").toList();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE thread_seen SET exception_type = ?, target_system = ?, team = ? WHERE thread_id = ?")) {
            ps.setString(1, decision.classification().key());
            ps.setString(2, decision.target().system());
            ps.setString(3, cut(decision.target().team(), 200));
            ps.setString(4, threadId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not note where thread " + threadId + " goes", e);
        }
        audit.recordFacts("bridge", "thread.routed", threadId, null, AuditTrail.facts(
                "type", decision.classification().key(),
                "rule", decision.classification().ruleId(),
                "why", same ? why.because() : List.of(),
                "system", decision.target().system(),
                "target", decision.target().type(),
                "team", decision.target().team(),
                "confidence", why.words().isEmpty() ? null : Math.round(why.confidence() * 100) / 100.0,
                "likely", decision.classification().likely(),
                "runnersUp", runnersUp));
    }

    /** The partner was shown the new record: its reference and status note on the thread, the thread IN_PROGRESS. */
    public void recordShown(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.STATUS_NOTE) String note) {
        audit.recordFacts("bridge", "status.published", link.threadId(), link.ref(), AuditTrail.facts("status", "IN_PROGRESS", "note", note,
                "system", link.targetSystem(), "recordState", "opened"));
    }

    /** A step of the journey failed and is about to be tried again. */
    public void retrying(@ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, int attempt, Throwable failure, String routeId) {
        if (threadId == null) {
            return;
        }
        audit.recordFacts("bridge", "retry", threadId, null, AuditTrail.facts("attempt", attempt, "route", routeId,
                "failure", failure == null ? null : failure.getClass().getSimpleName() + ": " + SecretMasker.mask(shorten(failure.getMessage()))));
    }

    private void remember(IncomingThread incoming, JsonNode thread, JsonNode refs) {
        Timestamp now = Timestamp.from(Instant.now());
        String update = "UPDATE thread_seen SET community_id = ?, partner_id = ?, partner_name = ?, title = ?, purchase_order = ?, invoice = ?, "
                + "claim = ?, shipment = ?, ship_notice = ?, version = ?, last_seen_at = ? WHERE thread_id = ?";
        String insert = "INSERT INTO thread_seen (community_id, partner_id, partner_name, title, purchase_order, invoice, claim, shipment, "
                + "ship_notice, version, last_seen_at, thread_id, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Object[] values = {cut(incoming.communityId(), TEXT), cut(incoming.partnerId(), TEXT), text(thread.path("partner").path("companyName")),
                cut(text(thread.path("title")), 500), text(refs.path("purchaseOrder")), text(refs.path("invoice")), text(refs.path("claim")),
                text(refs.path("shipment")), text(refs.path("advanceShipNotice")), incoming.version(), now, incoming.id()};
        try (Connection c = dataSource.getConnection()) {
            if (write(c, update, values, null) == 0) {
                try {
                    write(c, insert, values, now);
                } catch (SQLException raced) {
                    // another node took in a version of the same thread at the same moment: its row is there now
                    write(c, update, values, null);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not remember thread " + incoming.id(), e);
        }
    }

    private static int write(Connection c, String sql, Object[] values, Timestamp firstSeen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            if (firstSeen != null) {
                ps.setTimestamp(values.length + 1, firstSeen);
            }
            return ps.executeUpdate();
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : cut(node.asText(), TEXT);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String shorten(String message) {
        return message == null ? "" : cut(message.replaceAll("\\s+", " "), 300);
    }
}
