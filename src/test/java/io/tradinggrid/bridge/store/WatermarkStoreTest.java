package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkStoreTest {

    @TempDir
    Path dir;

    @Test
    void should_start_without_a_watermark_and_remember_the_advanced_one() {
        try (BridgeStore store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 2)) {
            WatermarkStore watermarks = new WatermarkStore(store.dataSource());
            assertThat(watermarks.read("community:C1:threads")).isEmpty();

            watermarks.advance("community:C1:threads", "2026-11-21T09:30:00.000Z", "THR-2");

            assertThat(watermarks.read("community:C1:threads")).contains("2026-11-21T09:30:00.000Z");
        }
    }

    @Test
    void should_never_move_a_watermark_backwards() {
        try (BridgeStore store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 2)) {
            WatermarkStore watermarks = new WatermarkStore(store.dataSource());
            watermarks.advance("servicenow:incident", "2026-11-21 09:30:00", "b");
            watermarks.advance("servicenow:incident", "2026-11-21 09:29:59", "a");
            assertThat(watermarks.read("servicenow:incident")).contains("2026-11-21 09:30:00");
        }
    }
}
