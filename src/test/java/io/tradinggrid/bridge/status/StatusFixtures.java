package io.tradinggrid.bridge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.routing.RoutingTable;
import io.tradinggrid.bridge.routing.ThreadRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shipped rules and a few links, for the status beans' unit tests (no store, no CamelContext). */
final class StatusFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusFixtures() {
    }

    static StatusMaps maps() {
        try {
            return StatusMaps.load(Path.of("config/status-maps.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A publisher that decides and builds; its store (links, audit) is never reached by those methods. */
    static StatusPublisher publisher() {
        try {
            ThreadRouting routing = new ThreadRouting(null, RoutingTable.load(Path.of("config/routing-table.yaml")));
            return new StatusPublisher(null, null, routing, new PartnerNotices(Origin.SYSTEM, "Received: {reference} opened with {team}."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ThreadLink incident(String lastSyncedHash) {
        return new ThreadLink(7, "partners", "THR-000001", "transaction-failure", "servicenow", "incident",
                "0123456789abcdef0123456789abcdef", "INC0010023", "opened", lastSyncedHash, null);
    }

    static ThreadLink process(String processKey, String exceptionType) {
        return new ThreadLink(8, "partners", "THR-000002", exceptionType, "workflow", processKey,
                "5f1c2d3e-0000-4000-8000-000000000001", "WF-5F1C2D3E", "opened", null, null);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StatusMaps.View view(String status, String text) {
        StatusMaps.View view = new StatusMaps.View();
        view.status = status;
        view.text = text;
        return view;
    }
}
