package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadPollerTest {

    @TempDir
    Path dir;
    private BridgeStore store;
    private WatermarkStore watermarks;

    @BeforeEach
    void openStore() {
        store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 2);
        watermarks = new WatermarkStore(store.dataSource());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void should_start_the_first_walk_of_a_community_from_the_configured_initial_watermark() {
        ThreadPoller poller = new ThreadPoller(watermarks, 50, "2026-11-01T00:00:00.000Z");

        ThreadPageCursor cursor = poller.startWalk(" C1 ");

        assertThat(cursor.watermark()).isEqualTo("2026-11-01T00:00:00.000Z");
        assertThat(cursor.query()).isEqualTo("count=50&offset=0&updatedSince=2026-11-01T00%3A00%3A00.000Z");
    }

    @Test
    void should_start_without_updated_since_when_nothing_is_stored_or_configured() {
        assertThat(new ThreadPoller(watermarks, 10, "").startWalk("C1").query()).isEqualTo("count=10&offset=0");
    }

    @Test
    void should_store_the_watermark_the_walk_reached_and_start_the_next_walk_from_it() throws Exception {
        ThreadPoller poller = new ThreadPoller(watermarks, 10, null);
        ThreadPageCursor cursor = poller.startWalk("C1");
        cursor.accept(new ObjectMapper().readTree("{\"_embedded\":{\"threads\":[{\"id\":\"T1\",\"updatedTime\":\"2026-11-21T09:00:00.000Z\"}]},"
                + "\"page\":{\"offset\":0,\"count\":10,\"totalElements\":1}}"), null);

        poller.finish("C1", cursor);

        assertThat(watermarks.read("community:C1:threads")).contains("2026-11-21T09:00:00.000Z");
        assertThat(poller.startWalk("C1").watermark()).isEqualTo("2026-11-21T09:00:00.000Z");
        assertThat(poller.startWalk("C2").watermark()).as("each community has its own watermark").isNull();
    }

    @Test
    void should_store_nothing_after_a_walk_that_saw_no_thread_from_no_watermark() {
        ThreadPoller poller = new ThreadPoller(watermarks, 10, null);
        poller.finish("C1", poller.startWalk("C1"));
        assertThat(watermarks.read("community:C1:threads")).isEmpty();
    }
}
