import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP traffic against Cloakroom, for bench/prune. Run with the source launcher:
 *
 * <pre>java bench/Driver.java --url http://127.0.0.1:18089 --live-first 1500001 --live-last 2000000 ...</pre>
 *
 * Request k is due at t0 + k / rate, whatever happened to earlier requests; its latency is
 * measured from that due time, so a stall of the service shows up as latency of every request
 * that was due during it (no coordinated omission). At most --connections requests are in
 * flight; a request due while all are busy waits, and that wait is part of its latency.
 *
 * Mix (default 80/15/5): GET /sessions/current and PUT /sessions/current/data with the bearer
 * token of a random live seeded session (see "Bench session tokens" below: the one definition of
 * them, which bench/seed uses too), and POST /sessions without a body (a new guest session).
 * Any non-2xx answer (a 401 for a live token included) or exception is an error.
 *
 * With --warmup S it first warms a freshly started service up, unmeasured, with a closed loop
 * of --warmup-connections connections (default 8) until it serves --warmup-target req/s
 * (default 1.25 x rate), for at most S seconds; the open loop starts after.
 *
 * Stops after --duration seconds (of the open loop), or earlier when --stop-file exists. Requests
 * due before the stop are still sent, except those still waiting for a connection --drain
 * seconds (default 30) after the stop: they count as errors ("abandoned") with the latency
 * they had reached. Writes a per-second CSV
 * (bucketed by due time) and a key=value summary; with --window START_MS,END_MS (or a
 * window file) the summary also covers the requests due inside that window.
 */
public class Driver {

    static final int GET = 0, PUT = 1, POST = 2;
    static final String[] TYPE_NAMES = {"get", "put", "post"};
    // outcome codes
    static final byte PENDING = 0, OK = 1, E401 = 2, E4XX = 3, E5XX = 4, EXC = 5, EOTHER = 6;

    // settings
    String url = "http://127.0.0.1:8080";
    int rate = 1000;
    int durationS = 600;
    long liveFirst = 1, liveLast = 1;
    int pctGet = 80, pctPut = 15;
    int connections = 128;
    int timeoutS = 30;
    long seed = 42;
    Path stopFile, csvFile, summaryFile, windowFile;
    long windowStartMs = -1, windowEndMs = -1;
    String label = "";
    int ioThreads = 2;
    String client = "socket";
    int warmupS = 0, warmupConnections = 8, warmupTarget = 0;
    String warmupSummary = "";

