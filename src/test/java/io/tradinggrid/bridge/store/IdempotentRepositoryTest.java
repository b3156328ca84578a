package io.tradinggrid.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Camel's JDBC idempotent repository on the migrated table: the primary key makes a key count once, across nodes. */
class IdempotentRepositoryTest {

    @TempDir
    Path dir;

    private BridgeStore store;
    private DefaultCamelContext context;

    @BeforeEach
    void open() throws Exception {
        store = BridgeStore.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "", 4);
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void close() {
        context.stop();
        store.close();
    }

    private JdbcMessageIdRepository repository(String processor) throws Exception {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(store.dataSource(), processor);
        repository.setCreateTableIfNotExists(false);
        repository.start();
        return repository;
    }

    @Test
    void should_accept_a_thread_version_once_even_from_two_bridge_nodes() throws Exception {
        JdbcMessageIdRepository nodeA = repository("community-intake");
        JdbcMessageIdRepository nodeB = repository("community-intake");

        assertThat(nodeA.add("THR-000123:v3")).isTrue();
        assertThat(nodeB.add("THR-000123:v3")).isFalse();
        assertThat(nodeB.contains("THR-000123:v3")).isTrue();
        assertThat(nodeB.add("THR-000123:v4")).isTrue();
    }

    @Test
    void should_forget_a_key_whose_work_never_completed_when_the_bridge_is_killed() throws Exception {
        ConfirmedIdempotentRepository before = new ConfirmedIdempotentRepository(repository("thread-intake"));
        assertThat(before.add("THR-7:v2")).isTrue();
        assertThat(before.add("THR-7:v2")).as("a duplicate while in flight").isFalse();
        // killed here: never confirmed

        ConfirmedIdempotentRepository after = new ConfirmedIdempotentRepository(repository("thread-intake"));
        assertThat(after.add("THR-7:v2")).as("handled again after the restart").isTrue();
        after.confirm("THR-7:v2");

        ConfirmedIdempotentRepository later = new ConfirmedIdempotentRepository(repository("thread-intake"));
        assertThat(later.add("THR-7:v2")).as("done work stays done").isFalse();
        assertThat(later.inFlight()).isZero();
    }

    @Test
    void should_keep_keys_of_different_consumers_apart() throws Exception {
        assertThat(repository("community-intake").add("evt-1")).isTrue();
        assertThat(repository("webhook-events").add("evt-1")).isTrue();
    }

    @Test
    void should_forget_a_key_when_processing_failed_so_the_thread_is_tried_again() throws Exception {
        JdbcMessageIdRepository repository = repository("community-intake");
        repository.add("THR-9:v1");
        repository.remove("THR-9:v1");
        assertThat(repository.contains("THR-9:v1")).isFalse();
        assertThat(repository.add("THR-9:v1")).isTrue();
    }
}
