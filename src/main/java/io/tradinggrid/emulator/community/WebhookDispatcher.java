package io.tradinggrid.emulator.community;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries as components.schemas.Event describes them: a POST of the event JSON to each subscription
 * whose {@code events} contain the event's type, signed with {@code X-TG-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<raw body>")>}, retried with exponential backoff on a non-2xx answer or a connection
 * failure, up to {@link Settings#maxAttempts} attempts (at-least-once).
 * <p>
 * Two switches make a receiver's life harder on purpose: {@code duplicateDelivery} sends every event that was
 * delivered once more (same {@code id}); {@code outOfOrderDelivery} holds events for a short window and then
 * delivers the window's events newest first.
 */
public final class WebhookDispatcher implements AutoCloseable {

    public static final String SIGNATURE_HEADER = "X-TG-Signature";

    /** @param secretFingerprint what the subscriber says identifies its secret (never the secret), or null */
    public record Subscription(String id, String callbackUrl, List<String> events, String secret, String secretFingerprint,
            Instant createdTime) {
    }

    /** One delivery attempt, as the emulator saw it. {@code status} is null when the connection failed. */
    public record Delivery(String eventId, String eventType, String subscriptionId, int attempt, boolean duplicate,
                           Integer status, String error, Instant time) {
    }

    /** Tunable at run time (PUT /_emulator/webhooks). */
    public static final class Settings {
        public boolean duplicateDelivery;
        public boolean outOfOrderDelivery;
        public int maxAttempts = 6;
        public long initialBackoffMs = 500;
        public long maxBackoffMs = 30_000;
        public long outOfOrderWindowMs = 300;
        public long requestTimeoutMs = 10_000;

        Settings copy() {
            Settings s = new Settings();
            s.duplicateDelivery = duplicateDelivery;
            s.outOfOrderDelivery = outOfOrderDelivery;
            s.maxAttempts = maxAttempts;
            s.initialBackoffMs = initialBackoffMs;
            s.maxBackoffMs = maxBackoffMs;
            s.outOfOrderWindowMs = outOfOrderWindowMs;
            s.requestTimeoutMs = requestTimeoutMs;
            return s;
        }
    }

    private record Job(Subscription subscription, String eventId, String eventType, String body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int LOG_CAPACITY = 2000;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    private final List<Job> held = new ArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService executor;
    private final HttpClient client;
    private volatile Settings settings = new Settings();

    public WebhookDispatcher() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "community-webhooks");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Settings settings() {
        return settings.copy();
    }

    public void apply(Settings newSettings) {
        if (newSettings.maxAttempts < 1) {
            throw CommunityException.badRequest("maxAttempts must be 1 or more");
        }
        this.settings = newSettings.copy();
    }

    public void setDuplicateDelivery(boolean on) {
        Settings s = settings.copy();
        s.duplicateDelivery = on;
        settings = s;
    }

    public void setOutOfOrderDelivery(boolean on) {
        Settings s = settings.copy();
        s.outOfOrderDelivery = on;
        settings = s;
    }

    /** One subscription per callback URL: registering one again replaces it (a rotated secret, other events). */
    public synchronized void subscribe(Subscription subscription) {
        subscriptions.removeIf(s -> s.callbackUrl().equals(subscription.callbackUrl()));
        subscriptions.add(subscription);
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public synchronized List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    /** Deliveries queued or being retried. */
    public int pending() {
        return pending.get();
    }

    /** Forgets subscriptions, held events and the delivery log; retries already scheduled are dropped. */
    public synchronized void reset() {
        generation.incrementAndGet();
        subscriptions.clear();
        held.clear();
        deliveries.clear();
        pending.set(0);
    }

    /** Queues the event for every subscription that wants its type. Never blocks. */
    public void publish(ObjectNode event) {
        String type = event.path("type").asText();
        String body = Json.write(event);
        String eventId = event.path("id").asText();
        Settings s = settings;
        for (Subscription subscription : subscriptions) {
            if (!subscription.events().contains(type)) {
                continue;
            }
            Job job = new Job(subscription, eventId, type, body);
            pending.incrementAndGet();
            if (s.outOfOrderDelivery) {
                hold(job, s.outOfOrderWindowMs);
            } else {
                long gen = generation.get();
                executor.execute(() -> attempt(job, 1, false, gen));
            }
        }
    }

    private synchronized void hold(Job job, long windowMs) {
        held.add(job);
        if (held.size() == 1) {
            long gen = generation.get();
            executor.schedule(() -> releaseHeld(gen), Math.max(1, windowMs), TimeUnit.MILLISECONDS);
        }
    }

    /** Delivers the held window newest first, one after the other, so the receiver sees them out of order. */
    private void releaseHeld(long gen) {
        List<Job> batch;
        synchronized (this) {
            batch = new ArrayList<>(held);
            held.clear();
        }
        Collections.reverse(batch);
        for (Job job : batch) {
            attempt(job, 1, false, gen);
        }
    }

    private void attempt(Job job, int attempt, boolean duplicate, long gen) {
        if (gen != generation.get()) {
            return;
        }
        Settings s = settings;
        Integer status = null;
        String error = null;
        try {
            long t = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(job.subscription().callbackUrl()))
                    .timeout(Duration.ofMillis(Math.max(100, s.requestTimeoutMs)))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "TradingGrid-ActiveCommunity-Webhooks/1.0 (emulator)")
                    .header(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(job.subscription().secret(), t, job.body()))
                    .header("X-TG-Event-Id", job.eventId())
                    .header("X-TG-Event-Type", job.eventType())
                    .header("X-TG-Delivery-Attempt", String.valueOf(attempt))
                    .POST(HttpRequest.BodyPublishers.ofString(job.body(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (gen != generation.get()) {
            return;
        }
        record(new Delivery(job.eventId(), job.eventType(), job.subscription().id(), attempt, duplicate, status, error, Instant.now()));
        boolean ok = status != null && status >= 200 && status < 300;
        if (ok) {
            if (s.duplicateDelivery && !duplicate) {
                executor.schedule(() -> attempt(job, 1, true, gen), 20, TimeUnit.MILLISECONDS);
            } else {
                pending.decrementAndGet();
            }
        } else if (attempt < s.maxAttempts) {
            long backoff = Math.min(s.maxBackoffMs, s.initialBackoffMs * (1L << Math.min(20, attempt - 1)));
            LOG.debug("webhook {} to {} failed ({}), attempt {} of {}, next in {} ms", job.eventId(),
                    job.subscription().callbackUrl(), status != null ? status : error, attempt, s.maxAttempts, backoff);
            executor.schedule(() -> attempt(job, attempt + 1, duplicate, gen), backoff, TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("webhook {} ({}) to {} given up after {} attempts", job.eventId(), job.eventType(),
                    job.subscription().callbackUrl(), attempt);
            pending.decrementAndGet();
        }
    }

    private synchronized void record(Delivery delivery) {
        if (deliveries.size() == LOG_CAPACITY) {
            deliveries.removeFirst();
        }
        deliveries.addLast(delivery);
    }

    /** Hex HMAC-SHA256 of {@code "<t>.<body>"} with the subscription's secret. */
    public static String sign(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        generation.incrementAndGet();
        executor.shutdownNow();
    }
}
