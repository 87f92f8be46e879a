package dev.cloakroom.cluster;

import static io.restassured.RestAssured.given;

import dev.cloakroom.testsupport.GaleraNode;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app}, what production runs) started as a process of
 * its own against one database node, with the scheduler off: pruning runs when a test asks.
 */
final class ServiceInstance implements AutoCloseable {

    static final String ADMIN_LOGIN = "cluster-admin";
    static final String ADMIN_PASSWORD = "cluster-admin-password";
    static final String PASSWORD = "correct horse battery";

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private ServiceInstance(String name, int port, int managementPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts instance {@code name} on {@code node} and returns once it reports ready. */
    static ServiceInstance start(String name, GaleraNode node) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the cluster tests run after the package phase");
        }
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "cluster-it", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", node.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", "root");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_SCHEDULER_ENABLED", "false");
        env.put("CLOAKROOM_INSTANCE", name);
        env.put("CLOAKROOM_SESSION_COOKIE_SECURE", "false");
        env.put("CLOAKROOM_USERS_BCRYPT_COST", "4");
        env.put("CLOAKROOM_ADMIN_LOGIN_NAME", ADMIN_LOGIN);
        env.put("CLOAKROOM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        ServiceInstance instance = new ServiceInstance(name, port, managementPort, builder.start(), log);
        instance.awaitReady();
        return instance;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance " + name + " exited while starting; log:\n" + tail());
            }
            if (ready()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling for readiness, not standing in for it
        }
        close();
        throw new IllegalStateException("instance " + name + " not ready within " + START_TIMEOUT + "; log:\n" + tail());
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(
                    "http://127.0.0.1:" + managementPort + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** A request to this instance. */
    RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(port);
    }

    /** A request to this instance's management interface (health, metrics). */
    RequestSpecification management() {
        return given().baseUri("http://127.0.0.1").port(managementPort);
    }

    RequestSpecification as(String token) {
        return http().header("Authorization", "Bearer " + token);
    }

    void signUp(String loginName) {
        http().contentType(ContentType.JSON).body(Map.of("loginName", loginName, "password", PASSWORD))
                .when().post("/users").then().statusCode(201);
    }

    String login(String loginName, String password) {
        return http().contentType(ContentType.JSON).body(Map.of("loginName", loginName, "password", password))
                .when().post("/sessions").then().statusCode(201).extract().jsonPath().getString("token");
    }

    String adminToken() {
        return login(ADMIN_LOGIN, ADMIN_PASSWORD);
    }

    String name() {
        return name;
    }

    String tail() throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
