package io.tradinggrid.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.servicenow.ServiceNowReferences;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkedThreadUpdatesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServiceNowReferences references = new ServiceNowReferences(null) {
        @Override
        public String groupId(String name) {
            return "group-of-" + name;
        }
    };
    private final LinkedThreadUpdates updates = new LinkedThreadUpdates(Origin.SYSTEM, references, "Document Control");
    private final ThreadLink serviceNowLink = new ThreadLink(1, "C1", "THR-1", "invoice", "servicenow", "incident", "sys-1",
            "INC0010001", "opened", null, null);
    private final ThreadLink workflowLink = new ThreadLink(2, "C1", "THR-1", "shipment", "workflow", "partnerExceptionCase",
            "pi-1", "WF-12345678", "opened", null, null);

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private PartnerPost post(String kind, String body) throws Exception {
        return updates.post(json("{\"id\":\"P-7\",\"kind\":\"" + kind + "\",\"body\":\"" + body
                + "\",\"author\":{\"kind\":\"PARTNER\",\"displayName\":\"Dana Reyes\"}}"), "THR-1");
    }

    @Test
    void should_start_the_posts_walk_at_offset_0_with_pages_of_200() throws Exception {
        PartnerPostsCursor cursor = updates.startPosts(json("{\"body\":\"opening\"}"));
        assertThat(cursor.query()).isEqualTo("count=200&offset=0");
        assertThat(cursor.accept(json("{\"_embedded\":{\"posts\":[{\"id\":\"P-1\",\"body\":\"opening\",\"author\":{\"kind\":\"PARTNER\"}}]},"
                + "\"page\":{\"totalElements\":1}}"), null)).as("the opening message is the thread itself").isEmpty();
    }

    @Test
    void should_describe_a_post_with_its_key_and_marker_and_default_kind_message() throws Exception {
        PartnerPost post = updates.post(json("{\"id\":\"P-9\"}"), "THR-1");
        assertThat(post.kind()).isEqualTo("MESSAGE");
        assertThat(post.key()).isEqualTo("THR-1:post:P-9");
        assertThat(post.marker()).isEqualTo("[community post P-9]");
    }

    @Test
    void should_look_for_the_posts_marker_in_the_comments_of_the_record() throws Exception {
        String query = URLDecoder.decode(updates.serviceNowJournalQuery(serviceNowLink, post("MESSAGE", "hi")), StandardCharsets.UTF_8);
        assertThat(query).isEqualTo("sysparm_query=element_id=sys-1^element=comments^valueLIKE[community post P-7]"
                + "&sysparm_fields=sys_id&sysparm_limit=1");
    }

    @Test
    void should_see_a_post_already_on_the_record_in_a_servicenow_list_or_a_workflow_comment() throws Exception {
        PartnerPost post = post("MESSAGE", "hi");
        assertThat(updates.alreadyOnRecord(json("{\"result\":[{\"sys_id\":\"j1\"}]}"), post)).isTrue();
        assertThat(updates.alreadyOnRecord(json("{\"result\":[]}"), post)).isFalse();
        assertThat(updates.alreadyOnRecord(json("{\"_embedded\":{\"comments\":[{\"message\":\"x [community post P-7]:\\nhi\"}]}}"), post)).isTrue();
        assertThat(updates.alreadyOnRecord(json("{\"_embedded\":{\"comments\":[{\"message\":\"[community post P-70]\"}]}}"), post)).isFalse();
    }

    @Test
    void should_write_a_comment_with_author_marker_and_text() throws Exception {
        assertThat(updates.serviceNowComment(post("MESSAGE", "Any news?")))
                .isEqualTo(Map.of("comments", "Dana Reyes wrote in the community [community post P-7]:\nAny news?"));
        assertThat(updates.workflowComment(post("CLARIFICATION", "It was PO 45")))
                .isEqualTo(Map.of("message", "Dana Reyes added a clarification in the community [community post P-7]:\nIt was PO 45"));
    }

    @Test
    void should_find_a_document_task_by_the_posts_correlation_id() throws Exception {
        String query = URLDecoder.decode(updates.documentTaskQuery(post("DOCUMENT_REQUEST", "send BOL")), StandardCharsets.UTF_8);
        assertThat(query).isEqualTo("sysparm_query=correlation_id=activecommunity:THR-1:post:P-7&sysparm_fields=sys_id,number&sysparm_limit=1");
    }

    @Test
    void should_make_a_document_task_for_the_document_team_under_a_servicenow_record() throws Exception {
        JsonNode thread = json("{\"partner\":{\"companyName\":\"Meridian\"}}");
        Map<String, Object> task = updates.documentTask(serviceNowLink, post("DOCUMENT_REQUEST", "Please send the corrected BOL"), thread);

        assertThat(task).containsEntry("short_description", "Document request from Meridian: Please send the corrected BOL")
                .containsEntry("assignment_group", "group-of-Document Control")
                .containsEntry("parent", "sys-1")
                .containsEntry("correlation_id", "activecommunity:THR-1:post:P-7")
                .containsEntry("correlation_display", "Active Community THR-1")
                .containsEntry("urgency", "2")
                .containsEntry("impact", "3");
        assertThat((String) task.get("description")).isEqualTo("Please send the corrected BOL\n\n[community post P-7] on thread THR-1, linked to INC0010001");
    }

    @Test
    void should_make_a_document_task_without_parent_for_a_workflow_case() throws Exception {
        Map<String, Object> task = updates.documentTask(workflowLink, post("DOCUMENT_REQUEST", "send BOL"), null);
        assertThat(task).doesNotContainKey("parent").containsEntry("short_description", "Document request from Partner: send BOL");
    }
}
