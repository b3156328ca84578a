package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.store.WatermarkStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and finishes one incremental poll of one community: reads the watermark, and advances it when all is done. */
public class ThreadPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadPoller.class);

    private final WatermarkStore watermarks;
    private final int pageSize;
    private final String initialWatermark;

    public ThreadPoller(WatermarkStore watermarks, int pageSize, String initialWatermark) {
        this.watermarks = watermarks;
        this.pageSize = pageSize;
        this.initialWatermark = initialWatermark == null || initialWatermark.isBlank() ? null : initialWatermark;
    }

    public void start(Exchange exchange) {
        String communityId = exchange.getMessage().getBody(String.class).trim();
        exchange.setProperty("communityId", communityId);
        String watermark = watermarks.read(pollerId(communityId)).orElse(initialWatermark);
        exchange.setProperty("cursor", new ThreadPageCursor(watermark, pageSize));
    }

    public void finish(Exchange exchange) {
        String communityId = exchange.getProperty("communityId", String.class);
        ThreadPageCursor cursor = exchange.getProperty("cursor", ThreadPageCursor.class);
        if (cursor.watermark() != null) {
            watermarks.advance(pollerId(communityId), cursor.watermark(), null);
        }
        if (cursor.advanced()) {
            LOG.info("Polled community {}: {} changed thread(s) in {} page(s), watermark now {}", communityId,
                    cursor.threads(), cursor.pages(), cursor.watermark());
        }
    }

    static String pollerId(String communityId) {
        return "community:" + communityId + ":threads";
    }
}
