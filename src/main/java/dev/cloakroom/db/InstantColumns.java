package dev.cloakroom.db;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Every {@link Instant} attribute of an entity is stored as a UTC {@code DATETIME(6)} through
 * {@link Utc}, so entities and services work with instants and never see a column value.
 */
@Converter(autoApply = true)
public class InstantColumns implements AttributeConverter<Instant, LocalDateTime> {

    @Override
    public LocalDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Utc.toColumn(instant);
    }

    @Override
    public Instant convertToEntityAttribute(LocalDateTime column) {
        return Utc.fromColumn(column);
    }
}
