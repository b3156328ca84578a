package io.tradinggrid.bridge.knowledge;

import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.status.ServiceNowStatusSync;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * ServiceNow knowledge -> community self-service (S4): articles of the configured knowledge base are published to each
 * community when they are published, replaced when they change, and retired when they are retired. The community
 * article carries the ServiceNow number as its external reference, so a re-run finds it instead of adding another.
 */
public class KnowledgePublisher {

    private static final String FIELDS = "sys_id,number,short_description,text,kb_category,workflow_state,sys_updated_on,sys_mod_count";

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
     * Starts the walk over changed articles of the knowledge base. Paging and the watermark's advance are
     * ServiceNowStatusSync's (pageRequest, records, finish), keyed by the table name kb_knowledge.
     */
    public void start(Exchange exchange) {
        ServiceNowStatusSync.begin(exchange, watermarks, "kb_knowledge", "kb_knowledge_base.title=" + knowledgeBase, FIELDS);
    }

    /** Each changed article once per community it is published in. */
    public List<Map<String, Object>> targets(Exchange exchange) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Object item : exchange.getMessage().getBody(List.class)) {
            for (String community : communityIds) {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("article", item);
                target.put("communityId", community);
                targets.add(target);
            }
        }
        return targets;
    }

    /** GET of the community's article with this article's external reference. */
    @SuppressWarnings("unchecked")
    public void lookup(Exchange exchange) {
        Map<String, Object> target = exchange.getMessage().getBody(Map.class);
        JsonNode article = (JsonNode) target.get("article");
        String community = (String) target.get("communityId");
        exchange.setProperty(ExchangeKeys.ORIGINAL, article.toString());
        exchange.setProperty("kbArticle", article);
        exchange.setProperty("kbCommunity", community);
        exchange.setProperty("kbReference", "servicenow:" + article.path("number").asText());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/communities/" + community + "/knowledge-articles");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "externalReference="
                + URLEncoder.encode("servicenow:" + article.path("number").asText(), StandardCharsets.UTF_8));
    }

    /** Decides kbAction: publish, replace, retire or none, from the article's state and what the community has. */
    public void decide(Exchange exchange) {
        JsonNode found = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("knowledgeArticles");
        String existing = found.isArray() && !found.isEmpty() ? found.get(0).path("id").asText() : null;
        JsonNode article = exchange.getProperty("kbArticle", JsonNode.class);
        boolean published = "published".equals(article.path("workflow_state").asText());
        String action = published ? (existing == null ? "publish" : "replace") : (existing == null ? "none" : "retire");
        exchange.setProperty("kbExistingId", existing);
        exchange.setProperty("kbAction", action);
        exchange.setProperty("publishKey", exchange.getProperty("kbReference") + "@" + exchange.getProperty("kbCommunity")
                + ":" + action + ":" + article.path("sys_mod_count").asText());
    }

    /** Body of POST /communities/{id}/knowledge-articles or PUT /knowledge-articles/{id}. */
    public Map<String, Object> write(Exchange exchange) {
        JsonNode article = exchange.getProperty("kbArticle", JsonNode.class);
        String existing = exchange.getProperty("kbExistingId", String.class);
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
        body.put("origin", Origin.of("servicenow:kb_knowledge:" + article.path("sys_id").asText()));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, existing == null
                ? "/communities/" + exchange.getProperty("kbCommunity") + "/knowledge-articles"
                : "/knowledge-articles/" + existing);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, existing == null ? "POST" : "PUT");
        return body;
    }

    public void retire(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/knowledge-articles/" + exchange.getProperty("kbExistingId"));
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "DELETE");
        exchange.getMessage().setBody(null);
    }

    public void done(Exchange exchange) {
        JsonNode article = exchange.getProperty("kbArticle", JsonNode.class);
        audit.record("bridge", "knowledge." + exchange.getProperty("kbAction"), null,
                exchange.getProperty("kbReference", String.class), exchange.getProperty("kbCommunity") + ": " + article.path("short_description").asText());
    }
}
