package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.routing.ThreadReferences;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import io.tradinggrid.bridge.text.PartnerInput;
import io.tradinggrid.bridge.text.PlainText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * New activity on a thread that already has a record (S3, S7): partner posts become customer-visible comments on
 * the ServiceNow record or comments on the process, and document requests become tasks for the document team.
 * Each post carries a marker ("[community post P-1]") into the record, and the record is checked for the marker
 * before writing: journal writes are appends, so a blind retry would duplicate them.
 */
public class LinkedThreadUpdates {

    /** Posts per page of the walk over a thread's posts. */
    static final int POSTS_PAGE_SIZE = 200;

    private final String originSystem;
    private final ServiceNowReferences references;
    private final String documentRequestTeam;

    public LinkedThreadUpdates(String originSystem, ServiceNowReferences references, String documentRequestTeam) {
        this.originSystem = originSystem;
        this.references = references;
        this.documentRequestTeam = documentRequestTeam;
    }

    /** The walk over the thread's posts, handing on the partner posts after the opening message. */
    public PartnerPostsCursor startPosts(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread) {
        return new PartnerPostsCursor(originSystem, thread == null ? "" : thread.path("body").asText(), POSTS_PAGE_SIZE);
    }

    /** One partner post of the walk, its texts made plain: where a post's partner text comes in. */
    public PartnerPost post(@Body JsonNode post, @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId) {
        return new PartnerPost(threadId, post.path("id").asText(), post.path("kind").asText("MESSAGE"), PartnerInput.post(post));
    }

    public static String marker(String postId) {
        return "[community post " + postId + "]";
    }

    /** The query of: GET the record's journal entries that carry this post's marker (sys_journal_field). */
    public String serviceNowJournalQuery(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.POST) PartnerPost post) {
        return "sysparm_query=" + enc("element_id=" + link.recordId() + "^element=comments^valueLIKE" + post.marker())
                + "&sysparm_fields=sys_id&sysparm_limit=1";
    }

    /** True when the record already holds the post (a list answer of ServiceNow or Workflow Service). */
    public boolean alreadyOnRecord(@Body JsonNode answer, @ExchangeProperty(ExchangeKeys.POST) PartnerPost post) {
        JsonNode result = answer.path("result");
        if (result.isArray()) {
            return !result.isEmpty();
        }
        for (JsonNode comment : answer.path("_embedded").path("comments")) {
            if (comment.path("message").asText().contains(post.marker())) {
                return true;
            }
        }
        return false;
    }

    /** The body of the PATCH that adds the post as a customer-visible comment. */
    public Map<String, Object> serviceNowComment(@ExchangeProperty(ExchangeKeys.POST) PartnerPost post) {
        return Map.of("comments", commentText(post));
    }

    /** The body of POST /process-instances/{id}/comments. */
    public Map<String, Object> workflowComment(@ExchangeProperty(ExchangeKeys.POST) PartnerPost post) {
        return Map.of("message", commentText(post));
    }

    /** The query of: GET the task already made for this document request (correlation id per post). */
    public String documentTaskQuery(@ExchangeProperty(ExchangeKeys.POST) PartnerPost post) {
        return "sysparm_query=" + enc("correlation_id=" + postCorrelation(post)) + "&sysparm_fields=sys_id,number&sysparm_limit=1";
    }

    /** The body of the sc_task for the document team; under the ServiceNow record when there is one. */
    public Map<String, Object> documentTask(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link,
            @ExchangeProperty(ExchangeKeys.POST) PartnerPost post, @ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread) {
        String partner = thread == null ? "Partner" : thread.path("partner").path("companyName").asText("Partner");
        String body = post.json().path("body").asText();
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("short_description", PlainText.of("Document request from " + partner + ": " + body, 160));
        task.put("description", PlainText.of(body, 10_000) + "\n\n" + post.marker()
                + " on thread " + link.threadId() + ", linked to " + link.recordNumber());
        task.put("assignment_group", references.groupId(documentRequestTeam));
        if ("servicenow".equals(link.targetSystem())) {
            task.put("parent", link.recordId());
        }
        task.put("correlation_id", postCorrelation(post));
        task.put("correlation_display", "Active Community " + link.threadId());
        task.put("urgency", "2");
        task.put("impact", "3");
        return task;
    }

    private static String postCorrelation(PartnerPost post) {
        return ThreadReferences.correlationId(post.threadId()) + ":post:" + post.id();
    }

    private static String commentText(PartnerPost post) {
        JsonNode json = post.json();
        String author = json.path("author").path("displayName").asText("");
        author = author.isBlank() ? "The partner" : PlainText.of(author, 100);
        String lead = "CLARIFICATION".equals(post.kind()) ? " added a clarification" : " wrote";
        return author + lead + " in the community " + post.marker() + ":\n" + PlainText.of(json.path("body").asText(), 20_000);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
