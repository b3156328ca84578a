package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradinggrid.bridge.testing.EmbeddedPostgresStore;
import io.tradinggrid.bridge.testing.MovableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Claims in the store, on H2 and on a real PostgreSQL: one owner at a time, renewed by it, taken over after a crash. */
class WorkClaimsTest {

    @TempDir
    static Path dir;

    private BridgeStore store;

    static Stream<String> stores() {
        return Stream.of("h2", "postgresql");
    }

    private WorkClaims claims(String kind, Clock clock) {
        store = "h2".equals(kind)
                ? BridgeStore.open("jdbc:h2:file:" + dir.resolve("claims-" + System.nanoTime()), "sa", "", 20)
                : BridgeStore.open(EmbeddedPostgresStore.newDatabase(), EmbeddedPostgresStore.USER, "", 20);
        return new WorkClaims(store.dataSource(), Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_refuse_a_thread_to_a_second_owner_while_the_first_holds_it(String kind) {
        WorkClaims claims = claims(kind, Clock.systemUTC());
        claims.claim("thread:THR-1", "node-a/ex-1");
        assertThatThrownBy(() -> claims.claim("thread:THR-1", "node-b/ex-7"))
                .isInstanceOf(WorkClaims.ClaimedElsewhereException.class)
                .hasMessageContaining("node-a/ex-1");
        // other threads are not held up
        claims.claim("thread:THR-2", "node-b/ex-7");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_let_the_owner_renew_and_the_next_owner_claim_after_release(String kind) {
        WorkClaims claims = claims(kind, Clock.systemUTC());
        claims.claim("thread:THR-1", "node-a/ex-1");
        claims.claim("thread:THR-1", "node-a/ex-1");
        assertThat(claims.release("thread:THR-1", "node-b/ex-7")).as("only the owner releases").isFalse();
        assertThat(claims.release("thread:THR-1", "node-a/ex-1")).isTrue();
        claims.claim("thread:THR-1", "node-b/ex-7");
        assertThat(claims.tryClaim("thread:THR-1", "node-a/ex-1")).get()
                .extracting(WorkClaims.Holder::owner).isEqualTo("node-b/ex-7");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_take_over_the_claim_of_an_owner_that_died_once_its_lease_ended(String kind) {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
        WorkClaims claims = claims(kind, clock);
        claims.claim("thread:THR-1", "killed-node/ex-1");
        clock.advance(Duration.ofMinutes(4));
        assertThat(claims.tryClaim("thread:THR-1", "node-b/ex-2")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(claims.tryClaim("thread:THR-1", "node-b/ex-2")).isEmpty();
        // the old owner, if it was only slow, learns that it lost the thread when it renews before creating
        assertThatThrownBy(() -> claims.claim("thread:THR-1", "killed-node/ex-1")).isInstanceOf(WorkClaims.ClaimedElsewhereException.class);
        assertThat(claims.release("thread:THR-1", "killed-node/ex-1")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_free_every_claim_when_the_only_process_that_can_hold_them_starts_again(String kind) {
        WorkClaims claims = claims(kind, Clock.systemUTC());
        claims.claim("thread:THR-1", "killed-pid-41/ex-1");
        claims.claim("thread:THR-2", "killed-pid-41/ex-2");
        assertThat(claims.releaseAll()).isEqualTo(2);
        claims.claim("thread:THR-1", "pid-42/ex-1");
        assertThat(BridgeStore.ownedByOneProcess("jdbc:h2:file:./data/bridge")).isTrue();
        assertThat(BridgeStore.ownedByOneProcess("jdbc:h2:file:./data/bridge;AUTO_SERVER=TRUE")).isFalse();
        assertThat(BridgeStore.ownedByOneProcess("jdbc:postgresql://db/bridge")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_a_thread_to_exactly_one_of_many_owners_claiming_at_once(String kind) throws Exception {
        WorkClaims claims = claims(kind, Clock.systemUTC());
        int owners = 16;
        ExecutorService pool = Executors.newFixedThreadPool(owners);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "thread:THR-race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> won = new ArrayList<>();
                for (int i = 0; i < owners; i++) {
                    String owner = "node-" + i + "/ex";
                    won.add(pool.submit(() -> {
                        start.await();
                        return claims.tryClaim(key, owner).isEmpty();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : won) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as("owners of %s", key).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
