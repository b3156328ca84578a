package io.tradinggrid.emulator.servicenow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** ServiceNow's glide date-time text: "yyyy-MM-dd HH:mm:ss", UTC in the database, the user's zone for display. */
final class SnTime {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SnTime() {
    }

    static String utc(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** A database (UTC) value shown in the user's time zone; text that is not a date-time is returned as is. */
    static String display(String utcValue, ZoneId zone) {
        Instant instant = parseUtc(utcValue);
        return instant == null ? utcValue : FORMAT.format(LocalDateTime.ofInstant(instant, zone));
    }

    /** A value typed in the user's time zone (input display value, gs.dateGenerate) as a UTC database value. */
    static String fromZone(String localValue, ZoneId zone) {
        try {
            LocalDateTime local = LocalDateTime.parse(localValue.trim(), FORMAT);
            return utc(local.atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return localValue;
        }
    }

    static Instant parseUtc(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
