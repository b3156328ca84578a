package io.tradinggrid.emulator.community;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The emulator's notion of "now", switchable while it runs (PUT /_emulator/clock): the system clock, optionally
 * shifted by an offset, or a fixed instant, so that a test can make several writes share one millisecond.
 * Every time the emulator records is truncated to milliseconds, as the contract's timestamps are.
 */
public final class EmulatorClock extends Clock {

    public enum Mode { SYSTEM, FIXED }

    private Instant fixed;
    private Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator clock is always UTC");
    }

    @Override
    public synchronized Instant instant() {
        Instant now = fixed != null ? fixed : Instant.now().plus(offset);
        return now.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Stops the clock at {@code instant} until it is advanced or set back to the system clock. */
    public synchronized void fix(Instant instant) {
        this.fixed = instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Moves the clock forward (a fixed clock stays fixed at the later instant; a running clock gets an offset). */
    public synchronized void advance(Duration duration) {
        if (fixed != null) {
            fixed = fixed.plus(duration).truncatedTo(ChronoUnit.MILLIS);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Back to the system clock without offset. */
    public synchronized void system() {
        fixed = null;
        offset = Duration.ZERO;
    }

    public synchronized Mode mode() {
        return fixed != null ? Mode.FIXED : Mode.SYSTEM;
    }

    public synchronized Duration offset() {
        return offset;
    }
}
