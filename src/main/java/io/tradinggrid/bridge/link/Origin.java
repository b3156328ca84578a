package io.tradinggrid.bridge.link;

import java.util.Map;

/**
 * The origin marker the bridge puts on every write in the community (the contract's {@code origin}): it tells the
 * bridge's own posts, notes and files apart from the partner's, so nothing the bridge wrote is ever carried back.
 * The bridge recognises its writes by {@code system}; {@code ref} says what a write came from, in terms partners may
 * see (a record number, a community id), never an internal id such as a ServiceNow sys_id.
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

    /** The reference of a record in a target system by its number, e.g. servicenow:incident:INC0010001. */
    public static String ref(String system, String table, String number) {
        return system + ":" + table + ":" + number;
    }
}
