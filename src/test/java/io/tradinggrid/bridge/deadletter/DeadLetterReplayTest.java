package io.tradinggrid.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice: a permanent failure lands in the dead-letter store with its reason while the other
 * threads flow; after the fault is cleared, a replay creates exactly the missing record, and a second one nothing.
 */
class DeadLetterReplayTest extends ForwardPathTestSupport {

    private DeadLetterReplayer replayer() {
        return context.getRegistry().lookupByNameAndType("deadLetterReplayer", DeadLetterReplayer.class);
    }

    private int incidents() {
        return clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:").size();
    }

    /** One permanent failure (ServiceNow refuses an incident with 400) and one transient (Workflow answers 503 once). */
    private void failOnce() {
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        clients.put(sandbox().workflow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/workflow/v1/process-instances$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":503}");
    }

    @Test
    void should_keep_one_dead_letter_for_a_thread_that_fails_again_each_time_it_is_taken_in() {
        // ServiceNow refuses every incident: each thread for one becomes a dead letter
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorRate\":1.0,\"errorStatus\":400}");
        pollAll();
        List<DeadLetter> before = deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, null, null, 100));
        DeadLetter first = before.get(0);

        // the same version of one thread comes in twice more (a poll at the watermark's timestamp, a webhook redelivery)
        for (int again = 0; again < 2; again++) {
            template.sendBody(first.replayUri(), first.body());
        }

        List<DeadLetter> after = deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, null, null, 100));
        assertThat(after).as("no entry added").hasSameSizeAs(before);
        assertThat(after).filteredOn(d -> d.threadId().equals(first.threadId())).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(first.id());
            assertThat(d.attempts()).isEqualTo(first.attempts() + 2);
            assertThat(d.status()).isEqualTo("new");
            assertThat(d.lastFailedAt()).isAfter(first.lastFailedAt());
        });
        clearServiceNowFaults();
        assertThat(links().all()).as("the other threads flowed").hasSize(sandbox().seed().threads() - 1 - before.size());
    }

    private void clearServiceNowFaults() {
        sandbox().serviceNow().faults().apply(null);
    }

    @Test
    void should_give_n_minus_one_records_and_one_dead_letter_then_n_records_after_replay() {
        int expected = sandbox().seed().threads() - 1;
        failOnce();

        pollAll();

        assertThat(links().all()).hasSize(expected - 1);
        List<DeadLetter> letters = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10));
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.routeId()).isNotBlank();
            assertThat(d.exceptionMessage()).contains("HTTP 400");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.threadId()).startsWith("THR-");
            assertThat(d.body()).contains("\"id\":\"" + d.threadId() + "\"");
            assertThat(d.replayUri()).isEqualTo("direct://intake-thread");
        });
        int incidentsBefore = incidents();

        DeadLetterReplayer.Result replayed = replayer().replay(letters.get(0).id(), "ops.anna", false, null, false);

        assertThat(replayed.outcome()).isEqualTo(DeadLetterReplayer.Outcome.REPLAYED);
        assertThat(links().all()).hasSize(expected);
        assertThat(incidents()).isEqualTo(incidentsBefore + 1);
        assertThat(deadLetters().find(letters.get(0).id()).orElseThrow().status()).isEqualTo("replayed");

        // replaying what has meanwhile succeeded creates nothing
        DeadLetterReplayer.Result again = replayer().replay(letters.get(0).id(), "ops.anna", false, null, true);
        assertThat(again.outcome()).isEqualTo(DeadLetterReplayer.Outcome.REPLAYED);
        assertThat(incidents()).isEqualTo(incidentsBefore + 1);
        assertThat(links().all()).hasSize(expected);
    }

    @Test
    void should_list_show_dry_run_replay_and_discard_from_the_command_line() {
        failOnce();
        pollAll();
        long id = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10)).get(0).id();

        assertThat(command("dlq", "list", "--error", "400")).contains(String.format("%6d  new", id)).contains("1 dead letter(s)");
        assertThat(command("dlq", "show", String.valueOf(id))).contains("replay into: direct://intake-thread").contains("message:");
        assertThat(command("dlq", "replay", "--dry-run")).contains("[1/1] #" + id + " WOULD_REPLAY");
        assertThat(deadLetters().find(id).orElseThrow().status()).as("a dry run changes nothing").isEqualTo("new");

        assertThat(command("dlq", "discard", String.valueOf(id), "--reason", "duplicate of INC0010007", "--operator", "ops.anna"))
                .contains("discarded");
        DeadLetter discarded = deadLetters().find(id).orElseThrow();
        assertThat(discarded.status()).isEqualTo("discarded");
        assertThat(discarded.changedBy()).isEqualTo("ops.anna");
        assertThat(command("dlq", "replay", String.valueOf(id))).contains("SKIPPED: already discarded");
    }

    @Test
    void should_keep_one_entry_with_the_new_reason_when_a_replay_fails_again() {
        failOnce();
        pollAll();
        DeadLetter letter = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10)).get(0);
        // ServiceNow still refuses it
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":422}");

        DeadLetterReplayer.Result result = replayer().replay(letter.id(), "ops.anna", false, null, false);

        assertThat(result.outcome()).isEqualTo(DeadLetterReplayer.Outcome.FAILED_AGAIN);
        List<DeadLetter> all = deadLetters().list(new DeadLetterStore.Filter(null, null, null, null, null, null, 10));
        assertThat(all).as("the same entry, not a second one").singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(letter.id());
            assertThat(d.status()).isEqualTo("new");
            assertThat(d.exceptionMessage()).contains("HTTP 422");
            assertThat(d.attempts()).isGreaterThan(letter.attempts());
        });

        assertThat(replayer().replay(letter.id(), "ops.anna", false, null, false).outcome()).isEqualTo(DeadLetterReplayer.Outcome.REPLAYED);
        assertThat(links().all()).hasSize(sandbox().seed().threads() - 1);
    }
}
