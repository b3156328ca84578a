package io.tradinggrid.bridge.classification;

/**
 * The exception type of a thread, with the rule that decided it, so an operator can see why a thread went where it went.
 *
 * @param type    e.g. claim, missing-asn, transaction-failure, unclassified
 * @param subtype e.g. shortage, invoice-missing-tax-data; null when the type has none
 * @param ruleId  the matching rule's id, or "category:<CATEGORY>" when the partner's category decided
 */
public record Classification(String type, String subtype, String ruleId) {

    public static final String UNCLASSIFIED = "unclassified";

    /** type/subtype, the key of the routing table. */
    public String key() {
        return subtype == null ? type : type + "/" + subtype;
    }

    public boolean unclassified() {
        return UNCLASSIFIED.equals(type);
    }
}
