package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.Origin;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.documents.AttachmentPolicy;
import io.tradinggrid.bridge.documents.DocumentEnricher;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.hc.client5.http.entity.mime.InputStreamBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Files for the partner (S7): a file attached to a linked ServiceNow record, or to an open task of a linked Workflow
 * process, whose name starts with the configured prefix (default "partner_", e.g. partner_proof_of_delivery.pdf) is
 * uploaded to the thread, once, without the prefix, with a post that shows it. Files the bridge itself attached
 * (copied from the community) are never sent back.
 */
public class PartnerFiles {

    private final String prefix;
    private final String integrationUser;
    private final StatusPublisher publisher;
    private final AuditTrail audit;

    public PartnerFiles(String prefix, String integrationUser, StatusPublisher publisher, AuditTrail audit) {
        this.prefix = prefix;
        this.integrationUser = integrationUser;
        this.publisher = publisher;
        this.audit = audit;
    }

    // ---- ServiceNow: record attachments named for the partner ----

    /** The query of GET /api/now/attachment: the record's files named for the partner, not attached by the bridge. */
    public String serviceNowQuery(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        String query = "table_sys_id=" + link.recordId() + "^file_nameSTARTSWITH" + prefix + "^sys_created_by!=" + integrationUser;
        return "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    /** The files of the answer meant for the partner (checked again: the query is ServiceNow's to honour). */
    public List<PartnerFile> serviceNowFiles(@Body JsonNode answer) {
        List<PartnerFile> files = new ArrayList<>();
        for (JsonNode file : answer.path("result")) {
            String name = file.path("file_name").asText();
            String id = file.path("sys_id").asText();
            if (name.startsWith(prefix) && !integrationUser.equals(file.path("sys_created_by").asText())) {
                files.add(new PartnerFile("servicenow", id, null, partnerName(name, id), file.path("content_type").asText("application/octet-stream")));
            }
        }
        return files;
    }

    // ---- Workflow Service: task attachments named for the partner ----

    /** The ids of the tasks of a task list, or of the user tasks of an activity history (open and completed ones). */
    public List<String> taskIds(@Body JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("_embedded").path("tasks").forEach(t -> ids.add(t.path("id").asText()));
        answer.path("_embedded").path("activity-instances").forEach(a -> {
            if (!a.path("taskId").asText("").isEmpty()) {
                ids.add(a.path("taskId").asText());
            }
        });
        return ids;
    }

    /** The task's files meant for the partner. */
    public List<PartnerFile> workflowFiles(@Body JsonNode answer, @ExchangeProperty(ExchangeKeys.FILE_TASK_ID) String taskId) {
        List<PartnerFile> files = new ArrayList<>();
        for (JsonNode attachment : answer.path("_embedded").path("attachments")) {
            String name = attachment.path("name").asText();
            String id = attachment.path("id").asText();
            // files the bridge copied from the thread carry its description: never send them back
            boolean copiedByBridge = attachment.path("description").asText().startsWith(DocumentEnricher.COPIED_FROM_THREAD);
            if (name.startsWith(prefix) && !copiedByBridge) {
                files.add(new PartnerFile("workflow", id, taskId, partnerName(name, id), attachment.path("type").asText("application/octet-stream")));
            }
        }
        return files;
    }

    // ---- to the thread ----

    /** Multipart upload of the downloaded stream to the thread (contract: POST /threads/{id}/attachments). */
    public HttpEntity upload(@Body InputStream content, @ExchangeProperty(ExchangeKeys.PARTNER_FILE) PartnerFile file,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        return MultipartEntityBuilder.create()
                .addPart("file", new InputStreamBody(content, ContentType.create(file.contentType()), file.name()))
                .addTextBody("documentCategory", category(file.name()))
                .addTextBody("origin", "{\"system\":\"" + Origin.SYSTEM + "\",\"ref\":\"" + link.originRef() + "\"}",
                        ContentType.APPLICATION_JSON)
                .build();
    }

    /** A post that shows the uploaded file to the partner. */
    public Map<String, Object> announce(@Body JsonNode uploaded, @ExchangeProperty(ExchangeKeys.PARTNER_FILE) PartnerFile file,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link) {
        audit.recordFacts("bridge", "file.published", link.threadId(), link.ref(), AuditTrail.facts("file", file.name(), "system", link.targetSystem()));
        Map<String, Object> post = new LinkedHashMap<>(publisher.post(link, publisher.teamLabel(link) + " shared a document with you: " + file.name()));
        post.put("attachmentIds", List.of(uploaded.path("id").asText()));
        return post;
    }

    /** The name the partner sees: without the prefix, safe as a file name. */
    String partnerName(String fileName, String id) {
        return AttachmentPolicy.safeFileName(fileName.substring(prefix.length()), id);
    }

    static String category(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("delivery") || lower.contains("pod")) {
            return "PROOF_OF_DELIVERY";
        }
        return lower.contains("schedule") ? "REVISED_SCHEDULE" : "OTHER";
    }
}
