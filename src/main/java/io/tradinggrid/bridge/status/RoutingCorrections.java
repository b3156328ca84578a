package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.classification.Classification;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notes when an operator routed a linked record elsewhere than the bridge did: a ServiceNow record whose assignment
 * group, or a Workflow process whose ownerGroup, is no longer the team the routing table gave its type. These corrections are what `rules suggest` learns
 * from; they change nothing by themselves.
 */
public class RoutingCorrections {

    /**
     * One operator's correction: the thread, what the bridge decided, the team the operator chose and, when they changed
     * the record's exception type, that type (else null).
     */
    public record Correction(String threadId, String recordRef, String fromKey, String fromTeam, String toTeam, String toKey, Instant correctedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RoutingCorrections.class);

    private final DataSource dataSource;
    private final ThreadRouting routing;
    private final ServiceNowReferences references;
    private final AuditTrail audit;

    public RoutingCorrections(DataSource dataSource, ThreadRouting routing, ServiceNowReferences references, AuditTrail audit) {
        this.dataSource = dataSource;
        this.routing = routing;
        this.references = references;
        this.audit = audit;
    }

    /** A linked ServiceNow record as the status walk read it: notes a correction when its group is not the bridge's. */
    public void serviceNowSeen(@Body JsonNode record, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        JsonNode group = record.path("assignment_group");
        String groupId = group.isObject() ? group.path("value").asText("") : group.asText("");
        if (groupId.isBlank() || link.exceptionType() == null) {
            return;
        }
        String bridgeTeam = routing.target(Classification.of(link.exceptionType(), "link", List.of())).team();
        try {
            // an operator who recategorised the record gave it another exception type
            String typed = routing.table().keyOfCategory(link.targetSystem() + ":" + link.targetType(), text(record.path("category")),
                    text(record.path("subcategory")));
            boolean sameGroup = groupId.equals(references.groupId(bridgeTeam));
            if (typed != null && !typed.equals(link.exceptionType())) {
                note(link, bridgeTeam, sameGroup ? teamOf(typed) : references.groupName(groupId), typed);
                return;
            }
            if (sameGroup) {
                return;
            }
            note(link, bridgeTeam, references.groupName(groupId), null);
        } catch (RuntimeException e) {
            // learning is a side matter: the partner's status must not wait for it
            LOG.warn("Thread {}: could not check the assignment group of {} for a routing correction: {}", link.threadId(),
                    link.recordNumber(), e.getMessage());
        }
    }

    /**
     * A linked Workflow process as the status poll read it: notes a correction when an operator re-routed it, i.e. its
     * ownerGroup variable is no longer the team the routing table gave its type.
     */
    public void workflowSeen(@ExchangeProperty(ExchangeKeys.WORKFLOW_PROCESS) JsonNode process, @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        if (process == null || link == null || link.exceptionType() == null) {
            return;
        }
        String owner = null;
        String caseType = null;
        for (JsonNode variable : process.path("variables")) {
            if ("ownerGroup".equals(variable.path("name").asText())) {
                owner = variable.path("value").asText(null);
            }
            if ("caseType".equals(variable.path("name").asText())) {
                caseType = variable.path("value").asText(null);
            }
        }
        String bridgeTeam = routing.target(Classification.of(link.exceptionType(), "link", List.of())).team();
        // the caseType variable is the exception type the bridge gave the process; an operator who re-typed the case set another
        String typed = caseType != null && !caseType.equals(link.exceptionType()) && routing.table().knows(caseType) ? caseType : null;
        boolean otherOwner = owner != null && !owner.isBlank() && !owner.equals(bridgeTeam);
        if (typed != null || otherOwner) {
            note(link, bridgeTeam, otherOwner ? owner : teamOf(typed), typed);
        }
    }

    /** A correction with its thread as the community has it now, for `rules suggest` beside a running bridge. */
    public Map<String, Object> withThread(@ExchangeProperty("correction") Correction correction, @Body JsonNode thread) {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("threadId", correction.threadId());
        both.put("fromKey", correction.fromKey());
        both.put("fromTeam", correction.fromTeam());
        both.put("toTeam", correction.toTeam());
        both.put("toKey", correction.toKey());
        both.put("thread", thread);
        return both;
    }

    /** Every correction noted, oldest first. */
    public List<Correction> all() {
        List<Correction> corrections = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT thread_id, record_ref, from_key, from_team, to_team, to_key, corrected_at FROM routing_correction "
                        + "ORDER BY corrected_at, thread_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                corrections.add(new Correction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read routing corrections", e);
        }
        return corrections;
    }

    private String teamOf(String key) {
        return routing.target(Classification.of(key, "operator", List.of())).team();
    }

    private static String text(JsonNode field) {
        JsonNode value = field.isObject() ? field.path("value") : field;
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private void note(ThreadLink link, String fromTeam, String toTeam, String toKey) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement same = c.prepareStatement("SELECT to_team, to_key FROM routing_correction WHERE thread_id = ?")) {
                same.setString(1, link.threadId());
                try (ResultSet rs = same.executeQuery()) {
                    if (rs.next() && toTeam.equals(rs.getString(1)) && Objects.equals(toKey, rs.getString(2))) {
                        return;
                    }
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM routing_correction WHERE thread_id = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO routing_correction (thread_id, record_ref, from_key, from_team, "
                            + "to_team, to_key, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, link.threadId());
                delete.executeUpdate();
                insert.setString(1, link.threadId());
                insert.setString(2, link.ref());
                insert.setString(3, link.exceptionType());
                insert.setString(4, fromTeam);
                insert.setString(5, toTeam);
                insert.setString(6, toKey);
                insert.setTimestamp(7, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not note the routing correction of " + link.threadId(), e);
        }
        audit.recordFacts("operator", "routing.corrected", link.threadId(), link.ref(), AuditTrail.facts("from", link.exceptionType(),
                "fromTeam", fromTeam, "to", toKey, "toTeam", toTeam));
    }
}
