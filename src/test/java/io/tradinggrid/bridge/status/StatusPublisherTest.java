package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.link.ThreadLink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partner's view of a record, and the hash that keeps the same view from being written twice. */
class StatusPublisherTest {

    private final StatusPublisher publisher = StatusFixtures.publisher();

    @Test
    void should_fill_in_reference_number_and_team() {
        PartnerView shown = publisher.view(StatusFixtures.incident(null), StatusFixtures.view("IN_PROGRESS", "In progress: {team} is working on {reference} ({number})."),
                "2", Map.of());

        assertThat(shown.status()).isEqualTo("IN_PROGRESS");
        assertThat(shown.note()).isEqualTo("In progress: EDI Support is working on incident INC0010023 (INC0010023).");
        assertThat(shown.recordState()).isEqualTo("2");
        assertThat(shown.changed()).isTrue();
    }

    @Test
    void should_fill_in_close_notes_as_plain_text_without_internal_addresses() {
        PartnerView shown = publisher.view(StatusFixtures.incident(null), StatusFixtures.view("RESOLVED", "Resolved: {closeNotes}"), "6",
                Map.of("closeNotes", "<b>Fixed</b> by jane.doe@retailer.example"));

        assertThat(shown.note()).isEqualTo("Resolved: Fixed by [e-mail removed]");
    }

    @Test
    void should_drop_placeholders_it_cannot_fill() {
        PartnerView shown = publisher.view(StatusFixtures.incident(null), StatusFixtures.view("AWAITING_PARTNER", "Follow-up needed: {followUpActions}"),
                "followUpRequested", Map.of());

        assertThat(shown.note()).isEqualTo("Follow-up needed:");
    }

    @Test
    void should_not_write_again_what_the_partner_already_sees() {
        StatusMaps.View inProgress = StatusFixtures.view("IN_PROGRESS", "In progress: {team} is working on {reference}.");
        PartnerView first = publisher.view(StatusFixtures.incident(null), inProgress, "2", Map.of());

        PartnerView again = publisher.view(StatusFixtures.incident(first.hash()), inProgress, "2", Map.of());

        assertThat(again.changed()).isFalse();
        assertThat(again.hash()).isEqualTo(first.hash());
    }

    @Test
    void should_write_again_when_only_the_status_or_the_text_differs() {
        PartnerView shown = publisher.view(StatusFixtures.incident(null), StatusFixtures.view("IN_PROGRESS", "Working on it."), "2", Map.of());
        ThreadLink synced = StatusFixtures.incident(shown.hash());

        assertThat(publisher.view(synced, StatusFixtures.view("RESOLVED", "Working on it."), "6", Map.of()).changed()).isTrue();
        assertThat(publisher.view(synced, StatusFixtures.view("IN_PROGRESS", "Still working on it."), "2", Map.of()).changed()).isTrue();
    }

    @Test
    void should_patch_status_note_and_reference_with_the_bridge_origin() {
        ThreadLink link = StatusFixtures.incident(null);
        PartnerView shown = new PartnerView("RESOLVED", "Resolved: done.", "h", "6", true);

        Map<String, Object> patch = publisher.threadPatch(link, shown, true);

        assertThat(patch).containsEntry("status", "RESOLVED").containsEntry("statusNote", "Resolved: done.");
        assertThat(patch.get("externalReferences")).isEqualTo(List.of(Map.of("system", "servicenow", "id", "INC0010023", "status", "Resolved: done.")));
        assertThat(patch.get("origin")).isEqualTo(Map.of("system", "tradinggrid-bridge", "ref", link.originRef()));
    }

    @Test
    void should_patch_the_note_only_when_the_community_refused_the_move() {
        Map<String, Object> patch = publisher.threadPatch(StatusFixtures.incident(null), new PartnerView("OPEN", "Reopened.", "h", "1", true), false);

        assertThat(patch).doesNotContainKey("status").containsEntry("statusNote", "Reopened.");
    }

    @Test
    void should_mark_a_post_with_the_bridge_origin() {
        ThreadLink link = StatusFixtures.incident(null);

        assertThat(publisher.post(link, "Hello")).containsEntry("body", "Hello").containsEntry("bodyFormat", "text")
                .containsEntry("origin", Map.of("system", "tradinggrid-bridge", "ref", link.originRef()));
    }

    @Test
    void should_name_the_team_of_the_exception_type_and_that_of_unclassified_without_one() {
        assertThat(publisher.teamLabel(StatusFixtures.process("documentReview", "document-submission"))).isEqualTo("Document Review");
        assertThat(publisher.teamLabel(StatusFixtures.process("claim", null))).isEqualTo("Partner Support");
    }
}
