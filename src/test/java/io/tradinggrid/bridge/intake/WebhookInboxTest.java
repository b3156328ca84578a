package io.tradinggrid.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.store.BridgeStore;
import io.tradinggrid.bridge.testing.EmbeddedPostgresStore;
import io.tradinggrid.bridge.testing.MovableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store's inbox of webhook events, on H2 and on a real PostgreSQL, as two nodes use it. */
class WebhookInboxTest {

    @TempDir
    static Path dir;

    private BridgeStore store;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    static Stream<String> stores() {
        return Stream.of("h2", "postgresql");
    }

    private WebhookInbox[] nodes(String kind) {
        store = "h2".equals(kind)
                ? BridgeStore.open("jdbc:h2:file:" + dir.resolve("inbox-" + System.nanoTime()), "sa", "", 4)
                : BridgeStore.open(EmbeddedPostgresStore.newDatabase(), EmbeddedPostgresStore.USER, "", 4);
        return new WebhookInbox[] {
                new WebhookInbox(store.dataSource(), "node-a", Duration.ofMinutes(5), 3, clock),
                new WebhookInbox(store.dataSource(), "node-b", Duration.ofMinutes(5), 3, clock)};
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static WebhookReceiver.Delivery delivery(String eventId, String threadId) {
        return new WebhookReceiver.Delivery(202, null, eventId, "post.created", "COM-1", threadId, false);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_each_kept_event_to_one_node_once_even_when_delivered_to_both(String kind) {
        WebhookInbox[] nodes = nodes(kind);
        nodes[0].keep(delivery("evt-1", "THR-1"));
        nodes[1].keep(delivery("evt-1", "THR-1"));
        nodes[1].keep(delivery("evt-2", "THR-2"));

        assertThat(nodes[0].take(10)).extracting(WebhookInbox.Event::eventId).containsExactly("evt-1", "evt-2");
        assertThat(nodes[1].take(10)).as("taken by node a").isEmpty();
        nodes[0].done("evt-1");
        nodes[1].done("evt-2");
        assertThat(nodes[1].take(10)).as("only the node that took an event removes it").isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(nodes[1].take(10)).extracting(WebhookInbox.Event::eventId).containsExactly("evt-2");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_the_events_of_a_node_killed_after_its_answer_to_another_once_their_lease_ends(String kind) {
        WebhookInbox[] nodes = nodes(kind);
        nodes[0].keep(delivery("evt-1", "THR-1"));
        assertThat(nodes[0].take(10)).hasSize(1);
        // node a dies here: its answer went out, its intake never finished
        clock.advance(Duration.ofMinutes(4));
        assertThat(nodes[1].take(10)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(nodes[1].take(10)).extracting(WebhookInbox.Event::threadId).containsExactly("THR-1");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_try_an_event_again_after_a_growing_pause_and_give_it_up_to_the_poll_after_the_last_attempt(String kind) {
        WebhookInbox node = nodes(kind)[0];
        node.keep(delivery("evt-1", "THR-1"));
        WebhookInbox.Event event = node.take(10).get(0);
        node.later("evt-1", event, new IllegalStateException("community answered 502"));
        assertThat(node.take(10)).as("paused").isEmpty();
        clock.advance(Duration.ofSeconds(3));
        event = node.take(10).get(0);
        assertThat(event.attempts()).isEqualTo(1);
        node.later("evt-1", event, new IllegalStateException("community answered 502"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(node.take(10)).as("the pause doubled").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        event = node.take(10).get(0);
        node.later("evt-1", event, new IllegalStateException("community answered 502"));
        clock.advance(Duration.ofHours(1));
        assertThat(node.take(10)).as("given up after 3 attempts").isEmpty();
    }
}
