package io.tradinggrid.bridge.intake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A community thread as the bridge takes it in: the thread itself and the facts its journey is named and routed by.
 *
 * @param own           the bridge opened it itself (its origin marker, written by a machine user)
 * @param mayOpenRecord its status allows a new record (a CLOSED thread never opens one)
 */
public record IncomingThread(JsonNode json, String id, String communityId, long version, String partnerId, String status,
        boolean own, boolean mayOpenRecord) {

    /** The idempotency key of this version of the thread. */
    public String intakeKey() {
        return id + ":v" + version;
    }
}
