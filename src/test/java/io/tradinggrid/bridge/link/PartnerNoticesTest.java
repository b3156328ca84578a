package io.tradinggrid.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge's thread PATCH merged into the thread as read: the community replaces the list a PATCH carries. */
class PartnerNoticesTest {

    private final PartnerNotices notices = new PartnerNotices(Origin.SYSTEM, "Received: {reference} opened with {team}.");

    private static JsonNode thread(String json) throws Exception {
        return new ObjectMapper().readTree(json.replace('\'', '"'));
    }

    @Test
    void should_keep_other_systems_references_and_put_the_bridges_entry_in_place() throws Exception {
        JsonNode thread = thread("{'version':7,'externalReferences':[{'system':'erp','id':'ERP-4711'},"
                + "{'system':'servicenow','id':'INC0010023','status':'Received','url':'https://sn.example/INC0010023'}]}");
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("statusNote", "In progress");
        patch.put("externalReferences", List.of(Map.of("system", "servicenow", "id", "INC0010023", "status", "In progress")));

        Map<String, Object> merged = notices.mergedPatch(thread, patch);

        assertThat(merged).containsEntry("statusNote", "In progress");
        assertThat(merged.get("externalReferences")).isEqualTo(List.of(Map.of("system", "erp", "id", "ERP-4711"),
                Map.of("system", "servicenow", "id", "INC0010023", "status", "In progress", "url", "https://sn.example/INC0010023")));
        assertThat(notices.ifMatch(thread)).isEqualTo("\"7\"");
    }

    @Test
    void should_add_the_bridges_entry_to_a_thread_without_references_and_leave_a_patch_without_any_alone() throws Exception {
        Map<String, Object> withReference = Map.of("externalReferences", List.of(Map.of("system", "workflow", "id", "WF-1")));
        assertThat(notices.mergedPatch(thread("{'version':1}"), withReference).get("externalReferences"))
                .isEqualTo(List.of(Map.of("system", "workflow", "id", "WF-1")));
        Map<String, Object> noteOnly = Map.of("statusNote", "x");
        assertThat(notices.mergedPatch(thread("{'version':1,'externalReferences':[{'system':'erp','id':'E'}]}"), noteOnly)).isEqualTo(noteOnly);
    }
}
