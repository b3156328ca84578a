package io.tradinggrid.emulator.community;

import java.util.Locale;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;

/**
 * Who makes a write: the contract's User JSON plus, for a partner user, the partner it belongs to.
 * Writes made with the integration's token are made by a {@code MACHINE} user.
 */
record Actor(ObjectNode user, String partnerId) {

    static Actor machine(String userId, String displayName) {
        ObjectNode user = Json.object();
        user.put("userId", userId);
        user.put("displayName", displayName);
        user.put("kind", "MACHINE");
        return new Actor(user, null);
    }

    static Actor internal(String userId, String displayName, String email, String companyId) {
        ObjectNode user = Json.object();
        user.put("userId", userId);
        if (displayName != null) {
            user.put("displayName", displayName);
        }
        if (email != null) {
            user.put("email", email);
        }
        if (companyId != null) {
            user.put("companyId", companyId);
        }
        user.put("kind", "INTERNAL");
        return new Actor(user, null);
    }

    /** Someone applying to join a community before a partner profile exists. */
    static Actor prospect(String companyName) {
        ObjectNode user = Json.object();
        user.put("userId", "prospect-" + companyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        user.put("displayName", companyName);
        user.put("kind", "PARTNER");
        return new Actor(user, null);
    }

    String kind() {
        return user.path("kind").asText();
    }

    boolean isPartner() {
        return partnerId != null;
    }

    ObjectNode userJson() {
        return user.deepCopy();
    }
}
