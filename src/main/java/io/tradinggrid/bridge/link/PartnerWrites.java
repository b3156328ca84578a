package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.store.WriteAttempts;
import io.tradinggrid.bridge.store.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Posts to a partner exactly once, even when a POST committed and its answer was lost. Before a post the bridge notes
 * the attempt in the store; when it finds an earlier attempt of the same write (a retry, a replay, a restart after
 * kill -9), it first reads the thread's posts since then and looks for its own post with the same text: only when it is
 * not there does the bridge post. The note goes once the post has landed.
 */
public class PartnerWrites {

    /** How far before an earlier attempt the thread is read: the community's clock may differ from the bridge's. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final WriteAttempts attempts;
    private final AuditTrail audit;

    public PartnerWrites(WriteAttempts attempts, AuditTrail audit) {
        this.attempts = attempts;
        this.audit = audit;
    }

    /** Notes an attempt of this write; returns when an earlier attempt began, or null when this is the first. */
    public Instant attempted(@ExchangeProperty(ExchangeKeys.PUBLISH_KEY) String key) {
        return attempts.attempted(key);
    }

    /** The query that reads the thread's posts since shortly before the earlier attempt. */
    public String postsQuery(@ExchangeProperty(ExchangeKeys.EARLIER_ATTEMPT) Instant earlier) {
        Instant since = earlier.minus(CLOCK_SKEW).truncatedTo(ChronoUnit.MILLIS);
        return "createdSince=" + DateTimeFormatter.ISO_INSTANT.format(since) + "&count=100";
    }

    /** Whether the page of posts holds the bridge's own post with the text about to be posted. */
    public boolean alreadyPosted(@Body JsonNode page, @ExchangeProperty(ExchangeKeys.PARTNER_POST) Object post) {
        String text = post instanceof Map<?, ?> fields ? String.valueOf(fields.get("body")) : String.valueOf(post);
        for (JsonNode existing : page.path("_embedded").path("posts")) {
            if (Origin.SYSTEM.equals(existing.path("origin").path("system").asText())
                    && Objects.equals(text.strip(), existing.path("body").asText().strip())) {
                return true;
            }
        }
        return false;
    }

    /** The write landed (or was found): its attempt note goes, and the thread's timeline shows what the partner got. */
    public void written(@ExchangeProperty(ExchangeKeys.PUBLISH_KEY) String key, @ExchangeProperty(ExchangeKeys.THREAD_ID) String threadId,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty("tgbPostNotShown") Boolean notShown) {
        attempts.settled(key);
        // a post the closed thread refused is post.not-shown already; a file's announcement is the file.published
        // event of the file itself
        if (Boolean.TRUE.equals(notShown) || key != null && key.endsWith(":post")) {
            return;
        }
        audit.recordFacts("bridge", "post.published", threadId, link == null ? null : link.ref(),
                AuditTrail.facts("kind", kind(key), "system", link == null ? "community" : link.targetSystem(), "key", key));
    }

    /**
     * What kind of post a publish key names, for the timeline and the publishes meter (a small, fixed set). Keys are
     * matched on the prefixes their producers give them: a key carries references from other systems (an article's
     * number, a record's id) that must not change its kind.
     */
    static String kind(String key) {
        if (key == null) {
            return "post";
        }
        if (key.startsWith("servicenow:journal:") || key.startsWith("workflow:comment:")) {
            return "comment";
        }
        if (key.startsWith("file-not-copied:") || key.startsWith("post-not-carried:")) {
            return "notice";
        }
        if (key.startsWith("renewal:")) {
            return "compliance";
        }
        return "post";
    }
}
