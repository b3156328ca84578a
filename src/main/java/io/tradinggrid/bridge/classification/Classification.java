package io.tradinggrid.bridge.classification;

import java.util.List;

/**
 * The exception type of a thread, with the rule that decided it, so an operator can see why a thread went where it went.
 *
 * @param type    e.g. claim, missing-asn, transaction-failure, unclassified
 * @param subtype e.g. shortage, invoice-missing-tax-data; null when the type has none
 * @param ruleId  the matching rule's id, "words:&lt;score&gt;" when the vocabulary decided, or "category:&lt;CATEGORY&gt;"
 *                when the partner's category did
 * @param likely  for a thread nothing decided, the types its words scored highest for (at most two), best first
 */
public record Classification(String type, String subtype, String ruleId, List<String> likely) {

    public static final String UNCLASSIFIED = "unclassified";

    public Classification(String type, String subtype, String ruleId) {
        this(type, subtype, ruleId, List.of());
    }

    /** A type key (type or type/subtype) as a classification. */
    public static Classification of(String key, String ruleId, List<String> likely) {
        int slash = key.indexOf('/');
        return slash < 0 ? new Classification(key, null, ruleId, likely)
                : new Classification(key.substring(0, slash), key.substring(slash + 1), ruleId, likely);
    }

    /** type/subtype, the key of the routing table. */
    public String key() {
        return subtype == null ? type : type + "/" + subtype;
    }

    public boolean unclassified() {
        return UNCLASSIFIED.equals(type);
    }
}
