package io.tradinggrid.bridge.archfixture;

import io.tradinggrid.emulator.Json;

/** Breaks the house rule on purpose: ArchitectureTest proves its rule catches a product class using an emulator. */
public final class UsesEmulator {

    private UsesEmulator() {
    }

    public static Object mapper() {
        return Json.MAPPER;
    }
}
