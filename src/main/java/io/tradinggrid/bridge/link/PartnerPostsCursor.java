package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.PageCursor;
import io.tradinggrid.bridge.text.PartnerInput;
import java.util.ArrayList;
import java.util.List;

/**
 * A walk over the posts of one thread ({@code GET /threads/{id}/posts}, offset/count paging) that hands on only what
 * partners wrote after the opening message: the opening message is the thread itself, the bridge's own posts came
 * from the record, and the retailer's staff and integrations work in their own systems.
 */
public class PartnerPostsCursor implements PageCursor {

    private final String originSystem;
    private final String opening;
    private final int pageSize;
    private int offset;
    private boolean more = true;

    /**
     * @param originSystem the origin.system of the bridge's own writes
     * @param opening      the thread's body, which its first post repeats
     * @param pageSize     posts per page
     */
    public PartnerPostsCursor(String originSystem, String opening, int pageSize) {
        this.originSystem = originSystem;
        this.opening = PartnerInput.text(opening);
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        return more;
    }

    @Override
    public String query() {
        return "count=" + pageSize + "&offset=" + offset;
    }

    /** Takes a page ({@code {_embedded:{posts:[...]}, page:{totalElements}}}); the walk ends when the total is read. */
    @Override
    public List<JsonNode> accept(JsonNode page, String link) {
        List<JsonNode> posts = new ArrayList<>();
        page.path("_embedded").path("posts").forEach(posts::add);
        long total = page.path("page").path("totalElements").asLong(0);
        int first = offset;
        offset += posts.size();
        more = !posts.isEmpty() && offset < total;
        List<JsonNode> partnerPosts = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            JsonNode post = posts.get(i);
            // the opening is the thread's body as it came in, made plain; the post's body is compared the same way
            boolean openingPost = first + i == 0 && PartnerInput.text(post.path("body").asText()).equals(opening);
            boolean ours = originSystem.equals(post.path("origin").path("system").asText());
            boolean byPartner = "PARTNER".equals(post.path("author").path("kind").asText());
            if (!openingPost && !ours && byPartner) {
                partnerPosts.add(post);
            }
        }
        return partnerPosts;
    }
}
