package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A partner's post on a linked thread, as it is carried to the record.
 *
 * @param threadId the thread it was posted on
 * @param id       the post's id
 * @param kind     MESSAGE, CLARIFICATION, DOCUMENT_REQUEST...
 * @param json     the post as the community lists it
 */
public record PartnerPost(String threadId, String id, String kind, JsonNode json) {

    /** The key that carries the post once (linked-thread idempotent repository). */
    public String key() {
        return threadId + ":post:" + id;
    }

    /** What the post carries into the record, so the record can be checked for it before a write. */
    public String marker() {
        return LinkedThreadUpdates.marker(id);
    }
}
