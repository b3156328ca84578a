package io.tradinggrid.bridge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.WriteAttempts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Uploads a file to its record exactly once, even when an upload committed and its answer was lost (a timeout, a 5xx
 * after commit, kill -9). The attempt is noted in the store before the upload; an attempt that finds an earlier one
 * first lists the record's files and uploads only when the same file (name and size) is not there. The idempotent
 * consumer around the copy covers the rest: a copy that landed and was confirmed is never tried again.
 */
public class AttachmentUploads {

    private final WriteAttempts attempts;

    public AttachmentUploads(WriteAttempts attempts) {
        this.attempts = attempts;
    }

    /** The write-ahead key of the upload: one per record and content, as the copy's idempotency key. */
    public String key(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment) {
        return "upload:" + link.targetSystem() + ":" + link.recordId() + ":" + attachment.contentKey();
    }

    /** Notes this attempt; returns when an earlier attempt began, or null when this is the first. */
    public Instant attempted(@ExchangeProperty(ExchangeKeys.UPLOAD_KEY) String key) {
        return attempts.attempted(key);
    }

    /**
     * The query that lists a ServiceNow record's files. The file name is compared here rather than in the encoded query:
     * a partner's file name may hold the query's own operators (^, =).
     */
    public String serviceNowListQuery(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        return "sysparm_query=" + URLEncoder.encode("table_sys_id=" + link.recordId(), StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,file_name,size_bytes&sysparm_limit=1000";
    }

    /** Whether a ServiceNow attachment list (GET /api/now/attachment) holds this file already. */
    public boolean onServiceNowRecord(@Body JsonNode list, @ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment) {
        for (JsonNode file : list.path("result")) {
            if (attachment.safeFileName().equals(file.path("file_name").asText())
                    && String.valueOf(attachment.size()).equals(file.path("size_bytes").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Workflow task's attachment list (GET /tasks/{id}/attachments) holds this file already. */
    public boolean onWorkflowTask(@Body JsonNode list, @ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment) {
        for (JsonNode file : list.path("_embedded").path("attachments")) {
            if (attachment.safeFileName().equals(file.path("name").asText()) && file.path("size").asLong(-1) == attachment.size()) {
                return true;
            }
        }
        return false;
    }

    /** The upload landed, or was found on the record: its note goes. */
    public void settled(@ExchangeProperty(ExchangeKeys.UPLOAD_KEY) String key) {
        attempts.settled(key);
    }
}
