package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Paging while the bridge itself updates the threads it has read (each one gets its link and status note, and moves
 * to the end of the list): with small pages, parallel workers and many threads in one millisecond, none is skipped.
 */
class PollPagingTest extends ForwardPathTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        p.setProperty("tgb.community.page-size", "3");
        p.setProperty("tgb.community.intake-concurrency", "4");
        return p;
    }

    @Test
    void should_take_in_every_thread_when_pages_are_small_and_many_threads_share_a_millisecond() {
        sandbox().community().clock().fix(Instant.now());
        for (int i = 0; i < 10; i++) {
            ObjectNode thread = Json.object();
            thread.put("title", "Invoice INV-" + i + " rejected: VAT missing").put("body", "VAT amount missing on the 810.")
                    .put("category", "TRANSACTION_FAILURE");
            sandbox().community().openThreadAsPartner("COM-BRW-SUPPLIERS", "PTR-100102", null, thread, List.of());
        }
        sandbox().community().clock().system();

        pollAll();

        // 26 seeded threads, one of them CLOSED history, and the 10 new ones
        assertThat(links().all()).hasSize(26 - 1 + 10);
        assertThat(deadLetters().countByStatus("new")).isZero();
    }
}
