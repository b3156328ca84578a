package io.tradinggrid.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One emulator per test class, on an ephemeral loopback port: started before the first test, closed after the last.
 * Each emulator's tests say how to build theirs (accounts, credentials) and what to reset between tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmulatorPerTestClass<E extends EmulatorServer> {

    protected E emulator;

    /** The emulator for this class, configured but not yet started. */
    protected abstract E newEmulator();

    @BeforeAll
    protected final void startEmulator() {
        emulator = newEmulator();
        emulator.start();
    }

    @AfterAll
    protected final void stopEmulator() {
        emulator.close();
    }
}
