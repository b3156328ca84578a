package io.tradinggrid.bridge.routing;

import java.time.Duration;

/** Where one thread goes: the routing table entry that applies, and what it says. */
public record Target(String key, RoutingTable.Entry entry) {

    public String system() {
        return entry.target.substring(0, entry.target.indexOf(':'));
    }

    /** ServiceNow table or Workflow process definition key. */
    public String type() {
        return entry.target.substring(entry.target.indexOf(':') + 1);
    }

    public boolean serviceNow() {
        return "servicenow".equals(system());
    }

    public String team() {
        return entry.team;
    }

    public String teamLabel() {
        return entry.teamLabel == null ? entry.team : entry.teamLabel;
    }

    public Duration dueIn() {
        return entry.dueIn == null ? null : RoutingTable.parseDuration(key, entry.dueIn);
    }

    /** The analyst for this partner or EDI document type, or null. */
    public String analyst(String partnerId, String ediDocumentType) {
        if (entry.analysts == null) {
            return null;
        }
        String analyst = partnerId == null ? null : entry.analysts.byPartner.get(partnerId);
        if (analyst == null && ediDocumentType != null) {
            analyst = entry.analysts.byDocumentType.get(ediDocumentType);
        }
        return analyst;
    }
}
