package dev.cloakroom.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the HTTP layer itself refuses, spoken on raw sockets: clients that send too much or too slowly. */
@QuarkusTest
class HttpLimitsTest {

    /** quarkus.http.idle-timeout, with slack for a busy machine. */
    private static final Duration SLOW_CLIENT_LIMIT = Duration.ofSeconds(75 + 15);

    @TestHTTPResource("/")
    URL server;

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedWithAProblemBeforeItIsSent() throws IOException {
        String token = Api.guestSession();
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            send(socket, "PUT /sessions/current/data HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + Api.bearer(token) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 300000\r\n\r\n");

            String answer = readAnswer(socket);

            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer.toLowerCase(), containsString("content-type: application/problem+json"));
            assertThat(answer, containsString("\"title\":\"Content Too Large\""));
            assertThat(answer, containsString("\"status\":413"));
            assertThat(answer, containsString("\"detail\":\"The request body may be at most 262144 bytes.\""));
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithAProblem() throws IOException {
        String token = Api.guestSession();
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            send(socket, "PUT /sessions/current/data HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + Api.bearer(token) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(32 * 1024);
            try {
                for (int i = 0; i < 10; i++) {
                    send(socket, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
            } catch (IOException e) {
                // refused and closed before the whole body was sent: the answer is still there to read
            }

            String answer = readAnswer(socket);

            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer.toLowerCase(), containsString("content-type: application/problem+json"));
            assertThat(answer, containsString("\"title\":\"Content Too Large\""));
            assertThat(answer, containsString("\"detail\":\"The request body may be at most 262144 bytes.\""));
        }
    }

    /**
     * The HTTP codec refuses these before any route sees them, with an empty body: Quarkus does
     * not let an application set Vert.x's invalid request handler. What holds is the status, a
     * 4xx and never a 5xx, and that the connection is closed.
     */
    @Test
    void theCodecRefusesMalformedAndOversizedHeadsWithTheirOwn4xx() throws IOException {
        assertThat(refusal("GET /sessions/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                startsWith("HTTP/1.0 414"));
        assertThat(refusal("GET /sessions/current HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(30_000)
                + "\r\n\r\n"), startsWith("HTTP/1.1 431"));
        assertThat(refusal("GET /sessions/current HTTP/1.1\r\nHost: localhost\r\nnot a header\r\n\r\n"),
                startsWith("HTTP/1.1 400"));
    }

    private String refusal(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            send(socket, request);
            String answer = readAnswer(socket);
            assertTrue(answer.endsWith("\r\n\r\n"), "more than an empty answer, or not closed: " + answer);
            return answer;
        }
    }

    @Test
    void aClientThatNeverFinishesItsRequestLineIsDisconnected() throws IOException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(1_000);
            send(socket, "GET /sessions/cur");
            long deadline = System.nanoTime() + SLOW_CLIENT_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (socket.getInputStream().read() < 0) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: look again
                } catch (IOException e) {
                    return; // reset by the server: closed as well
                }
            }
            fail("the connection was still open after " + SLOW_CLIENT_LIMIT.toSeconds() + " s");
        }
    }

    private Socket connect() throws IOException {
        return new Socket(server.getHost(), server.getPort());
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection or goes quiet for the socket's timeout. */
    private static String readAnswer(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            assertTrue(answer.size() > 0, "no answer within " + socket.getSoTimeout() + " ms");
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
