package io.tradinggrid.bridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RetryBudget budget = new RetryBudget(3, 2, nanos::get);

    @Test
    void should_allow_a_burst_then_refuse_until_the_budget_refills() {
        assertThat(budget.tryRetry("servicenow-create")).isTrue();
        assertThat(budget.tryRetry("servicenow-create")).isTrue();
        assertThat(budget.tryRetry("servicenow-create")).isTrue();
        assertThat(budget.tryRetry("servicenow-create")).isFalse();

        nanos.addAndGet(500_000_000L); // half a second at 2 per second: one retry back
        assertThat(budget.tryRetry("servicenow-create")).isTrue();
        assertThat(budget.tryRetry("servicenow-create")).isFalse();
    }

    @Test
    void should_not_let_one_route_spend_the_budget_of_another() {
        while (budget.tryRetry("attachment-upload")) {
            // a broken endpoint spends its own route's budget
        }
        assertThat(budget.tryRetry("workflow-start")).isTrue();
        assertThat(budget.remaining()).containsEntry("attachment-upload", 0.0).containsEntry("workflow-start", 2.0);
    }

    @Test
    void should_never_hold_more_than_the_burst() {
        nanos.addAndGet(3_600_000_000_000L);
        assertThat(budget.remaining()).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryRetry("r")).isTrue();
        }
        assertThat(budget.tryRetry("r")).isFalse();
    }

    @Test
    void should_refuse_a_budget_that_could_never_allow_a_retry() {
        assertThatThrownBy(() -> new RetryBudget(0, 1)).hasMessageContaining("burst >= 1");
        assertThatThrownBy(() -> new RetryBudget(5, 0)).hasMessageContaining("positive refill rate");
    }

    @Test
    void should_name_each_budget_to_a_listener_once_as_a_route_first_spends_from_it() {
        budget.tryRetry("thread-intake:servicenow");
        List<String> named = new ArrayList<>();

        budget.onBudget(named::add);
        budget.tryRetry("thread-intake:servicenow");
        budget.tryRetry("thread-status:workflow");
        budget.tryRetry("thread-status:workflow");

        assertThat(named).containsExactly("thread-intake:servicenow", "thread-status:workflow");
        assertThat(budget.remaining("thread-status:workflow")).isEqualTo(1.0);
        assertThat(budget.remaining("never-spent")).isNaN();
    }
}
