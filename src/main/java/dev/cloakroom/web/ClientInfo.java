package dev.cloakroom.web;

/** What a new session records about the client that opened it. */
public record ClientInfo(String userAgent, String ip) {

    private static final int MAX_USER_AGENT = 255;

    public ClientInfo {
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
