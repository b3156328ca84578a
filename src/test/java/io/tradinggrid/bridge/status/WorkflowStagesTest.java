package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.link.ThreadLink;
import org.junit.jupiter.api.Test;

/** WorkflowStatusSync without a CamelContext: where a process instance stands, and what the partner sees of it. */
class WorkflowStagesTest {

    private final WorkflowStatusSync sync = new WorkflowStatusSync(null, StatusFixtures.publisher(), StatusFixtures.maps(), 100);
    private final ThreadLink review = StatusFixtures.process("documentReview", "document-submission");

    @Test
    void should_read_the_current_user_task_as_the_stage() {
        assertThat(WorkflowStatusSync.stage(StatusFixtures.json("{'id':'p1','ended':false,'activityId':'reviewDocument'}"))).isEqualTo("reviewDocument");
    }

    @Test
    void should_read_the_end_event_an_ended_instance_reached() {
        assertThat(WorkflowStatusSync.stage(StatusFixtures.json("{'id':'p1','ended':true,'activityId':'documentRejected'}"))).isEqualTo("documentRejected");
    }

    @Test
    void should_read_ended_when_an_ended_instance_names_no_activity() {
        assertThat(WorkflowStatusSync.stage(StatusFixtures.json("{'id':'p1','ended':true}"))).isEqualTo("ended");
        assertThat(WorkflowStatusSync.stage(StatusFixtures.json("{'id':'p1'}"))).isEmpty();
    }

    @Test
    void should_read_the_end_of_an_instance_as_history_shows_it_without_an_activity_id() {
        // Flowable: the runtime forgets an ended instance; history has its end event, end time and variables
        String historic = "{'id':'p1','endTime':'2026-12-01T10:00:00.000+0000','endActivityId':'requestFulfilled','completed':true,"
                + "'variables':[{'name':'requestOutcome','value':'fulfilled'}]}";
        assertThat(WorkflowStatusSync.stage(StatusFixtures.json(historic))).isEqualTo("requestFulfilled");
        assertThat(WorkflowStatusSync.ended(StatusFixtures.json(historic))).isTrue();
        assertThat(sync.view(StatusFixtures.json(historic), StatusFixtures.process("partnerRequest", "partner-request")).status())
                .isEqualTo("RESOLVED");
    }

    @Test
    void should_take_a_process_history_does_not_know_or_a_terminated_one_as_removed() {
        assertThat(sync.removed(null)).isTrue();
        assertThat(sync.removed(StatusFixtures.json("{'id':'p1','ended':true,'completed':false,'deleteReason':'withdrawn',"
                + "'endTime':'2026-12-01T10:00:00.000+0000','endActivityId':null}"))).isTrue();
        assertThat(sync.removed(StatusFixtures.json("{'id':'p1','ended':true,'completed':true,'endActivityId':'caseClosed'}"))).isFalse();
        assertThat(sync.removed(StatusFixtures.json("{'id':'p1','ended':false,'activityId':'triage'}"))).isFalse();
    }

    @Test
    void should_see_a_change_in_stage_variables_or_comments_and_nothing_else() {
        String base = "{'id':'p1','activityId':'triage','variables':[{'name':'a','value':1}],'comments':[{'id':'c1'}],'startTime':'x'}";
        String fingerprint = WorkflowStatusSync.fingerprint(StatusFixtures.json(base));
        assertThat(WorkflowStatusSync.fingerprint(StatusFixtures.json(base.replace("'startTime':'x'", "'startTime':'y'")))).isEqualTo(fingerprint);
        assertThat(WorkflowStatusSync.fingerprint(StatusFixtures.json(base.replace("triage", "investigate")))).isNotEqualTo(fingerprint);
        assertThat(WorkflowStatusSync.fingerprint(StatusFixtures.json(base.replace("'value':1", "'value':2")))).isNotEqualTo(fingerprint);
        assertThat(WorkflowStatusSync.fingerprint(StatusFixtures.json(base.replace("[{'id':'c1'}]", "[{'id':'c1'},{'id':'c2'}]"))))
                .isNotEqualTo(fingerprint);
    }

    @Test
    void should_read_process_variables_as_text() {
        assertThat(WorkflowStatusSync.variables(StatusFixtures.json("{'variables':[{'name':'followUpActions','value':'Add exhibit B.'},"
                + "{'name':'amount','value':12.5},{'name':'lines','value':[1,2]}]}")))
                .containsEntry("followUpActions", "Add exhibit B.").containsEntry("amount", "12.5").containsEntry("lines", "[1,2]");
    }

    @Test
    void should_show_a_stage_with_its_process_variables() {
        PartnerView view = sync.view(StatusFixtures.json("{'id':'p1','ended':false,'activityId':'followUpRequested',"
                + "'variables':[{'name':'followUpActions','value':'Add the 2027 price schedule as exhibit B.'}]}"), review);

        assertThat(view.status()).isEqualTo("AWAITING_PARTNER");
        assertThat(view.note()).isEqualTo("Follow-up needed: Add the 2027 price schedule as exhibit B.");
        assertThat(view.recordState()).isEqualTo("followUpRequested");
    }

    @Test
    void should_store_an_outcome_as_ended_so_the_link_drops_out_of_the_watch_list() {
        PartnerView view = sync.view(StatusFixtures.json("{'id':'p1','ended':true,'activityId':'documentRejected'}"), review);

        assertThat(view.note()).isEqualTo("Not approved: Document Review explains why in this thread.");
        assertThat(view.recordState()).isEqualTo("ended");
    }

    @Test
    void should_show_nothing_new_at_a_stage_the_maps_do_not_name() {
        assertThat(sync.view(StatusFixtures.json("{'id':'p1','activityId':'somewhereElse'}"), review)).isEqualTo(PartnerView.NONE);
    }

    @Test
    void should_post_only_comments_marked_for_the_partner_without_the_marker() {
        var comments = sync.partnerComments(StatusFixtures.json("{'id':'p1','comments':["
                + "{'id':'c1','message':'Legal says no - do not tell them.'},"
                + "{'id':'c2','message':'  TO PARTNER: page 4 is missing.'}]}"), review);

        assertThat(comments).singleElement().satisfies(post -> {
            assertThat(post.key()).isEqualTo("workflow:comment:c2");
            assertThat(post.post()).containsEntry("body", "Update from Document Review:\npage 4 is missing.");
        });
    }
}
