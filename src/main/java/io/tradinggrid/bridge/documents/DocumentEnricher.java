package io.tradinggrid.bridge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.StreamCache;
import org.apache.hc.client5.http.entity.mime.InputStreamBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the copy of a thread's files to its record. Files are fetched from the community by attachment id, at the
 * configured community base URL only (a URL a partner wrote is never followed), and passed on as a stream: Camel's
 * stream cache spools large ones to disk instead of holding them in memory.
 */
public class DocumentEnricher {

    /** Start of the description of every file the bridge attaches to a Workflow task. */
    public static final String COPIED_FROM_THREAD = "From the partner's community thread";
    private static final Logger LOG = LoggerFactory.getLogger(DocumentEnricher.class);

    private final AttachmentPolicy policy;
    private final AttachmentBytesCheck bytesCheck;
    private final AuditTrail audit;

    public DocumentEnricher(AttachmentPolicy policy, AttachmentBytesCheck bytesCheck, AuditTrail audit) {
        this.policy = policy;
        this.bytesCheck = bytesCheck;
        this.audit = audit;
    }

    /** The thread's attachments the policy lets through; refused ones are logged and audited. */
    public List<AttachmentPolicy.Accepted> select(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        AttachmentPolicy.Selection selection = policy.select(thread == null ? null : thread.path("attachments"));
        for (AttachmentPolicy.Refused refused : selection.refused()) {
            LOG.warn("Thread {}: attachment {} ({}) not carried over: {}", threadId, refused.id(), refused.fileName(), refused.reason());
            audit.record("bridge", "attachment.refused", threadId, "attachment:" + refused.id(), refused.reason());
        }
        return selection.accepted();
    }

    /**
     * Checks the downloaded bytes (size, sniffed type, sha256) before anything is uploaded; a refused file is logged
     * and audited like one the metadata already ruled out, and the thread's other files go on. The download is read
     * at most one byte past the limit, then rewound for the upload.
     */
    public AttachmentBytesCheck.Verdict verify(@ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @Body Object content) throws IOException {
        AttachmentBytesCheck.Verdict verdict;
        if (content instanceof byte[] bytes) {
            verdict = bytesCheck.check(attachment, new ByteArrayInputStream(bytes));
        } else if (content instanceof InputStream stream) {
            verdict = bytesCheck.check(attachment, stream);
            if (content instanceof StreamCache cache) {
                cache.reset();
            }
        } else {
            verdict = new AttachmentBytesCheck.Verdict(attachment, "the download has no content");
        }
        if (!verdict.accepted()) {
            LOG.warn("Thread {}: attachment {} ({}) not carried over: {}", threadId, attachment.id(), attachment.safeFileName(), verdict.refusal());
            audit.record("bridge", "attachment.refused", threadId, "attachment:" + attachment.id(), verdict.refusal());
        }
        return verdict;
    }

    /** The query of the ServiceNow raw upload (POST /api/now/attachment/file) of a file to the linked record. */
    public String serviceNowUploadQuery(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment) {
        return "table_name=" + enc(link.targetType()) + "&table_sys_id=" + enc(link.recordId()) + "&file_name=" + enc(attachment.safeFileName());
    }

    /** Multipart body for the Workflow Service task attachment upload; the file part streams the download. */
    public HttpEntity workflowUpload(@ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @Body InputStream content) {
        ContentType type = ContentType.create(attachment.mimeType());
        return MultipartEntityBuilder.create()
                .addTextBody("name", attachment.safeFileName(), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addTextBody("description", COPIED_FROM_THREAD + " " + threadId, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addPart("file", new InputStreamBody(content, type, attachment.safeFileName()))
                .build();
    }

    /** The open task of the process to attach Workflow documents to, or null when it has none. */
    public String openTask(@Body JsonNode tasks) {
        JsonNode list = tasks.path("_embedded").path("tasks");
        return list.isArray() && !list.isEmpty() ? list.get(0).path("id").asText(null) : null;
    }

    public void uploaded(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment) {
        audit.record("bridge", "attachment.copied", link.threadId(), link.targetSystem() + ":" + link.recordId(),
                attachment.safeFileName() + " sha256=" + attachment.sha256());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
