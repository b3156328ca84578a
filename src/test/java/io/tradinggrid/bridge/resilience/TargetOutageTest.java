package io.tradinggrid.bridge.resilience;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradinggrid.bridge.deadletter.DeadLetter;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A system that is down makes its work wait, not fill the dead-letter store: the circuit of the system opens, new
 * work for it is kept as waiting work without being sent, the other system's work flows on, and everything resumes
 * exactly once when the system answers again. A route that spent its retry budget also makes its work wait.
 */
class TargetOutageTest extends ForwardPathTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        p.setProperty("tgb.circuit.window", "10");
        p.setProperty("tgb.circuit.minimum-calls", "4");
        p.setProperty("tgb.retry.max-redeliveries", "3");
        // a small budget that hardly refills during a test, so a spent budget stays spent
        p.setProperty("tgb.retry.budget-burst", "5");
        p.setProperty("tgb.retry.budget-per-second", "0.01");
        return p;
    }

    @AfterEach
    void clearFaults() {
        sandbox().serviceNow().faults().apply(null);
        sandbox().workflow().faults().apply(null);
    }

    private List<DeadLetter> entries(String status) {
        return deadLetters().list(new DeadLetterStore.Filter(status, null, null, null, null, null, 10_000));
    }

    private TargetCircuits circuits() {
        return context.getRegistry().lookupByNameAndType("targetCircuits", TargetCircuits.class);
    }

    @Test
    void should_keep_servicenow_work_waiting_while_it_is_down_and_resume_it_once_when_it_is_back() {
        int expected = sandbox().seed().threads() - 1;
        // every ServiceNow API call answers 503, as during an outage
        clients.put(sandbox().serviceNow().adminUrl() + "/faults", "{\"pathPattern\":\"^/api/\",\"errorRate\":1.0,\"errorStatus\":503}");

        pollAll();

        List<ThreadLink> duringOutage = links().all();
        assertThat(duringOutage).as("Workflow Service work is not held up by ServiceNow").isNotEmpty()
                .allSatisfy(l -> assertThat(l.targetSystem()).isEqualTo("workflow"));
        assertThat(entries("new")).as("an outage fills no dead letters").isEmpty();
        List<DeadLetter> waiting = entries("waiting");
        Set<String> accounted = new HashSet<>();
        duringOutage.forEach(l -> accounted.add(l.threadId()));
        waiting.forEach(d -> accounted.add(d.threadId()));
        assertThat(accounted).as("every thread is either linked or waiting").hasSize(expected);
        for (DeadLetter d : waiting) {
            assertThat(d.targetSystem()).as("waiting for").isEqualTo("servicenow");
            assertThat(d.changeReason()).contains("servicenow").contains("waits and resumes");
            assertThat(d.replayUri()).isEqualTo("direct://intake-thread");
        }
        assertThat(circuits().isOpen("servicenow")).isTrue();
        long callsDuringOutage = sandbox().serviceNow().journal().snapshot().stream().filter(e -> e.status() == 503).count();
        assertThat(callsDuringOutage).as("once the circuit opened, waiting threads were not sent at all")
                .isLessThan(waiting.size() * 4L);

        sandbox().serviceNow().faults().apply(null);
        long recovered = System.nanoTime();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(entries("waiting")).isEmpty();
            assertThat(links().all()).hasSize(expected);
        });
        System.out.printf("servicenow outage: %d threads, %d linked during the outage, %d waited, %d calls answered 503, "
                + "0 dead letters, all linked %d ms after recovery%n", expected, duringOutage.size(), waiting.size(), callsDuringOutage,
                (System.nanoTime() - recovered) / 1_000_000);
        assertThat(entries("new")).isEmpty();
        long serviceNowLinks = links().all().stream().filter(l -> l.targetSystem().equals("servicenow")).count();
        List<String> threadRecords = new ArrayList<>();
        for (String table : List.of("incident", "sn_customerservice_case", "sc_task")) {
            // records of a whole thread; document requests raised from single posts carry ":post:" in theirs
            clients.serviceNowRecords(table, "correlation_idSTARTSWITHactivecommunity:").forEach(r -> {
                String correlation = r.path("correlation_id").asText();
                if (!correlation.contains(":post:")) {
                    threadRecords.add(correlation);
                }
            });
        }
        assertThat(threadRecords).as("one record per thread, none twice").doesNotHaveDuplicates().hasSize((int) serviceNowLinks);
        assertThat(circuits().states().get("servicenow").get("state")).isEqualTo("closed");
    }

    @Test
    void should_keep_work_waiting_when_its_route_spent_the_retry_budget_instead_of_dead_lettering_it() {
        int expected = sandbox().seed().threads() - 1;
        RetryBudget budget = context.getRegistry().lookupByNameAndType("retryBudget", RetryBudget.class);
        // spend the budget of the route that starts processes, so its next failure cannot be retried now
        while (budget.tryRetry("thread-intake:workflow")) {
            // spending
        }
        clients.put(sandbox().workflow().adminUrl() + "/faults",
                "{\"pathPattern\":\"^/workflow/v1/process-instances$\",\"methods\":\"POST\",\"errorCount\":1,\"errorStatus\":503}");

        pollAll();

        assertThat(entries("new")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(links().all()).hasSize(expected);
            assertThat(entries("waiting")).isEmpty();
        });
        List<DeadLetter> resumed = entries("replayed");
        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0).changedBy()).isEqualTo("bridge");
        assertThat(resumed.get(0).targetSystem()).isEqualTo("workflow");
        assertThat(resumed.get(0).exceptionMessage()).contains("HTTP 503");
        long processLinks = links().all().stream().filter(l -> l.targetSystem().equals("workflow")).count();
        assertThat(clients.workflow("/process-instances?count=1").path("page").path("totalElements").asLong())
                .as("no duplicate process").isEqualTo(processLinks);
    }
}
