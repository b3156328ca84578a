package io.tradinggrid.bridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

    private static final int IN_A_ROW = 5;
    private static final int IN_ALL = 50;

    private final TargetCircuits circuits = new TargetCircuits(List.of("servicenow"), TargetCircuits.config(50, 20, 50, 30_000, 3), true, null);
    private final RetryDecision decision = new RetryDecision(IN_A_ROW, IN_ALL, circuits, new RetryBudget(1_000, 1_000));

    @Test
    void should_retry_a_failed_call_five_times_in_a_row_and_then_let_the_work_wait_for_its_system() {
        Exchange exchange = failedCallOf("servicenow");

        int retries = 0;
        while (decision.matches(exchange)) {
            retries++;
        }

        assertThat(retries).isEqualTo(IN_A_ROW);
        assertThat(exchange.getProperty(ExchangeKeys.WAITING_FOR)).isEqualTo("servicenow");
        assertThat(exchange.getProperty(ExchangeKeys.WAIT_REASON, String.class))
                .contains("6 times in a row").contains("6 of 50 attempts").contains("resumes with servicenow's waiting work");
    }

    @Test
    void should_make_a_dead_letter_of_work_whose_earlier_runs_spent_the_total() {
        Exchange exchange = failedCallOf("servicenow");
        exchange.setProperty(ExchangeKeys.ATTEMPTS_BEFORE, 45);

        while (decision.matches(exchange)) {
            // retried until the consecutive limit
        }

        assertThat(exchange.getProperty(ExchangeKeys.WAITING_FOR)).as("not waiting: an operator's turn").isNull();
        assertThat(exchange.getProperty(ExchangeKeys.WAIT_REASON)).isNull();
    }

    @Test
    void should_let_a_walk_record_wait_once_it_spent_the_fewer_retries_its_walk_allows() {
        Exchange exchange = failedCallOf("servicenow");
        exchange.setProperty(ExchangeKeys.RETRIES_ALLOWED, 3);

        int retries = 0;
        while (decision.matches(exchange)) {
            retries++;
        }

        assertThat(retries).isEqualTo(3);
        assertThat(exchange.getProperty(ExchangeKeys.WAIT_REASON, String.class)).contains("4 times in all");
    }

    @Test
    void should_not_wait_on_a_failure_that_came_from_no_system_call() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("a bug, not a system"));

        int retries = 0;
        while (decision.matches(exchange)) {
            retries++;
        }

        assertThat(retries).isEqualTo(IN_A_ROW);
        assertThat(exchange.getProperty(ExchangeKeys.WAIT_REASON)).isNull();
    }

    private static Exchange failedCallOf(String system) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IOException("502 Bad Gateway"));
        exchange.setProperty(Exchange.FAILURE_ROUTE_ID, "thread-intake");
        exchange.setProperty(ExchangeKeys.FAILED_TARGET, system);
        return exchange;
    }
}
