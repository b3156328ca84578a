package io.tradinggrid.emulator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as the Workflow Service writes them: {@code 2018-04-17T10:17:43.902+0000}, always UTC. */
final class Times {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    /** Parses the service format, any ISO-8601 date-time with offset, an instant, or a plain date (UTC midnight); null if none fits. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t, FORMAT).toInstant();
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")).toInstant();
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    /** now + an ISO-8601 duration ({@code PT4H}, {@code P3D}) or period ({@code P1W}, {@code P1M}); null if not a duration. */
    static Instant plusIsoDuration(Instant now, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (!t.startsWith("P") && !t.startsWith("p")) {
            return null;
        }
        try {
            return now.plus(Duration.parse(t));
        } catch (DateTimeParseException ignored) {
            // a period?
        }
        try {
            return now.atOffset(ZoneOffset.UTC).plus(Period.parse(t)).toInstant();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
