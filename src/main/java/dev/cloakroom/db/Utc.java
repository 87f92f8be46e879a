package dev.cloakroom.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one place where instants meet time columns. Entities hold {@link Instant}s ({@link
 * InstantColumns} converts them); statements written by hand bind through here.
 *
 * <p>Time columns are DATETIME(6) holding UTC. Binding {@link LocalDateTime} sends the value as
 * written, so neither the JVM's nor the database server's time zone can shift it.
 *
 * <p>Values are kept to whole seconds: MySQL Connector/J reads MariaDB's version as "5.5.5" and
 * then drops fractional seconds when it binds a value, so on MariaDB only whole seconds would
 * survive. Truncating here gives every engine the same stored value and the API the same answer
 * before and after a round trip.
 */
public final class Utc {

    private Utc() {
    }

    /**
     * The current instant as a column keeps it: what a service stamps on a row, so that the
     * answer it gives now is the one a later read gives.
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    public static LocalDateTime toColumn(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    }

    public static Instant fromColumn(LocalDateTime column) {
        return column == null ? null : column.toInstant(ZoneOffset.UTC);
    }
}
