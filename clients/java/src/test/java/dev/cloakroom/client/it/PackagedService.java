package dev.cloakroom.client.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged service in a process of its own, on free ports, with a database of its own. */
final class PackagedService implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String baseUri;

    private PackagedService(Process process, Path log, String baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    static PackagedService start() throws IOException, InterruptedException {
        String jar = System.getProperty("cloakroom.app");
        String database = System.getProperty("cloakroom.db", "cloakroom_client_check");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("No packaged service at " + jar + ": run the service's build first");
        }
        int port = freePort();
        Path log = Files.createTempFile("cloakroom-client-check", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + freePort(),
                "-Dquarkus.datasource.jdbc.url=jdbc:mysql://127.0.0.1:3306/" + database + "?createDatabaseIfNotExist=true",
                "-Dquarkus.datasource.username=root",
                "-Dquarkus.datasource.password=",
                "-Dcloakroom.session.cookie.secure=false",
                "-Dcloakroom.prune.enabled=false",
                "-jar", jar));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedService service = new PackagedService(process, log, "http://127.0.0.1:" + port);
        service.awaitStarted(Duration.ofSeconds(90));
        return service;
    }

    /** Until the service answers its OpenAPI document: it is then taking requests. */
    private void awaitStarted(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service stopped while starting:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(baseUri + "/q/openapi")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling for the condition, with the deadline above
        }
        throw new IllegalStateException("The service did not start within " + limit + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
