package dev.cloakroom.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloakroom.db.RowLease;
import dev.cloakroom.db.SqlErrors;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pushes session events to {@code cloakroom.events.webhook.url}: one POST per event, in the
 * feed's order, the next only after the endpoint acknowledged the one before. The cursor it
 * delivered through is stored after each acknowledgement, so a delivery cut off between the POST
 * and that write (a crash, a kill -9) sends the event again, with the same id: at least once,
 * never skipped, in order. After a failure it waits 1 s, 2 s, 4 s... up to {@code
 * max-backoff} before the same event is tried again. One instance at a time delivers, the one
 * holding the {@value #LEASE} lease. A URL without a secret, or not http(s), stops the start.
 * It runs on the scheduler's threads and holds no database
 * connection while a POST waits, so a slow or dead endpoint slows no request and no prune run.
 */
@Startup
@Singleton
public class WebhookDelivery {

    static final String LEASE = "events-webhook";

    /** Events read per page; the lease is renewed between pages. */
    static final int PAGE = 100;

    @Inject
    EventsConfig config;

    @Inject
    EventFeed feed;

    @Inject
    DeliveryState state;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "cloakroom.instance")
    String instance;

    private RowLease lease;
    private WebhookSender sender;
    private String holder;
    private volatile boolean closed;

    @PostConstruct
    void init() {
        lease = new RowLease(dataSource, LEASE);
        holder = (instance.length() > 200 ? instance.substring(0, 200) : instance)
                + "/" + UUID.randomUUID().toString().substring(0, 8);
        EventsConfig.Webhook webhook = config.webhook();
        if (webhook.url().isPresent()) {
            String scheme = String.valueOf(webhook.url().get().getScheme());
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalStateException("cloakroom.events.webhook.url must be an http or https URL");
            }
            String secret = webhook.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "cloakroom.events.webhook.url is set, so cloakroom.events.webhook.secret must be too"));
            sender = new WebhookSender(json, webhook.url().get(), secret, webhook.timeout());
        }
    }

    /** Skips the schedule when no webhook is configured. */
    @Singleton
    public static class NoWebhook implements Scheduled.SkipPredicate {

        @Inject
        EventsConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return config.webhook().url().isEmpty();
        }
    }

    @Scheduled(identity = "deliver-session-events", every = "{cloakroom.events.webhook.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NoWebhook.class)
    void scheduled() {
        deliverDue();
    }

    /**
     * Delivers what is due, if this instance can take the lease: events after the stored cursor,
     * until none is left, one fails, or the lease is lost. Returns how many were acknowledged.
     */
    int deliverDue() {
        if (sender == null || closed) {
            return 0;
        }
        Duration leaseTime = config.webhook().leaseTime();
        try {
            if (!lease.tryAcquire(holder, leaseTime)) {
                return 0;
            }
            try {
                return deliverHoldingLease(leaseTime);
            } finally {
                lease.release(holder);
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Session event delivery stopped by an error: %s", SqlErrors.describe(e));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int deliverHoldingLease(Duration leaseTime) throws SQLException, InterruptedException {
        DeliveryState.State at = state.read(DeliveryState.WEBHOOK);
        if (at.failures() > 0 && Instant.now().isBefore(at.retryAt())) {
            return 0;
        }
        int delivered = 0;
        long cursor = at.deliveredThrough();
        while (!closed) {
            EventFeed.Page page = feed.after(cursor, PAGE);
            if (page.events().isEmpty()) {
                return delivered;
            }
            for (SessionEvent event : page.events()) {
                if (closed) {
                    return delivered;
                }
                if (!sender.send(event)) {
                    int failures = at.failures() + 1;
                    Duration wait = backoff(failures);
                    state.failed(DeliveryState.WEBHOOK, failures, Instant.now().plus(wait));
                    Log.warnf("Webhook did not acknowledge event %d (failure %d in a row); next try in %d s",
                            event.id(), failures, wait.toSeconds());
                    return delivered;
                }
                state.delivered(DeliveryState.WEBHOOK, event.cursor());
                at = new DeliveryState.State(event.cursor(), 0, at.retryAt());
                cursor = event.cursor();
                delivered++;
            }
            if (!lease.renew(holder, leaseTime)) {
                Log.warn("Session event delivery stopped: another instance took the lease");
                return delivered;
            }
        }
        return delivered;
    }

    /** 1 s after the first failure, doubling, at most {@code max-backoff}. */
    Duration backoff(int failures) {
        Duration wait = Duration.ofSeconds(1L << Math.min(20, failures - 1));
        Duration max = config.webhook().maxBackoff();
        return wait.compareTo(max) > 0 ? max : wait;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        closed = true;
    }
}
