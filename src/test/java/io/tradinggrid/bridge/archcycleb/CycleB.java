package io.tradinggrid.bridge.archcycleb;

import io.tradinggrid.bridge.archcyclea.CycleA;

/** The other half of the import circle ArchitectureTest catches on purpose. */
public final class CycleB {

    private CycleB() {
    }

    public static String other() {
        return CycleA.class.getSimpleName();
    }
}
