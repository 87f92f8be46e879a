package dev.cloakroom.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "cloakroom.events")
public interface EventsConfig {

    /**
     * Whether session lifecycle events are written to the outbox. Off, no change writes one (and
     * none is lost that matters to anyone: nobody reads them).
     */
    @WithDefault("true")
    boolean enabled();

    /** Events older than this are deleted by the pruner, read or not, delivered or not. */
    @WithDefault("7d")
    Duration retention();

    Webhook webhook();

    /** Push delivery: every event POSTed to one URL, signed, in order, at least once. */
    interface Webhook {

        /** Where events are POSTed (http or https); without it nothing is pushed. */
        Optional<URI> url();

        /** The key of the HMAC-SHA256 signature; required with a URL. */
        Optional<String> secret();

        /** How often the delivering instance looks for new events. */
        @WithDefault("1s")
        Duration every();

        /** How long one POST may take, connection included, before it counts as failed. */
        @WithDefault("5s")
        Duration timeout();

        /** Longest wait before the next try after failures (1 s, 2 s, 4 s... up to this). */
        @WithDefault("5m")
        Duration maxBackoff();

        /** How long the delivery lease lasts without renewal. */
        @WithDefault("30s")
        Duration leaseTime();
    }
}
