package dev.cloakroom.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    private static SessionConfig config(String name, boolean secure) {
        return new SessionConfig() {
            public Duration idleTimeout() {
                return Duration.ofMinutes(30);
            }

            public Duration absoluteTimeout() {
                return Duration.ofHours(12);
            }

            public Duration touchInterval() {
                return Duration.ofSeconds(60);
            }

            public int maxDataBytes() {
                return 65536;
            }

            @Override
            public int maxDataDepth() {
                return 32;
            }

            public int maxPerUser() {
                return 0;
            }

            public Cookie cookie() {
                return new Cookie() {
                    public String name() {
                        return name;
                    }

                    public boolean secure() {
                        return secure;
                    }
                };
            }
        };
    }

    @Test
    void aSecureCookieCarriesEveryAttributeOfTheContract() {
        assertEquals("sid=abc; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure",
                new SessionCookies(config("sid", true)).issue("abc", 600));
    }

    @Test
    void clearingExpiresTheCookieAtOnce() {
        assertEquals("SESSION=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax; Secure",
                new SessionCookies(config("SESSION", true)).clear());
    }
}
