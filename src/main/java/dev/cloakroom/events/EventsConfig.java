package dev.cloakroom.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "cloakroom.events")
public interface EventsConfig {

    /**
     * Whether session lifecycle events are written to the outbox. Off, no change writes one (and
     * none is lost that matters to anyone: nobody reads them).
     */
    @WithDefault("true")
    boolean enabled();

    /** Events older than this are deleted by the pruner, read or not. */
    @WithDefault("7d")
    Duration retention();
}
