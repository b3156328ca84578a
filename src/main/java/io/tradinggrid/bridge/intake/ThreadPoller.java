package io.tradinggrid.bridge.intake;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
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

    /** The walk over the community's threads changed since its stored watermark (or the configured initial one). */
    public ThreadPageCursor startWalk(@Body String communityId) {
        String watermark = watermarks.read(pollerId(communityId.trim())).orElse(initialWatermark);
        return new ThreadPageCursor(watermark, pageSize);
    }

    /** Stores the watermark the walk reached; called only once every thread of the walk is handled. */
    public void finish(@ExchangeProperty(ExchangeKeys.COMMUNITY_ID) String communityId,
            @ExchangeProperty(ExchangeKeys.CURSOR) ThreadPageCursor cursor) {
        if (cursor.watermark() != null) {
            watermarks.advance(pollerId(communityId), cursor.watermark(), null);
        }
        if (cursor.advanced()) {
            LOG.info("Polled community {}: {} changed thread(s) in {} page(s), watermark now {}", communityId,
                    cursor.threads(), cursor.pages(), cursor.watermark());
        }
    }

    static String pollerId(String communityId) {
        return PREFIX + communityId + SUFFIX;
    }

    /** Each community's thread poll: its watermark and when it last succeeded (the key is the community id). */
    public static List<WatermarkStore.Position> communityPolls(WatermarkStore watermarks) {
        return watermarks.positions(PREFIX, SUFFIX);
    }

    private static final String PREFIX = "community:";
    private static final String SUFFIX = ":threads";
}
