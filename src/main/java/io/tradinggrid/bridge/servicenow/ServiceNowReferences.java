package io.tradinggrid.bridge.servicenow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Turns names from the routing table (assignment group names, analyst user names) into ServiceNow sys_ids, through
 * the route direct:servicenow-lookup, and remembers the answers. A name ServiceNow does not know is a configuration
 * error that no retry fixes.
 */
public class ServiceNowReferences {

    private final ProducerTemplate template;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public ServiceNowReferences(ProducerTemplate template) {
        this.template = template;
    }

    public String groupId(String name) {
        return lookup("sys_user_group", "name", name);
    }

    public String userId(String userName) {
        return lookup("sys_user", "user_name", userName);
    }

    /** The name of an assignment group by its sys_id (what an operator picked), remembered like the others. */
    public String groupName(String sysId) {
        return lookup("sys_user_group", "sys_id", sysId, "name");
    }

    public void forget() {
        cache.clear();
    }

    private String lookup(String table, String field, String value) {
        return lookup(table, field, value, "sys_id");
    }

    private String lookup(String table, String field, String value, String wanted) {
        String key = table + "|" + field + "|" + value + "|" + wanted;
        String cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Exchange answer = template.request("direct:servicenow-lookup", e -> {
            e.getMessage().setHeader("lookupTable", table);
            e.getMessage().setHeader("lookupQuery", URLEncoder.encode(field + "=" + value, StandardCharsets.UTF_8));
        });
        if (answer.getException() != null) {
            throw new IllegalStateException("ServiceNow lookup of " + table + " " + field + "=" + value + " failed: "
                    + answer.getException().getMessage(), answer.getException());
        }
        JsonNode result = answer.getMessage().getBody(JsonNode.class).path("result");
        if (!result.isArray() || result.isEmpty()) {
            throw new UnknownReferenceException("ServiceNow has no " + table + " with " + field + " '" + value
                    + "' (check config/routing-table.yaml)");
        }
        String found = result.get(0).path(wanted).asText();
        cache.put(key, found);
        return found;
    }

    /** A name in the configuration that ServiceNow does not know. */
    public static class UnknownReferenceException extends IllegalArgumentException {
        public UnknownReferenceException(String message) {
            super(message);
        }
    }
}
