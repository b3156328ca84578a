package io.tradinggrid.bridge.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.servicenow.ServiceNowChanges;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * ServiceNow knowledge -> community self-service (S4): articles of the configured knowledge base are published to each
 * community when they are published, replaced when they change, and retired when they are retired. The community
 * article carries the ServiceNow number as its external reference, so a re-run finds it instead of adding another.
 * The calls are in routes/knowledge-publishing.camel.yaml; this class decides what they carry.
 */
public class KnowledgePublisher {

    /** The walk's watermark, under the id the status sync gave it, so watermarks stored before stay valid. */
    public static final String POLLER_ID = "servicenow:kb_knowledge:status";
    static final String TABLE = "kb_knowledge";
    private static final String FIELDS = "sys_id,number,short_description,text,kb_category,workflow_state,sys_updated_on,sys_mod_count";
    private static final int PAGE_SIZE = 100;

    /** One changed article, to be made right in one community. */
    public record ArticleInCommunity(JsonNode article, String communityId) {

        /** The community article's external reference, also what it is looked up by. */
        public String reference() {
            return "servicenow:" + article.path("number").asText();
        }
    }

    /**
     * What the community needs for the article: publish, replace, retire or none; existingId is the community's
     * article, if it has one; publishKey names the write once per article version, community and action.
     */
    public record ArticleChange(String action, String existingId, String publishKey) {
    }

    private final String knowledgeBase;
    private final List<String> communityIds;
    private final WatermarkStore watermarks;
    private final AuditTrail audit;

    public KnowledgePublisher(String knowledgeBase, List<String> communityIds, WatermarkStore watermarks, AuditTrail audit) {
        this.knowledgeBase = knowledgeBase;
        this.communityIds = communityIds;
        this.watermarks = watermarks;
        this.audit = audit;
    }

    /**
     * The walk over the knowledge base's articles changed since the stored watermark. It hands on each article once
     * per community ({@link #targets}), so a failure in one community is one dead letter and the others go on.
     */
    public ArticleWalk startWalk() {
        return changesSince(watermarks.read(POLLER_ID).orElse(null));
    }

    ArticleWalk changesSince(String watermark) {
        return new ArticleWalk(watermark);
    }

    /** Moves the watermark once every article of the walk is published or in the dead-letter store. */
    public void walked(@ExchangeProperty(ExchangeKeys.CURSOR) ServiceNowChanges walk) {
        watermarks.advance(POLLER_ID, walk.watermark(), walk.lastId());
    }

    /** The changed articles of the knowledge base, each in each community. */
    public final class ArticleWalk extends ServiceNowChanges {

        ArticleWalk(String watermark) {
            super(TABLE, "kb_knowledge_base.title=" + knowledgeBase, FIELDS, watermark, PAGE_SIZE);
        }

        @Override
        public List<JsonNode> accept(JsonNode page, String link) {
            return targets(super.accept(page, link));
        }
    }

    /**
     * Each changed article once per community it is published in, as JSON {communityId, article}: what a dead letter
     * of one of them keeps, and a replay hands back to {@link #inCommunity}.
     */
    List<JsonNode> targets(List<JsonNode> articles) {
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode article : articles) {
            for (String community : communityIds) {
                ObjectNode target = JsonNodeFactory.instance.objectNode();
                target.put("communityId", community);
                target.set("article", article);
                targets.add(target);
            }
        }
        return targets;
    }

    /** Reads one of the {@link #targets}. */
    public ArticleInCommunity inCommunity(@Body JsonNode target) {
        return new ArticleInCommunity(target.path("article"), target.path("communityId").asText());
    }

    /** The query of: GET the community's article with this article's external reference. */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.KNOWLEDGE_ARTICLE) ArticleInCommunity target) {
        return "externalReference=" + URLEncoder.encode(target.reference(), StandardCharsets.UTF_8);
    }

    /** What the community needs, from the article's state and what the look-up found. */
    public ArticleChange decide(@Body JsonNode found, @ExchangeProperty(ExchangeKeys.KNOWLEDGE_ARTICLE) ArticleInCommunity target) {
        JsonNode articles = found == null ? null : found.path("_embedded").path("knowledgeArticles");
        String existing = articles != null && articles.isArray() && !articles.isEmpty() ? articles.get(0).path("id").asText() : null;
        boolean published = "published".equals(target.article().path("workflow_state").asText());
        String action = published ? (existing == null ? "publish" : "replace") : (existing == null ? "none" : "retire");
        return new ArticleChange(action, existing, target.reference() + "@" + target.communityId() + ":" + action + ":"
                + target.article().path("sys_mod_count").asText());
    }

    /** Body of POST /communities/{id}/knowledge-articles or PUT /knowledge-articles/{id}. */
    public Map<String, Object> write(@ExchangeProperty(ExchangeKeys.KNOWLEDGE_ARTICLE) ArticleInCommunity target) {
        JsonNode article = target.article();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", Jsoup.clean(article.path("short_description").asText(), Safelist.none()));
        // articles of the partner knowledge base are written for partners; only unsafe markup is removed
        body.put("body", Jsoup.clean(article.path("text").asText(), Safelist.relaxed()));
        body.put("bodyFormat", "html");
        if (!article.path("kb_category").asText().isBlank()) {
            body.put("tags", List.of(article.path("kb_category").asText()));
        }
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("system", "servicenow");
        reference.put("id", article.path("number").asText());
        body.put("externalReference", reference);
        body.put("origin", Origin.of(Origin.ref("servicenow", "kb_knowledge", article.path("number").asText())));
        return body;
    }

    /** Audits a write the community took. */
    public void done(@ExchangeProperty(ExchangeKeys.KNOWLEDGE_ARTICLE) ArticleInCommunity target,
            @ExchangeProperty(ExchangeKeys.KNOWLEDGE_CHANGE) ArticleChange change) {
        audit.record("bridge", "knowledge." + change.action(), null, target.reference(),
                target.communityId() + ": " + target.article().path("short_description").asText());
    }
}
