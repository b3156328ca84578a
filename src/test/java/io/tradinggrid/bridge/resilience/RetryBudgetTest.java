package io.tradinggrid.bridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
