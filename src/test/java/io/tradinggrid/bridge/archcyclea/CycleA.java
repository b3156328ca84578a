package io.tradinggrid.bridge.archcyclea;

import io.tradinggrid.bridge.archcycleb.CycleB;

/** One half of an import circle on purpose: ArchitectureTest proves its rule catches it. */
public final class CycleA {

    private CycleA() {
    }

    public static String other() {
        return CycleB.class.getSimpleName();
    }
}
