package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ServiceNowStatusSync without a CamelContext: which journal entries reach the partner, and as what. */
class ServiceNowCommentsTest {

    private final ServiceNowStatusSync sync = new ServiceNowStatusSync(null, null, StatusFixtures.publisher(), StatusFixtures.maps(), "tgb.integration");

    @Test
    void should_post_customer_visible_comments_and_never_a_work_note() {
        var posts = sync.comments(StatusFixtures.json("{'result':["
                + "{'sys_id':'j1','element':'work_notes','value':'Internal only'},"
                + "{'sys_id':'j2','element':'comments','value':'<b>Fixed</b> by jane.doe@retailer.example'}]}"), StatusFixtures.incident(null));

        assertThat(posts).singleElement().satisfies(post -> {
            assertThat(post.key()).isEqualTo("servicenow:journal:j2");
            assertThat(post.post()).containsEntry("body", "Update from EDI Support on incident INC0010023:\nFixed by [e-mail removed]");
        });
    }

    @Test
    void should_ask_for_the_comments_not_written_by_the_bridge() {
        String query = URLDecoder.decode(sync.commentsQuery(StatusFixtures.incident(null)), StandardCharsets.UTF_8);

        assertThat(query).startsWith("sysparm_query=element_id=0123456789abcdef0123456789abcdef^element=comments^sys_created_by!=tgb.integration");
    }

    @Test
    void should_show_an_incident_resolution_with_its_close_notes() {
        PartnerView view = sync.view(StatusFixtures.json("{'sys_id':'x','state':'6','close_notes':'Payment run on Friday.'}"),
                StatusFixtures.incident(null));

        assertThat(view.status()).isEqualTo("RESOLVED");
        assertThat(view.note()).isEqualTo("Resolved: Payment run on Friday.");
        assertThat(view.recordState()).isEqualTo("6");
    }

    @Test
    void should_show_nothing_new_for_a_state_the_maps_do_not_name() {
        assertThat(sync.view(StatusFixtures.json("{'sys_id':'x','state':'42'}"), StatusFixtures.incident(null))).isEqualTo(PartnerView.NONE);
    }
}
