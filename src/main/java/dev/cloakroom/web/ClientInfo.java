package dev.cloakroom.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

/** What a new session records about the client that opened it. */
public record ClientInfo(String userAgent, String ip) {

    private static final int MAX_USER_AGENT = 255;

    /** The user agent a request names, and the address it came from (as forwarded by a trusted proxy, where one is configured). */
    public static ClientInfo of(HttpHeaders headers, HttpServerRequest request) {
        return new ClientInfo(headers.getHeaderString(HttpHeaders.USER_AGENT),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    public ClientInfo {
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
