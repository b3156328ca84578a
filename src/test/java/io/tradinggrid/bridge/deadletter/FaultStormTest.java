package io.tradinggrid.bridge.deadletter;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.RequestJournal;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults of the kind real systems produce: 429 storms with Retry-After, and 5xx at random under a backlog. */
class FaultStormTest extends ForwardPathTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        // enough retries that 20% random failures never exhaust them (0.2^11 per call)
        p.setProperty("tgb.retry.max-redeliveries", "10");
        // a linked thread's journey makes dozens of calls, each failing one time in five here
        p.setProperty("tgb.retry.max-total-redeliveries", "200");
        p.setProperty("tgb.retry.initial-delay-ms", "10");
        p.setProperty("tgb.retry.max-delay-ms", "50");
        return p;
    }

    /** A backlog of partner threads, half invoices for ServiceNow, half claims for Workflow Service. */
    private void openBacklog(int threads) {
        for (int i = 0; i < threads; i++) {
            ObjectNode thread = Json.object();
            thread.put("title", (i % 2 == 0 ? "Invoice INV-" + i + " rejected: VAT missing" : "PO 45" + i + " received short"))
                    .put("body", i % 2 == 0 ? "The VAT amount is missing on the 810." : "We received only 38 of 40 cartons.")
                    .put("category", i % 2 == 0 ? "TRANSACTION_FAILURE" : "CLAIM");
            sandbox().community().openThreadAsPartner("COM-BRW-SUPPLIERS", "PTR-100102", null, thread, List.of());
        }
    }

    @AfterEach
    void clearFaults() {
        sandbox().serviceNow().faults().apply(null);
        sandbox().workflow().faults().apply(null);
        sandbox().community().faults().apply(null);
    }

    @Test
    void should_wait_as_retry_after_says_and_lose_nothing_in_a_429_storm() {
        clients.put(sandbox().serviceNow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/api/now/table/incident$\",\"methods\":\"POST\",\"rateLimitCount\":3,\"retryAfterSeconds\":2}");

        pollAll();

        assertThat(links().all()).hasSize(sandbox().seed().threads() - 1);
        assertThat(deadLetters().countByStatus("new")).isZero();
        List<RequestJournal.Entry> posts = sandbox().serviceNow().journal().snapshot().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/api/now/table/incident")).toList();
        assertThat(posts).filteredOn(e -> e.status() == 429).hasSize(3);
        for (int i = 0; i < posts.size(); i++) {
            if (posts.get(i).status() == 429) {
                // the next POST of the same thread comes at least 2 s later; other threads keep flowing meanwhile
                RequestJournal.Entry limited = posts.get(i);
                assertThat(posts.subList(i + 1, posts.size())).as("a retry after the 429 at %s", limited.time())
                        .anySatisfy(next -> assertThat(Duration.between(limited.time(), next.time())).isGreaterThanOrEqualTo(Duration.ofMillis(1900)));
            }
        }
    }

    @Test
    void should_end_with_every_record_once_and_no_dead_letter_under_twenty_percent_random_5xx() {
        int extra = 1000;
        openBacklog(extra);
        String storm = "{\"pathPattern\":\"^/(api|workflow|activecommunity|tenants|oauth_token)\",\"errorRate\":0.2,\"errorStatus\":503,\"seed\":7}";
        clients.put(sandbox().serviceNow().adminUrl() + "/faults", storm);
        clients.put(sandbox().workflow().adminUrl() + "/faults", storm);
        clients.put(sandbox().community().adminUrl() + "/faults", storm);
        int expected = sandbox().seed().threads() - 1 + extra;

        // a poll whose page read fails stops and keeps its watermark; the next one carries on
        long started = System.nanoTime();
        int rounds = 0;
        for (; rounds < 40 && links().all().size() < expected; rounds++) {
            pollAll();
        }
        long faults = sandbox().serviceNow().faults().injectedCount() + sandbox().workflow().faults().injectedCount()
                + sandbox().community().faults().injectedCount();
        // work whose retry budget ran out waited and was resumed by the waiting-work schedule
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters().countByStatus("waiting") == 0 && links().all().size() == expected);
        System.out.printf("fault storm: %d threads, %d faults injected, %d polls, %d waited for a retry budget and resumed, drained in %d ms%n",
                expected, faults, rounds, deadLetters().countByStatus("replayed"), (System.nanoTime() - started) / 1_000_000);
        clearFaults();

        List<ThreadLink> links = links().all();
        assertThat(links).hasSize(expected);
        assertThat(deadLetters().countByStatus("new")).isZero();
        long incidentLinks = links.stream().filter(l -> l.targetType().equals("incident")).count();
        assertThat(clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:")).as("no duplicate incident").hasSize((int) incidentLinks);
        long processLinks = links.stream().filter(l -> l.targetSystem().equals("workflow")).count();
        assertThat(clients.workflow("/process-instances?count=1").path("page").path("totalElements").asLong())
                .as("no duplicate process").isEqualTo(processLinks);
        assertThat(faults).as("faults injected").isGreaterThan(1000);
    }

    @Test
    void should_hold_servicenow_work_through_an_outage_in_a_backlog_and_end_with_every_record_once() {
        int extra = 1000;
        openBacklog(extra);
        int expected = sandbox().seed().threads() - 1 + extra;
        // ServiceNow is down (every API call 503) while the backlog is taken in
        clients.put(sandbox().serviceNow().adminUrl() + "/faults", "{\"pathPattern\":\"^/api/\",\"errorRate\":1.0,\"errorStatus\":503}");

        long started = System.nanoTime();
        pollAll();
        long polled = System.nanoTime();
        int waiting = deadLetters().countByStatus("waiting");
        int linkedDuringOutage = links().all().size();
        long refused = sandbox().serviceNow().faults().injectedCount();
        assertThat(deadLetters().countByStatus("new")).as("an outage fills no dead letters").isZero();
        assertThat(linkedDuringOutage).as("Workflow Service work went on").isGreaterThanOrEqualTo(extra / 2);

        sandbox().serviceNow().faults().apply(null);
        long recovered = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(deadLetters().countByStatus("waiting")).as("waiting").isZero();
            assertThat(deadLetters().countByStatus("replaying")).as("replaying").isZero();
            assertThat(deadLetters().countByStatus("new")).as("dead letters").isZero();
            assertThat(links().all()).as("linked").hasSize(expected);
        });
        System.out.printf("servicenow outage in a backlog: %d threads; during the outage %d linked and %d waiting after %d ms, "
                + "%d calls answered 503; after recovery all linked in %d ms; dead letters %d%n", expected, linkedDuringOutage, waiting,
                (polled - started) / 1_000_000, refused, (System.nanoTime() - recovered) / 1_000_000, deadLetters().countByStatus("new"));

        assertThat(deadLetters().countByStatus("new")).isZero();
        List<ThreadLink> links = links().all();
        long incidentLinks = links.stream().filter(l -> l.targetType().equals("incident")).count();
        assertThat(clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:")).as("no duplicate incident").hasSize((int) incidentLinks);
        assertThat(refused).as("once the circuit opened, waiting threads were not sent").isLessThan(waiting);
    }
}
