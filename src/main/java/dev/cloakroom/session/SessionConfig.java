package dev.cloakroom.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "cloakroom.session")
public interface SessionConfig {

    /** A session not used for this long is expired. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session is expired this long after it was created, however active. */
    @WithDefault("12h")
    Duration absoluteTimeout();

    /** A read moves last-seen only when the stored value is older than this. */
    @WithDefault("60s")
    Duration touchInterval();

    /** Largest session data document, in bytes of UTF-8 JSON. */
    @WithDefault("65536")
    int maxDataBytes();

    /** Deepest nesting of objects and arrays in session data; the data object itself counts as one. */
    @WithDefault("32")
    int maxDataDepth();

    /**
     * Most live sessions one user may have; a login over it ends the user's least recently
     * used ones. 0 (or less) is no limit.
     */
    @WithDefault("0")
    int maxPerUser();

    Cookie cookie();

    interface Cookie {
        @WithDefault("SESSION")
        String name();

        /** Off only for plain-HTTP development; the dev and test profiles turn it off. */
        @WithDefault("true")
        boolean secure();
    }
}
