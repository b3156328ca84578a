package io.tradinggrid.bridge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
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
    private final AuditTrail audit;

    public DocumentEnricher(AttachmentPolicy policy, AuditTrail audit) {
        this.policy = policy;
        this.audit = audit;
    }

    /** Body becomes the list of attachments to copy; refused ones are logged and audited. */
    public List<AttachmentPolicy.Accepted> select(Exchange exchange) {
        JsonNode source = exchange.getProperty("attachmentSource", JsonNode.class);
        if (source == null) {
            source = exchange.getProperty("thread", JsonNode.class);
        }
        AttachmentPolicy.Selection selection = policy.select(source == null ? null : source.path("attachments"));
        String threadId = exchange.getProperty("threadId", String.class);
        for (AttachmentPolicy.Refused refused : selection.refused()) {
            LOG.warn("Thread {}: attachment {} ({}) not carried over: {}", threadId, refused.id(), refused.fileName(), refused.reason());
            audit.record("bridge", "attachment.refused", threadId, "attachment:" + refused.id(), refused.reason());
        }
        exchange.setProperty("refusedAttachments", selection.refused());
        return selection.accepted();
    }

    /** Headers of GET {community}/attachments/{id}/content for the attachment in the body. */
    public void download(Exchange exchange) {
        AttachmentPolicy.Accepted attachment = exchange.getMessage().getBody(AttachmentPolicy.Accepted.class);
        exchange.setProperty("attachment", attachment);
        exchange.setProperty("attachmentKey", exchange.getProperty("recordId") + ":" + (attachment.sha256().isEmpty() ? attachment.id() : attachment.sha256()));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/attachments/" + URLEncoder.encode(attachment.id(), StandardCharsets.UTF_8) + "/content");
    }

    /** Headers of the ServiceNow raw upload (POST /api/now/attachment/file) of the downloaded stream. */
    public void serviceNowUpload(Exchange exchange) {
        AttachmentPolicy.Accepted attachment = exchange.getProperty("attachment", AttachmentPolicy.Accepted.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String table = link != null ? link.targetType() : exchange.getProperty("targetType", String.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/attachment/file");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "table_name=" + enc(table)
                + "&table_sys_id=" + enc(exchange.getProperty("recordId", String.class))
                + "&file_name=" + enc(attachment.safeFileName()));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, attachment.mimeType());
    }

    /** Multipart body for the Workflow Service task attachment upload; the file part streams the download. */
    public HttpEntity workflowUpload(Exchange exchange) {
        AttachmentPolicy.Accepted attachment = exchange.getProperty("attachment", AttachmentPolicy.Accepted.class);
        InputStream content = exchange.getMessage().getBody(InputStream.class);
        ContentType type = ContentType.create(attachment.mimeType());
        HttpEntity entity = MultipartEntityBuilder.create()
                .addTextBody("name", attachment.safeFileName(), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addTextBody("description", COPIED_FROM_THREAD + " " + exchange.getProperty("threadId"),
                        ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addPart("file", new InputStreamBody(content, type, attachment.safeFileName()))
                .build();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, entity.getContentType());
        return entity;
    }

    /** Picks the open task to attach Workflow documents to; false when the process has none. */
    public boolean openTask(Exchange exchange) {
        JsonNode tasks = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("tasks");
        if (tasks.isArray() && !tasks.isEmpty()) {
            exchange.setProperty("documentTaskId", tasks.get(0).path("id").asText());
            return true;
        }
        return false;
    }

    public void uploaded(Exchange exchange) {
        AttachmentPolicy.Accepted attachment = exchange.getProperty("attachment", AttachmentPolicy.Accepted.class);
        audit.record("bridge", "attachment.copied", exchange.getProperty("threadId", String.class),
                exchange.getProperty("targetSystem") + ":" + exchange.getProperty("recordId"), attachment.safeFileName() + " sha256=" + attachment.sha256());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