    // per-request state, indexed by request number
    int[] latencyUs;
    byte[] outcome;
    byte[] type;
    AtomicLongArray lagNs; // per second: the worst lateness sending a request
    volatile int stopK; // requests from this index on are not sent
    volatile boolean stopRequested;
    volatile long stopNanos; // when the stop was requested
    int drainS = 30;
    final AtomicInteger abandoned = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final CountDownLatch reported = new CountDownLatch(1);
    volatile long t0Nanos, t0EpochMs;
    volatile int dispatched;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--token-hash-sql")) {
            System.out.println(tokenHashSql(args[1]));
            return;
        }
        if (args.length == 2 && args[0].equals("--token")) {
            String token = token(sha256(), Long.parseLong(args[1]));
            System.out.println(token + " " + tokenHashHex(token));
            return;
        }
        if (args.length == 3 && args[0].equals("--tokens")) {
            MessageDigest sha = sha256();
            StringBuilder lines = new StringBuilder();
            for (long i = Long.parseLong(args[1]); i <= Long.parseLong(args[2]); i++) {
                lines.append(token(sha, i)).append('\n');
            }
            System.out.print(lines);
            return;
        }
        Driver d = new Driver();
        d.parse(args);
        d.run();
    }

    void parse(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            String v = i + 1 < a.length ? a[i + 1] : null;
            switch (k) {
                case "--url" -> url = v;
                case "--rate" -> rate = Integer.parseInt(v);
                case "--duration" -> durationS = Integer.parseInt(v);
                case "--live-first" -> liveFirst = Long.parseLong(v);
                case "--live-last" -> liveLast = Long.parseLong(v);
                case "--mix" -> {
                    String[] p = v.split(",");
                    pctGet = Integer.parseInt(p[0]);
                    pctPut = Integer.parseInt(p[1]);
                    if (p.length > 2 && pctGet + pctPut + Integer.parseInt(p[2]) != 100) {
                        throw new IllegalArgumentException("--mix must add up to 100");
                    }
                }
                case "--connections" -> connections = Integer.parseInt(v);
                case "--timeout" -> timeoutS = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--stop-file" -> stopFile = Path.of(v);
                case "--csv" -> csvFile = Path.of(v);
                case "--summary" -> summaryFile = Path.of(v);
                case "--window-file" -> windowFile = Path.of(v);
                case "--window" -> {
                    String[] p = v.split(",");
                    windowStartMs = Long.parseLong(p[0]);
                    windowEndMs = Long.parseLong(p[1]);
                }
                case "--label" -> label = v;
                case "--io-threads" -> ioThreads = Integer.parseInt(v);
                case "--client" -> client = v;
                case "--warmup" -> warmupS = Integer.parseInt(v);
                case "--drain" -> drainS = Integer.parseInt(v);
                case "--warmup-connections" -> warmupConnections = Integer.parseInt(v);
                case "--warmup-target" -> warmupTarget = Integer.parseInt(v);
                case "-h", "--help" -> {
                    System.out.println("see the comment at the top of bench/Driver.java and bench/README.md");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
            i++;
        }
        if (rate < 1 || durationS < 1 || (long) rate * durationS > 20_000_000L) {
            throw new IllegalArgumentException("rate * duration must be between 1 and 20,000,000 requests");
        }
        if (liveLast < liveFirst) {
            throw new IllegalArgumentException("--live-last < --live-first");
        }
    }

    void run() throws Exception {
        int max = rate * durationS;
        latencyUs = new int[max];
        outcome = new byte[max];
        type = new byte[max];
        lagNs = new AtomicLongArray(durationS + 1);
        stopK = max;

        if (stopFile != null) {
            Files.deleteIfExists(stopFile);
        }
        // SIGTERM / Ctrl-C: stop sending, and give the report time to be written
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requestStop();
            try {
                reported.await(timeoutS + 15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
            }
        }));
        if (warmupS > 0) {
            warmUp();
            if (stopFile != null && Files.exists(stopFile)) {
                stopRequested = true;
            }
        }
        System.err.printf(Locale.ROOT, "driver%s: %d req/s for at most %d s against %s, live tokens %d..%d, mix %d/%d/%d, %d connections, %s client%n",
                label.isEmpty() ? "" : " [" + label + "]", rate, durationS, url, liveFirst, liveLast,
                pctGet, pctPut, 100 - pctGet - pctPut, connections, client);
        long cpu0 = cpuNanos();
        synchronized (this) {
            t0EpochMs = System.currentTimeMillis();
            t0Nanos = System.nanoTime();
            if (stopRequested) { // stopped during the warm-up: nothing to measure
                stopK = 0;
            }
        }
        Thread watcher = new Thread(() -> {
            while (stopK == max && System.nanoTime() - t0Nanos < (long) durationS * 1_000_000_000L) {
                if (stopFile != null && Files.exists(stopFile)) {
                    requestStop();
                }
                LockSupport.parkNanos(50_000_000L);
            }
            requestStop(); // the duration is over: starts the --drain clock
        }, "driver-stop-watch");
        watcher.setDaemon(true);
        watcher.start();

        if (client.equals("jdk")) {
            runJdkClient(max);
        } else {
            runSocketClient(max);
        }
        long cpu = cpuNanos() - cpu0;
        double wallS = (System.nanoTime() - t0Nanos) / 1e9;
        int done = completed.get();
        for (int i = 0; i < dispatched; i++) {
            if (outcome[i] == PENDING) { // never answered: an error lasting until we gave up
                outcome[i] = EXC;
                latencyUs[i] = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - due(i)) / 1000);
            }
        }
        readWindowFile();
        report(wallS, cpu, done, dispatched / (double) rate);
        reported.countDown();
    }

    /**
     * JIT warm-up of a freshly started service, not measured: --warmup-connections connections
     * send the same mix back to back (closed loop, so no backlog builds up). A fresh JVM needs
     * minutes of load before its JIT compilers have caught up, so this goes on until a 5-second
     * interval reaches --warmup-target req/s (default 1.25 x --rate: the service then has
     * headroom for the open loop), at least 10 s and at most --warmup seconds.
     */
    void warmUp() throws InterruptedException {
        URI u = URI.create(url);
        String host = u.getHost();
        int port = u.getPort() < 0 ? 80 : u.getPort();
        byte[] hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime(), end = start + warmupS * 1_000_000_000L;
        int target = warmupTarget > 0 ? warmupTarget : (int) Math.ceil(rate * 1.25);
        AtomicInteger next = new AtomicInteger(Integer.MIN_VALUE / 2); // a sequence of its own
        AtomicInteger sent = new AtomicInteger(), failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] workers = new Thread[warmupConnections];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                MessageDigest sha = sha256();
                HttpConnection conn = new HttpConnection(host, port, timeoutS * 1000);
                while (!done.get()) {
                    int k = next.getAndIncrement();
                    int status;
                    try {
                        status = switch (typeOf(k)) {
                            case GET -> conn.exchange("GET /sessions/current", hostHeader, token(sha, tokenIndexOf(k)), null);
                            case PUT -> conn.exchange("PUT /sessions/current/data", hostHeader, token(sha, tokenIndexOf(k)), putBody(k));
                            default -> conn.exchange("POST /sessions", hostHeader, null, "");
                        };
                    } catch (IOException e) {
                        conn.close();
                        status = -1;
                    }
                    sent.incrementAndGet();
                    if (status < 200 || status > 299) {
                        failed.incrementAndGet();
                    }
                }
                conn.close();
            }, "driver-warmup-" + w);
            workers[w].start();
        }
        // every 5 s: the throughput of the last interval
        List<String> steps = new ArrayList<>();
        int lastCount = 0, lastRate = 0;
        long intervalStart = start;
        boolean reached = false;
        while (true) {
            long now = System.nanoTime();
            long stepEnd = Math.min(intervalStart + 5_000_000_000L, end);
            if (stepEnd > now) {
                LockSupport.parkNanos(stepEnd - now);
                continue;
            }
            int count = sent.get();
            lastRate = (int) ((count - lastCount) * 1e9 / Math.max(1, stepEnd - intervalStart));
            steps.add(String.valueOf(lastRate));
            lastCount = count;
            intervalStart = stepEnd;
            reached = lastRate >= target && stepEnd - start >= 10_000_000_000L;
            if (reached || stepEnd >= end || stopRequested || (stopFile != null && Files.exists(stopFile))) {
                break;
            }
        }
        done.set(true);
        for (Thread w : workers) {
            w.join();
        }
        warmupSummary = String.format(Locale.ROOT, "%.0f s, %d requests, %d errors, %s (target %d req/s) - req/s per 5 s: %s",
                (System.nanoTime() - start) / 1e9, sent.get(), failed.get(), reached ? "reached" : "NOT REACHED",
                target, String.join(" ", steps));
        System.err.printf(Locale.ROOT, "driver%s: warm-up (closed loop, %d connections): %s%n",
                label.isEmpty() ? "" : " [" + label + "]", warmupConnections, warmupSummary);
    }

    /** Stops sending: requests due from now on are not sent. */
    synchronized void requestStop() {
        stopRequested = true;
        if (t0Nanos != 0 && stopK == rate * durationS) {
            stopNanos = System.nanoTime();
            long now = stopNanos - t0Nanos;
            stopK = (int) Math.min(stopK, Math.max(0, (now * rate + 999_999_999L) / 1_000_000_000L));
        }
    }

    long due(int k) {
        return t0Nanos + (long) k * 1_000_000_000L / rate;
    }

    /** The request mix is a function of k and --seed only, identical in every run. */
    int typeOf(int k) {
        int roll = (int) Math.floorMod(mix64(seed * 0x9E3779B97F4A7C15L + k), 100L);
        return roll < pctGet ? GET : roll < pctGet + pctPut ? PUT : POST;
    }

    long tokenIndexOf(int k) {
        return liveFirst + Math.floorMod(mix64(seed * 0xC2B2AE3D27D4EB4FL + k + 0x1234567L), liveLast - liveFirst + 1);
    }

    static long mix64(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- Bench session tokens ------------------------------------------------------------------
    // The one definition of the seeded sessions' tokens. bench/seed does not repeat it: it runs
    //   java bench/Driver.java --token-hash-sql i    for the SQL of the token_hash column, and
    //   java bench/Driver.java --token N             (prints the token and its hash, hex) to check
    // that the row it seeded last holds exactly the hash of the token this driver sends for it.
    //   java bench/Driver.java --tokens FIRST LAST   prints the tokens of a range, one a line
    // (bench/http hands them to wrk).
    //
    // Session i's secret is SHA-256(SECRET_PREFIX + i). Its token has the service's format:
    // base64url, without padding, of i (8 bytes, big-endian) followed by the 32-byte secret, 54
    // characters. The row stores token_hash = SHA-256(secret), as the service computes it.

    static final String SECRET_PREFIX = "bench-";

    static String token(MessageDigest sha, long i) {
        byte[] secret = sha.digest((SECRET_PREFIX + i).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(8 + secret.length).putLong(i).put(secret).array());
    }

    /** The token_hash of session {@code i}, as a SQL expression over the SQL expression {@code i}. */
    static String tokenHashSql(String i) {
        return "UNHEX(SHA2(UNHEX(SHA2(CONCAT('" + SECRET_PREFIX + "', " + i + "), 256)), 256))";
    }

    /** The hash the service looks a token up by: SHA-256 of the bytes after the 8-byte id, hex. */
    static String tokenHashHex(String token) {
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        byte[] hash = sha256().digest(Arrays.copyOfRange(bytes, 8, bytes.length));
        StringBuilder hex = new StringBuilder();
        for (byte b : hash) {
            hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        return hex.toString();
    }

    String putBody(int k) {
        return "{\"cart\":[{\"sku\":\"b" + (k % 1000) + "\",\"qty\":" + (1 + k % 3) + "}],\"step\":" + k + "}";
    }

    void record(int k, long dueNanos, int status) {
        long lat = System.nanoTime() - dueNanos;
        latencyUs[k] = (int) Math.min(Integer.MAX_VALUE, Math.max(1, lat / 1000));
        outcome[k] = status < 0 ? EXC : status >= 200 && status < 300 ? OK : status == 401 ? E401
                : status >= 500 ? E5XX : status >= 400 ? E4XX : EOTHER;
        completed.incrementAndGet(); // publishes the two writes above to the reporting thread
    }

    void noteLag(long dueNanos, long sentNanos) {
        int sec = (int) ((dueNanos - t0Nanos) / 1_000_000_000L);
        long lag = sentNanos - dueNanos;
        lagNs.accumulateAndGet(sec, lag, Math::max);
    }

    // ---- client 1 (default): one blocking keep-alive socket per worker thread -------------------

    void runSocketClient(int max) throws InterruptedException {
        URI u = URI.create(url);
        String host = u.getHost();
        int port = u.getPort() < 0 ? 80 : u.getPort();
        byte[] hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicInteger next = new AtomicInteger();
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                MessageDigest sha = sha256();
                HttpConnection conn = new HttpConnection(host, port, timeoutS * 1000);
                try {
                    while (true) {
                        int k = next.getAndIncrement();
                        if (k >= stopK || k >= max) {
                            return;
                        }
                        long due = due(k);
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (k >= stopK) { // stopped while we waited
                            return;
                        }
                        if (stopNanos != 0 && System.nanoTime() - stopNanos > drainS * 1_000_000_000L) {
                            // still not sent --drain seconds after the stop: the service is far
                            // behind; count it as an error instead of waiting any longer
                            type[k] = (byte) typeOf(k);
                            abandoned.incrementAndGet();
                            record(k, due, -1);
                            continue;
                        }
                        int t = typeOf(k);
                        type[k] = (byte) t;
                        inFlight.incrementAndGet();
                        noteLag(due, System.nanoTime());
                        int status;
                        try {
                            status = switch (t) {
                                case GET -> conn.exchange("GET /sessions/current", hostHeader,
                                        token(sha, tokenIndexOf(k)), null);
                                case PUT -> conn.exchange("PUT /sessions/current/data", hostHeader,
                                        token(sha, tokenIndexOf(k)), putBody(k));
                                default -> conn.exchange("POST /sessions", hostHeader, null, "");
                            };
                        } catch (IOException e) {
                            conn.close();
                            status = -1;
                        }
                        inFlight.decrementAndGet();
                        record(k, due, status);
                    }
                } finally {
                    conn.close();
                }
            }, "driver-" + w);
            workers[w].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        dispatched = Math.min(stopK, max);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Minimal HTTP/1.1 keep-alive client: Content-Length and chunked bodies, reconnects. */
    static final class HttpConnection {
        final String host;
        final int port, timeoutMs;
        Socket socket;
        BufferedInputStream in;
        OutputStream out;
        final byte[] skip = new byte[8192];

        HttpConnection(String host, int port, int timeoutMs) {
            this.host = host;
            this.port = port;
            this.timeoutMs = timeoutMs;
        }

        int exchange(String requestLine, byte[] hostHeader, String bearer, String jsonBody) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), Math.min(timeoutMs, 5000));
                socket.setSoTimeout(timeoutMs);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            }
            StringBuilder sb = new StringBuilder(256).append(requestLine).append(" HTTP/1.1\r\n");
            sb.append(new String(hostHeader, StandardCharsets.US_ASCII));
            if (bearer != null) {
                sb.append("Authorization: Bearer ").append(bearer).append("\r\n");
            }
            byte[] body = null;
            if (jsonBody != null) {
                body = jsonBody.getBytes(StandardCharsets.UTF_8);
                if (body.length > 0) {
                    sb.append("Content-Type: application/json\r\n");
                }
                sb.append("Content-Length: ").append(body.length).append("\r\n");
            }
            sb.append("\r\n");
            if (body != null) {
                sb.append(jsonBody);
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            // status line and headers
            String status = readLine();
            if (status == null || !status.startsWith("HTTP/1.")) {
                throw new IOException("bad status line " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = status.startsWith("HTTP/1.0");
            String h;
            while ((h = readLine()) != null && !h.isEmpty()) {
                int c = h.indexOf(':');
                if (c < 0) {
                    continue;
                }
                String name = h.substring(0, c).trim(), value = h.substring(c + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            if (h == null) {
                throw new IOException("connection closed in headers");
            }
            if (chunked) {
                while (true) {
                    String sizeLine = readLine();
                    if (sizeLine == null) {
                        throw new IOException("connection closed in body");
                    }
                    int semi = sizeLine.indexOf(';');
                    long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while ((h = readLine()) != null && !h.isEmpty()) { } // trailers
                        break;
                    }
                    skipFully(size);
                    readLine();
                }
            } else if (length >= 0) {
                skipFully(length);
            } else if (code != 204 && code != 304 && code >= 200) {
                while (in.read(skip) >= 0) { } // body until the server closes
                close = true;
            }
            if (close) {
                close();
            }
            return code;
        }

        void skipFully(long n) throws IOException {
            while (n > 0) {
                int r = in.read(skip, 0, (int) Math.min(skip.length, n));
                if (r < 0) {
                    throw new IOException("connection closed in body");
                }
                n -= r;
            }
        }

        String readLine() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                }
                socket = null;
            }
        }
    }

    // ---- client 2 (--client jdk): java.net.http.HttpClient with sendAsync ----------------------

    void runJdkClient(int max) throws InterruptedException {
        ExecutorService io = Executors.newFixedThreadPool(ioThreads, r -> {
            Thread t = new Thread(r, "driver-io");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(io)
                .build();
        URI current = URI.create(url + "/sessions/current");
        URI data = URI.create(url + "/sessions/current/data");
        URI sessions = URI.create(url + "/sessions");
        Duration timeout = Duration.ofSeconds(timeoutS);
        Semaphore permits = new Semaphore(connections);
        MessageDigest sha = sha256();
        int k = 0;
        for (; k < max && k < stopK; k++) {
            long due = due(k);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (k >= stopK) {
                break;
            }
            int t = typeOf(k);
            type[k] = (byte) t;
            HttpRequest request;
            if (t == POST) {
                request = HttpRequest.newBuilder(sessions).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
            } else {
                HttpRequest.Builder b = HttpRequest.newBuilder(t == GET ? current : data).timeout(timeout)
                        .header("Authorization", "Bearer " + token(sha, tokenIndexOf(k)));
                if (t == PUT) {
                    b.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(putBody(k)));
                } else {
                    b.GET();
                }
                request = b.build();
            }
            permits.acquireUninterruptibly();
            noteLag(due, System.nanoTime());
            inFlight.incrementAndGet();
            final int idx = k;
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                inFlight.decrementAndGet();
                record(idx, due, err != null ? -1 : resp.statusCode());
                permits.release();
            });
        }
        dispatched = k;
        long deadline = System.nanoTime() + (timeoutS + 5) * 1_000_000_000L;
        while (completed.get() < dispatched && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        io.shutdownNow();
    }

    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    void readWindowFile() throws IOException {
        if (windowFile != null && Files.exists(windowFile)) {
            String[] p = Files.readString(windowFile).trim().split("[,\\s]+");
            if (p.length >= 2) {
                windowStartMs = Long.parseLong(p[0]);
                windowEndMs = Long.parseLong(p[1]);
            }
        }
    }

    // ---- statistics ---------------------------------------------------------------------------

    /** Requests due in [fromK, toK): count, errors and latency percentiles. */
    static final class Stats {
        int n, errors, e401, e4xx, e5xx, exc;
        double p50, p90, p99, p999, max;
        double[] typeP99 = new double[3];
        int[] typeN = new int[3];
    }

    Stats stats(int fromK, int toK) {
        Stats s = new Stats();
        fromK = Math.max(0, fromK);
        toK = Math.min(dispatched, toK);
        if (toK <= fromK) {
            return s;
        }
        int[] all = new int[toK - fromK];
        int[][] byType = new int[3][toK - fromK];
        for (int i = fromK; i < toK; i++) {
            int lat = latencyUs[i];
            all[s.n++] = lat;
            int t = type[i];
            byType[t][s.typeN[t]++] = lat;
            switch (outcome[i]) {
                case OK -> { }
                case E401 -> s.e401++;
                case E4XX, EOTHER -> s.e4xx++;
                case E5XX -> s.e5xx++;
                default -> s.exc++;
            }
        }
        s.errors = s.e401 + s.e4xx + s.e5xx + s.exc;
        Arrays.sort(all, 0, s.n);
        s.p50 = pct(all, s.n, 0.50);
        s.p90 = pct(all, s.n, 0.90);
        s.p99 = pct(all, s.n, 0.99);
        s.p999 = pct(all, s.n, 0.999);
        s.max = all[s.n - 1] / 1000.0;
        for (int t = 0; t < 3; t++) {
            Arrays.sort(byType[t], 0, s.typeN[t]);
            s.typeP99[t] = s.typeN[t] == 0 ? Double.NaN : pct(byType[t], s.typeN[t], 0.99);
        }
        return s;
    }

    /** Nearest-rank percentile of sorted[0..n), in milliseconds. */
    static double pct(int[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.min(n, Math.max(1, rank)) - 1] / 1000.0;
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** First request due at or after epoch millisecond ms. */
    int kAt(long ms) {
        long offNs = (ms - t0EpochMs) * 1_000_000L;
        if (offNs <= 0) {
            return 0;
        }
        return (int) Math.min(dispatched, (offNs * rate + 999_999_999L) / 1_000_000_000L);
    }

    static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    void report(double wallS, long cpuNs, int done, double sendS) throws IOException {
        int seconds = (dispatched + rate - 1) / rate;
        List<Stats> perSecond = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            perSecond.add(stats(s * rate, (s + 1) * rate));
        }
        if (csvFile != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csvFile))) {
                w.println("sec,epoch_ms,requests,errors,err_401,err_4xx,err_5xx,err_exc,p50_ms,p90_ms,p99_ms,max_ms,get_p99_ms,put_p99_ms,post_p99_ms,send_lag_max_ms");
                for (int s = 0; s < seconds; s++) {
                    Stats x = perSecond.get(s);
                    w.println(String.join(",", String.valueOf(s), String.valueOf(t0EpochMs + s * 1000L),
                            String.valueOf(x.n), String.valueOf(x.errors), String.valueOf(x.e401), String.valueOf(x.e4xx),
                            String.valueOf(x.e5xx), String.valueOf(x.exc), f(x.p50), f(x.p90), f(x.p99), f(x.max),
                            f(x.typeP99[GET]), f(x.typeP99[PUT]), f(x.typeP99[POST]), f(lagNs.get(s) / 1e6)));
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("rate", String.valueOf(rate));
        out.put("warmup", warmupSummary);
        out.put("t0_epoch_ms", String.valueOf(t0EpochMs));
        out.put("requests", String.valueOf(dispatched));
        out.put("completed", String.valueOf(done));
        out.put("send_seconds", f(sendS));
        out.put("abandoned", String.valueOf(abandoned.get()));
        out.put("achieved_rate", f(dispatched / Math.max(sendS, 1e-9)));
        out.put("driver_cpu_cores", cpuNs < 0 ? "" : f(cpuNs / 1e9 / wallS));
        double lagMax = 0;
        List<Double> lags = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            lagMax = Math.max(lagMax, lagNs.get(s) / 1e6);
            lags.add(lagNs.get(s) / 1e6);
        }
        out.put("send_lag_max_ms", f(lagMax));
        out.put("send_lag_median_of_second_max_ms", f(median(lags)));
        Stats all = stats(0, dispatched);
        put(out, "all", all);
        if (windowStartMs > 0 && windowEndMs >= windowStartMs) {
            int from = kAt(windowStartMs), to = kAt(windowEndMs);
            if (to == from && to < dispatched) {
                to++; // a window shorter than one request interval still covers one request
            }
            out.put("window_start_ms", String.valueOf(windowStartMs));
            out.put("window_end_ms", String.valueOf(windowEndMs));
            out.put("window_seconds", f((windowEndMs - windowStartMs) / 1000.0));
            put(out, "win", stats(from, to));
            // per-second buckets overlapping the window
            int s0 = from / rate, s1 = Math.max(s0, (to - 1) / rate);
            List<Double> p99s = new ArrayList<>(), p50s = new ArrayList<>();
            for (int s = s0; s <= s1 && s < seconds; s++) {
                p99s.add(perSecond.get(s).p99);
                p50s.add(perSecond.get(s).p50);
            }
            out.put("win_buckets", String.valueOf(p99s.size()));
            out.put("win_median_sec_p99_ms", f(median(p99s)));
            out.put("win_median_sec_p50_ms", f(median(p50s)));
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((key, v) -> sb.append(key).append('=').append(v).append('\n'));
        if (summaryFile != null) {
            Files.writeString(summaryFile, sb.toString());
        }
        System.out.print(sb);
    }

    static void put(Map<String, String> out, String prefix, Stats s) {
        out.put(prefix + "_requests", String.valueOf(s.n));
        out.put(prefix + "_errors", String.valueOf(s.errors));
        out.put(prefix + "_err_401", String.valueOf(s.e401));
        out.put(prefix + "_err_4xx", String.valueOf(s.e4xx));
        out.put(prefix + "_err_5xx", String.valueOf(s.e5xx));
        out.put(prefix + "_err_exc", String.valueOf(s.exc));
        out.put(prefix + "_p50_ms", f(s.p50));
        out.put(prefix + "_p90_ms", f(s.p90));
        out.put(prefix + "_p99_ms", f(s.p99));
        out.put(prefix + "_p999_ms", f(s.p999));
        out.put(prefix + "_max_ms", f(s.max));
        for (int t = 0; t < 3; t++) {
            out.put(prefix + "_" + TYPE_NAMES[t] + "_p99_ms", f(s.typeP99[t]));
        }
    }
}
