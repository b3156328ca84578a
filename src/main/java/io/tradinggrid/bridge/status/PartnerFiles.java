package io.tradinggrid.bridge.status;

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
import java.util.Map;
import org.apache.camel.Exchange;
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

    public void listRequest(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String query = "table_sys_id=" + link.recordId() + "^file_nameSTARTSWITH" + prefix + "^sys_created_by!=" + integrationUser;
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/attachment");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    public List<JsonNode> files(Exchange exchange) {
        List<JsonNode> files = new ArrayList<>();
        for (JsonNode file : exchange.getMessage().getBody(JsonNode.class).path("result")) {
            if (file.path("file_name").asText().startsWith(prefix) && !integrationUser.equals(file.path("sys_created_by").asText())) {
                files.add(file);
            }
        }
        return files;
    }

    // ---- Workflow Service: task attachments named for the partner ----

    public void workflowTasksRequest(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/tasks");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "processInstanceId=" + link.recordId() + "&count=100");
    }

    public List<String> workflowTaskIds(Exchange exchange) {
        List<String> ids = new ArrayList<>();
        exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("tasks").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    public void workflowAttachmentsRequest(Exchange exchange) {
        String taskId = exchange.getMessage().getBody(String.class);
        exchange.setProperty("fileTaskId", taskId);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/tasks/" + taskId + "/attachments");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "count=100");
    }

    public List<JsonNode> workflowFiles(Exchange exchange) {
        List<JsonNode> files = new ArrayList<>();
        for (JsonNode attachment : exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("attachments")) {
            // files the bridge copied from the thread carry its description: never send them back
            boolean copiedByBridge = attachment.path("description").asText().startsWith(DocumentEnricher.COPIED_FROM_THREAD);
            if (attachment.path("name").asText().startsWith(prefix) && !copiedByBridge) {
                files.add(attachment);
            }
        }
        return files;
    }

    /** Names a Workflow task attachment like a ServiceNow one, so upload() and announce() serve both. */
    public void workflowDownload(Exchange exchange) {
        JsonNode attachment = exchange.getMessage().getBody(JsonNode.class);
        com.fasterxml.jackson.databind.node.ObjectNode file = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        file.put("sys_id", attachment.path("id").asText());
        file.put("file_name", attachment.path("name").asText());
        file.put("content_type", attachment.path("type").asText("application/octet-stream"));
        exchange.setProperty("partnerFile", file);
        exchange.setProperty("publishKey", "workflow:attachment:" + attachment.path("id").asText());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/tasks/" + exchange.getProperty("fileTaskId") + "/attachments/"
                + attachment.path("id").asText() + "/content");
    }

    /** Names the file (publishKey) and sets the download of its bytes. */
    public void download(Exchange exchange) {
        JsonNode file = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty("partnerFile", file);
        exchange.setProperty("publishKey", "servicenow:attachment:" + file.path("sys_id").asText());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/attachment/" + file.path("sys_id").asText() + "/file");
        exchange.getMessage().setHeader("Accept", "*/*");
    }

    /** Multipart upload of the downloaded stream to the thread (contract: POST /threads/{id}/attachments). */
    public HttpEntity upload(Exchange exchange) {
        JsonNode file = exchange.getProperty("partnerFile", JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String name = AttachmentPolicy.safeFileName(file.path("file_name").asText().substring(prefix.length()), file.path("sys_id").asText());
        exchange.setProperty("partnerFileName", name);
        InputStream content = exchange.getMessage().getBody(InputStream.class);
        String type = file.path("content_type").asText("application/octet-stream");
        HttpEntity entity = MultipartEntityBuilder.create()
                .addPart("file", new InputStreamBody(content, ContentType.create(type), name))
                .addTextBody("documentCategory", name.toLowerCase().contains("delivery") || name.toLowerCase().contains("pod")
                        ? "PROOF_OF_DELIVERY" : name.toLowerCase().contains("schedule") ? "REVISED_SCHEDULE" : "OTHER")
                .addTextBody("origin", "{\"system\":\"" + Origin.SYSTEM + "\",\"ref\":\"" + link.ref() + "\"}",
                        ContentType.APPLICATION_JSON)
                .build();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + link.threadId() + "/attachments");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, entity.getContentType());
        return entity;
    }

    /** A post that shows the uploaded file to the partner. */
    public Map<String, Object> announce(Exchange exchange) {
        JsonNode uploaded = exchange.getMessage().getBody(JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String name = exchange.getProperty("partnerFileName", String.class);
        audit.record("bridge", "file.published", link.threadId(), link.ref(), name);
        Map<String, Object> post = new LinkedHashMap<>(publisher.post(exchange, exchange.getProperty("publishKey", String.class) + ":post",
                publisher.teamLabel(link) + " shared a document with you: " + name));
        post.put("attachmentIds", List.of(uploaded.path("id").asText()));
        return post;
    }
}
