package io.tradinggrid.bridge.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An idempotent repository that survives kill -9. A key is held in memory while its message is in flight (so the
 * same key arriving meanwhile is a duplicate), and written to the store only when Camel confirms the work completed.
 * A crash mid-flight therefore leaves no key behind, and the message is handled again after the restart; handling it
 * twice creates nothing twice because every create first looks for the record in the target system.
 * <p>
 * The plain JDBC repository, used eagerly, writes the key on arrival: a crash then marks unfinished work as done.
 */
public class ConfirmedIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final JdbcMessageIdRepository store;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public ConfirmedIdempotentRepository(JdbcMessageIdRepository store) {
        this.store = store;
    }

    @Override
    public boolean add(String key) {
        if (store.contains(key)) {
            return false;
        }
        return inFlight.add(key);
    }

    @Override
    public boolean contains(String key) {
        return inFlight.contains(key) || store.contains(key);
    }

    @Override
    public boolean remove(String key) {
        inFlight.remove(key);
        store.remove(key);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        // a duplicate insert (another node confirmed first) is fine: the key is recorded either way
        store.add(key);
        inFlight.remove(key);
        return true;
    }

    @Override
    public void clear() {
        inFlight.clear();
        store.clear();
    }

    /** Keys in flight on this node (tests, diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    protected void doStart() throws Exception {
        store.start();
    }

    @Override
    protected void doStop() throws Exception {
        store.stop();
    }
}
