import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, for bench/http --profile. Run with the source
 * launcher: {@code java bench/JfrTop.java recording.jfr [N]}.
 *
 * Prints two tables: samples by layer (each sample goes to the first frame from the top that is
 * not the JDK's own code, so time in a HashMap called by the driver counts for the driver), and
 * the N hottest top frames (method where the sample landed, JDK frames included).
 */
public class JfrTop {

    private static final List<String[]> LAYERS = List.of(
            new String[] {"com.mysql.", "MySQL driver"},
            new String[] {"org.hibernate.", "Hibernate"},
            new String[] {"io.agroal.", "connection pool"},
            new String[] {"com.arjuna.", "transactions (Narayana)"},
            new String[] {"io.quarkus.narayana.", "transactions (Narayana)"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"io.netty.", "HTTP (Netty, Vert.x)"},
            new String[] {"io.vertx.", "HTTP (Netty, Vert.x)"},
            new String[] {"org.jboss.resteasy.reactive.", "REST (RESTEasy Reactive)"},
            new String[] {"io.quarkus.resteasy.reactive.", "REST (RESTEasy Reactive)"},
            new String[] {"io.quarkus.security.", "security"},
            new String[] {"io.quarkus.vertx.http.runtime.security.", "security"},
            new String[] {"io.micrometer.", "metrics"},
            new String[] {"io.smallrye.mutiny.", "Mutiny"},
            new String[] {"io.quarkus.arc.", "CDI (ArC)"},
            new String[] {"org.jboss.logging.", "logging"},
            new String[] {"org.jboss.logmanager.", "logging"},
            new String[] {"dev.cloakroom.", "Cloakroom's own code"});

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/JfrTop.java recording.jfr [top-N]");
            System.exit(2);
        }
        int topN = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> byLayer = new HashMap<>();
        Map<String, Integer> byFrame = new HashMap<>();
        int total = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                total++;
                byFrame.merge(name(frames.get(0)), 1, Integer::sum);
                byLayer.merge(layerOf(frames), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%d CPU samples%n%n| layer | share |%n|---|---|%n", total);
        print(byLayer, total, byLayer.size());
        System.out.printf(Locale.ROOT, "%n| top frame | share |%n|---|---|%n");
        print(byFrame, total, topN);
    }

    private static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                continue;
            }
            for (String[] layer : LAYERS) {
                if (type.startsWith(layer[0])) {
                    return layer[1];
                }
            }
            return "other (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
        }
        return "JDK only (GC, JIT, I/O)";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
    }
}
