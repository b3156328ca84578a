package io.tradinggrid.bridge.link;

import io.tradinggrid.bridge.routing.ThreadReferences;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.text.PlainText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * New activity on a thread that already has a record (S3, S7): partner posts become customer-visible comments on
 * the ServiceNow record or comments on the process, and document requests become tasks for the document team.
 * Each post carries a marker ("[community post P-1]") into the record, and the record is checked for the marker
 * before writing: journal writes are appends, so a blind retry would duplicate them.
 */
public class LinkedThreadUpdates {

    private final String originSystem;
    private final ServiceNowReferences references;
    private final String documentRequestTeam;

    public LinkedThreadUpdates(String originSystem, ServiceNowReferences references, String documentRequestTeam) {
        this.originSystem = originSystem;
        this.references = references;
        this.documentRequestTeam = documentRequestTeam;
    }

    /** Starts the walk over the thread's posts (property postsOffset) and sets the first request. */
    public void startPosts(Exchange exchange) {
        exchange.setProperty("postsOffset", 0);
        exchange.setProperty("postsMore", true);
    }

    public void postsRequest(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + exchange.getProperty("threadId") + "/posts");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "count=200&offset=" + exchange.getProperty("postsOffset"));
    }

    /** From a page of posts, those a partner wrote after the opening message; advances the walk. */
    public List<JsonNode> newPartnerPosts(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        int offset = exchange.getProperty("postsOffset", Integer.class);
        List<JsonNode> posts = new ArrayList<>();
        page.path("_embedded").path("posts").forEach(posts::add);
        long total = page.path("page").path("totalElements").asLong(0);
        exchange.setProperty("postsOffset", offset + posts.size());
        exchange.setProperty("postsMore", !posts.isEmpty() && offset + posts.size() < total);
        JsonNode thread = exchange.getProperty("thread", JsonNode.class);
        String opening = thread == null ? "" : thread.path("body").asText();
        List<JsonNode> partnerPosts = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            JsonNode post = posts.get(i);
            boolean openingPost = offset + i == 0 && post.path("body").asText().equals(opening);
            boolean ours = originSystem.equals(post.path("origin").path("system").asText());
            // only what partners write is carried: the retailer's own staff and integrations work in their own systems
            boolean byPartner = "PARTNER".equals(post.path("author").path("kind").asText());
            if (!openingPost && !ours && byPartner) {
                partnerPosts.add(post);
            }
        }
        return partnerPosts;
    }

    public void describePost(Exchange exchange) {
        JsonNode post = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty("post", post);
        exchange.setProperty("postId", post.path("id").asText());
        exchange.setProperty("postKind", post.path("kind").asText("MESSAGE"));
        exchange.setProperty("postKey", exchange.getProperty("threadId") + ":post:" + post.path("id").asText());
    }

    public static String marker(String postId) {
        return "[community post " + postId + "]";
    }

    /** GET of the record's journal entries that carry this post's marker. */
    public void serviceNowJournalQuery(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/sys_journal_field");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_query=" + enc("element_id=" + link.recordId()
                + "^element=comments^valueLIKE" + marker(exchange.getProperty("postId", String.class))) + "&sysparm_fields=sys_id&sysparm_limit=1");
    }

    /** True when the record already holds the post (a list answer of ServiceNow or Workflow Service). */
    public boolean alreadyOnRecord(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        JsonNode result = body.path("result");
        if (result.isArray()) {
            return !result.isEmpty();
        }
        String marker = marker(exchange.getProperty("postId", String.class));
        for (JsonNode comment : body.path("_embedded").path("comments")) {
            if (comment.path("message").asText().contains(marker)) {
                return true;
            }
        }
        return false;
    }

    public Map<String, Object> serviceNowComment(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + link.targetType() + "/" + link.recordId());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_fields=sys_id");
        return Map.of("comments", commentText(exchange));
    }

    public Map<String, Object> workflowComment(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances/" + link.recordId() + "/comments");
        return Map.of("message", commentText(exchange));
    }

    public void workflowCommentsQuery(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/process-instances/" + link.recordId() + "/comments");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "count=1000");
    }

    /** GET of a task already made for this document request (correlation id per post). */
    public void documentTaskQuery(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/sc_task");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_query=" + enc("correlation_id=" + postCorrelation(exchange))
                + "&sysparm_fields=sys_id,number&sysparm_limit=1");
    }

    public Map<String, Object> documentTask(Exchange exchange) {
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        JsonNode post = exchange.getProperty("post", JsonNode.class);
        JsonNode thread = exchange.getProperty("thread", JsonNode.class);
        String partner = thread == null ? "Partner" : thread.path("partner").path("companyName").asText("Partner");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("short_description", PlainText.of("Document request from " + partner + ": " + post.path("body").asText(), 160));
        task.put("description", PlainText.of(post.path("body").asText(), 10_000) + "\n\n" + marker(post.path("id").asText())
                + " on thread " + link.threadId() + ", linked to " + link.recordNumber());
        task.put("assignment_group", references.groupId(documentRequestTeam));
        if ("servicenow".equals(link.targetSystem())) {
            task.put("parent", link.recordId());
        }
        task.put("correlation_id", postCorrelation(exchange));
        task.put("correlation_display", "Active Community " + link.threadId());
        task.put("urgency", "2");
        task.put("impact", "3");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/sc_task");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_fields=sys_id,number&sysparm_exclude_reference_link=true");
        return task;
    }

    private static String postCorrelation(Exchange exchange) {
        return ThreadReferences.correlationId(exchange.getProperty("threadId", String.class)) + ":post:" + exchange.getProperty("postId");
    }

    private static String commentText(Exchange exchange) {
        JsonNode post = exchange.getProperty("post", JsonNode.class);
        String author = post.path("author").path("displayName").asText("The partner");
        String kind = post.path("kind").asText("MESSAGE");
        String lead = "CLARIFICATION".equals(kind) ? " added a clarification" : " wrote";
        return author + lead + " in the community " + marker(post.path("id").asText()) + ":\n"
                + PlainText.of(post.path("body").asText(), 20_000);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
