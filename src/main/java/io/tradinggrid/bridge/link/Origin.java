package io.tradinggrid.bridge.link;

import java.util.Map;

/**
 * The origin marker the bridge puts on every write in the community (the contract's {@code origin}): it tells the
 * bridge's own posts, notes and files apart from the partner's, so nothing the bridge wrote is ever carried back.
 */
public final class Origin {

    /** The {@code origin.system} of every write by the bridge. */
    public static final String SYSTEM = "tradinggrid-bridge";

    private Origin() {
    }

    /** The {@code origin} object of a write, with the bridge's reference of what it came from. */
    public static Map<String, Object> of(String ref) {
        return Map.of("system", SYSTEM, "ref", ref);
    }
}
