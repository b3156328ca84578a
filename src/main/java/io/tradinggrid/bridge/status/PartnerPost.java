package io.tradinggrid.bridge.status;

import java.util.Map;

/**
 * A post for a linked thread (direct:publish-partner-post): {@code key} names it once and for all in the published
 * store (e.g. servicenow:journal:&lt;sys_id&gt;), {@code post} is the body of POST /threads/{id}/posts.
 */
public record PartnerPost(String key, Map<String, Object> post) {
}
