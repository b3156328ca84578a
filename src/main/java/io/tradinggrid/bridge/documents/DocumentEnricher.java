package io.tradinggrid.bridge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.text.PartnerInput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AttachmentPolicy policy;
    private final AttachmentBytesCheck bytesCheck;
    private final AuditTrail audit;
    private final PartnerNotices notices;

    public DocumentEnricher(AttachmentPolicy policy, AttachmentBytesCheck bytesCheck, AuditTrail audit, PartnerNotices notices) {
        this.policy = policy;
        this.bytesCheck = bytesCheck;
        this.audit = audit;
        this.notices = notices;
    }

    /**
     * The thread's attachments the policy lets through, each as the message its own copy starts from (and a dead
     * letter of it is replayed with): the thread id and the file's metadata. Refused ones are logged and audited.
     */
    public List<String> select(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        AttachmentPolicy.Selection selection = policy.select(thread == null ? null : thread.path("attachments"));
        for (AttachmentPolicy.Refused refused : selection.refused()) {
            LOG.warn("Thread {}: attachment {} ({}) not carried over: {}", threadId, refused.id(), refused.fileName(), refused.reason());
            audit.record("bridge", "attachment.refused", threadId, "attachment:" + refused.id(), refused.reason());
        }
        return selection.accepted().stream().map(accepted -> work(threadId, accepted)).toList();
    }

    private static String work(String threadId, AttachmentPolicy.Accepted accepted) {
        ObjectNode work = MAPPER.createObjectNode().put("threadId", threadId);
        work.putObject("attachment").put("id", accepted.id()).put("fileName", accepted.safeFileName())
                .put("mimeType", accepted.mimeType()).put("size", accepted.size()).put("sha256", accepted.sha256());
        return work.toString();
    }

    /** The thread of a file's copy (the message {@link #select} made). */
    public String threadOf(@Body String work) throws IOException {
        return MAPPER.readTree(work).path("threadId").asText(null);
    }

    /**
     * The file of a file's copy. The message may come back from the dead-letter store, maybe edited: the policy
     * decides on it again, as it did on the thread's metadata.
     */
    public AttachmentPolicy.Accepted attachmentOf(@Body String work) throws IOException {
        AttachmentPolicy.Selection selection = policy.select(MAPPER.createArrayNode().add(MAPPER.readTree(work).path("attachment")));
        if (selection.accepted().isEmpty()) {
            throw new IllegalArgumentException("the attachment of this copy is not allowed: "
                    + selection.refused().stream().map(AttachmentPolicy.Refused::reason).findFirst().orElse("no attachment"));
        }
        return selection.accepted().get(0);
    }

    /**
     * Why a file was not copied, as the record and the partner may read it: what the failure was, never what the
     * other system answered in detail.
     */
    public String notCopiedReason(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure,
            @ExchangeProperty(ExchangeKeys.FAILED_TARGET) String system) {
        HttpOperationFailedException http = failure instanceof HttpOperationFailedException h ? h
                : failure != null && failure.getCause() instanceof HttpOperationFailedException h2 ? h2 : null;
        if (http == null) {
            return "it could not be read or uploaded";
        }
        int status = http.getStatusCode();
        if ("community".equals(system)) {
            return status == 404 || status == 410 ? "it is no longer in the thread" : "the community did not give its content (HTTP " + status + ")";
        }
        return switch (status) {
            case 413 -> "it is too large for the record (HTTP 413)";
            case 403 -> "the record does not accept it (HTTP 403)";
            default -> "the record refused it (HTTP " + status + ")";
        };
    }

    /** The body of the PATCH that adds a work note (internal) to the ServiceNow record: which file is missing, and why. */
    public Map<String, Object> serviceNowNote(@ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.NOT_COPIED_REASON) String reason) {
        return Map.of("work_notes", notCopiedNote(attachment, threadId, reason));
    }

    /** The body of POST /process-instances/{id}/comments: which file is missing, and why. */
    public Map<String, Object> workflowNote(@ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment,
            @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId, @ExchangeProperty(ExchangeKeys.NOT_COPIED_REASON) String reason) {
        return Map.of("message", notCopiedNote(attachment, threadId, reason));
    }

    private static String notCopiedNote(AttachmentPolicy.Accepted attachment, String threadId, String reason) {
        return "File " + attachment.safeFileName() + " (attachment " + attachment.id() + ") of community thread " + threadId
                + " could not be copied to this record: " + reason + ". The partner was told.";
    }

    /** The post that tells the partner, once, which file was not copied: plain text, marked with the bridge's origin. */
    public Map<String, Object> notCopiedPost(@ExchangeProperty(ExchangeKeys.ATTACHMENT) AttachmentPolicy.Accepted attachment,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.NOT_COPIED_REASON) String reason) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("body", PartnerInput.text("File " + attachment.safeFileName() + " could not be copied to your "
                + PartnerNotices.describe(link) + ": " + reason + ". Please upload it again in this thread if it is still needed."));
        post.put("bodyFormat", "text");
        post.put("origin", notices.origin(link));
        return post;
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
