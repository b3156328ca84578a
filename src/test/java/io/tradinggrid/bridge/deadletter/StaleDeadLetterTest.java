package io.tradinggrid.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradinggrid.bridge.admin.AdminApi;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dead letter ends when its work succeeds another way (a webhook redelivery, the next poll): it is superseded, says
 * what did the work, is listed and filtered as such, and a replay of it does nothing.
 */
class StaleDeadLetterTest extends ForwardPathTestSupport {

    private DeadLetterReplayer replayer() {
        return context.getRegistry().lookupByNameAndType("deadLetterReplayer", DeadLetterReplayer.class);
    }

    private int incidents() {
        return clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:").size();
    }

    private DeadLetter failOneThread() {
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":400}");
        pollAll();
        List<DeadLetter> letters = deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, null, null, 10));
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    @Test
    void should_supersede_a_threads_dead_letter_when_a_redelivery_links_it() {
        DeadLetter letter = failOneThread();
        assertThat(links().find(letter.threadId())).isEmpty();

        // the same thread comes in again, as a webhook redelivery or the next poll brings it, and gets through
        template.sendBody(letter.replayUri(), letter.body());

        String number = links().find(letter.threadId()).orElseThrow().recordNumber();
        assertThat(deadLetters().find(letter.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo("superseded");
            assertThat(d.changedBy()).isEqualTo("bridge");
            assertThat(d.changeReason()).contains("thread " + letter.threadId()).contains(letter.messageKey()).contains(number)
                    .contains("thread-intake");
        });
        assertThat(deadLetters().countByStatus("new")).isZero();
    }

    @Test
    void should_refuse_to_replay_a_superseded_dead_letter_even_with_force() {
        DeadLetter letter = failOneThread();
        template.sendBody(letter.replayUri(), letter.body());
        int incidents = incidents();

        DeadLetterReplayer.Result result = replayer().replay(letter.id(), "ops.anna", false, null, true);

        assertThat(result.outcome()).isEqualTo(DeadLetterReplayer.Outcome.SKIPPED);
        assertThat(result.detail()).contains("superseded").contains(letter.threadId());
        assertThat(incidents()).isEqualTo(incidents);
        assertThat(deadLetters().find(letter.id()).orElseThrow().status()).isEqualTo("superseded");
    }

    @Test
    void should_list_and_filter_superseded_dead_letters_in_the_command_line_and_the_admin_api() throws Exception {
        DeadLetter letter = failOneThread();
        template.sendBody(letter.replayUri(), letter.body());

        assertThat(command("dlq", "list")).doesNotContain(letter.threadId());
        assertThat(command("dlq", "list", "--status", "superseded")).contains(letter.threadId()).contains("superseded")
                .contains("thread-intake");
        AdminApi admin = context.getRegistry().lookupByNameAndType("adminApi", AdminApi.class);
        assertThat(admin.list(Map.of("status", "superseded"))).contains("\"status\":\"superseded\"").contains(letter.threadId());
        assertThat(admin.list(Map.of())).doesNotContain(letter.threadId());
    }

    @Test
    void should_supersede_a_linked_threads_dead_letter_when_its_next_version_reaches_the_record() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        pollAll();
        String admin = clients.endpoints().path("community").path("adminUrl").asText();
        // ServiceNow refuses the partner's next comment on the incident, until the fault is cleared
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident/\",\"methods\":\"PATCH\",\"errorRate\":1.0,\"errorStatus\":400}");
        clients.post(admin + "/threads/" + threadId + "/posts", "{\"body\":\"The tax id is DE811234567.\"}", "Content-Type", "application/json");
        pollAll();
        // the community's webhook may bring the new version too: wait for whichever takes it in
        DeadLetter letter = await().atMost(Duration.ofSeconds(20)).until(
                () -> deadLetters().list(new DeadLetterStore.Filter("new", null, null, null, threadId, null, 10)), l -> !l.isEmpty()).get(0);
        assertThat(letter.exceptionMessage()).contains("HTTP 400");
        sandbox().serviceNow().faults().apply(null);

        clients.post(admin + "/threads/" + threadId + "/posts", "{\"body\":\"Any news?\"}", "Content-Type", "application/json");
        pollAll();

        String number = links().find(threadId).orElseThrow().recordNumber();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetters().find(letter.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo("superseded");
            assertThat(d.changeReason()).contains("thread " + threadId).contains(number).doesNotContain(letter.messageKey() + ")");
        }));
    }
}
