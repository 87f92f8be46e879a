package dev.cloakroom.session;

import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * A readable name for the device a session was opened on ("Chrome 131 on Mac OS X", "Firefox
 * Mobile 133 on Android"), from its stored user agent, by uap-java and the patterns the ua-parser
 * project maintains for all its ports. The system's version is left out: browsers freeze or
 * reduce it (macOS stays at 10.15.7, Windows 11 says 10, Chrome on Android says 10).
 */
final class DeviceNames {

    /** What the patterns answer for a browser or system they do not know. */
    private static final String UNKNOWN = "Other";

    private DeviceNames() {
    }

    /**
     * Built on first use, not at start-up: reading and compiling the patterns costs far more than
     * any one parse, and only the list of a user's sessions needs them.
     */
    private static final class Patterns {
        static final Parser PARSER = new Parser();
    }

    /** The device's name, or null when the user agent names neither a known browser nor a known system. */
    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        UserAgent browser = Patterns.PARSER.parseUserAgent(userAgent);
        OS system = Patterns.PARSER.parseOS(userAgent);
        String browserName = known(browser.family) ? withMajor(browser.family, browser.major) : null;
        String systemName = known(system.family) ? system.family : null;
        if (browserName != null && systemName != null) {
            return browserName + " on " + systemName;
        }
        return browserName != null ? browserName : systemName;
    }

    private static boolean known(String family) {
        return family != null && !family.isBlank() && !UNKNOWN.equals(family);
    }

    private static String withMajor(String family, String major) {
        return major == null || major.isBlank() ? family : family + " " + major;
    }
}
