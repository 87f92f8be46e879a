package dev.cloakroom.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs one event to the webhook, signed the way Stripe signs: the header
 * {@value #SIGNATURE_HEADER} is {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, so a
 * receiver checks the body and the time together and can refuse an old replay.
 */
final class WebhookSender {

    static final String SIGNATURE_HEADER = "Cloakroom-Signature";
    static final String EVENT_ID_HEADER = "Cloakroom-Event-Id";

    private final HttpClient client;
    private final ObjectMapper json;
    private final URI url;
    private final byte[] secret;
    private final Duration timeout;

    WebhookSender(ObjectMapper json, URI url, String secret, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = json;
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
    }

    /** Whether the endpoint acknowledged the event (any 2xx). A failure to connect or a timeout is a no. */
    boolean send(SessionEvent event) throws InterruptedException {
        try {
            byte[] body = json.writeValueAsBytes(EventDocument.of(event));
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(EVENT_ID_HEADER, Long.toString(event.id()))
                    .header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event did not serialise", e);
        } catch (IOException e) {
            return false;
        }
    }

    /** Hex HMAC-SHA256, under {@code secret}, of the timestamp, a dot, and the body. */
    static String sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
