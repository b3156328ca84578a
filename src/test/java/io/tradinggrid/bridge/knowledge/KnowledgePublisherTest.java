package io.tradinggrid.bridge.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.knowledge.KnowledgePublisher.ArticleChange;
import io.tradinggrid.bridge.knowledge.KnowledgePublisher.ArticleInCommunity;
import io.tradinggrid.bridge.servicenow.ServiceNowChanges;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of ServiceNow knowledge articles to community articles, without a CamelContext. */
class KnowledgePublisherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final KnowledgePublisher publisher = new KnowledgePublisher("Partner Self-Service", List.of("COM-A", "COM-B"), null, null);

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode article(String state) {
        return json("{'sys_id':'kb1','number':'KB0010001','short_description':'ASN <b>timing</b>','workflow_state':'" + state + "',"
                + "'text':'<p>Send the ASN <b>early</b>.</p><script>steal()</script>','kb_category':'Logistics','sys_mod_count':'4'}");
    }

    private static JsonNode found(String... ids) {
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            items.append(items.length() == 0 ? "" : ",").append("{'id':'").append(id).append("'}");
        }
        return json("{'_embedded':{'knowledgeArticles':[" + items + "]}}");
    }

    @Test
    void should_walk_the_configured_knowledge_base_from_the_watermark() {
        ServiceNowChanges walk = publisher.changesSince("2026-11-21 08:00:00");

        assertThat(walk.table()).isEqualTo("kb_knowledge");
        assertThat(URLDecoder.decode(walk.query(), StandardCharsets.UTF_8))
                .startsWith("sysparm_query=kb_knowledge_base.title=Partner Self-Service^sys_updated_on>=2026-11-21 08:00:00^")
                .contains("sysparm_fields=sys_id,number,short_description,text,kb_category,workflow_state,sys_updated_on,sys_mod_count");
        assertThat(walk.watermark()).isEqualTo("2026-11-21 08:00:00");
    }

    @Test
    void should_hand_on_each_changed_article_once_per_community_and_move_the_watermark_by_the_articles() {
        ServiceNowChanges walk = publisher.changesSince("2026-11-21 08:00:00");

        List<JsonNode> targets = walk.accept(json("{'result':[{'number':'KB0010001','sys_updated_on':'2026-11-21 09:00:00'}]}"), null);

        assertThat(targets).extracting(t -> t.path("communityId").asText()).containsExactly("COM-A", "COM-B");
        assertThat(targets).extracting(t -> t.path("article").path("number").asText()).containsOnly("KB0010001");
        assertThat(walk.watermark()).isEqualTo("2026-11-21 09:00:00");
        assertThat(walk.hasNext()).isFalse();
    }

    @Test
    void should_store_the_last_article_read_as_the_watermark() {
        List<String> advanced = new ArrayList<>();
        WatermarkStore watermarks = new WatermarkStore(null) {
            @Override
            public void advance(String pollerId, String watermark, String lastItemId) {
                advanced.add(pollerId + " " + watermark + " " + lastItemId);
            }
        };
        KnowledgePublisher withStore = new KnowledgePublisher("Partner Self-Service", List.of("COM-A"), watermarks, null);
        ServiceNowChanges walk = withStore.changesSince("2026-11-21 08:00:00");
        walk.accept(json("{'result':[{'sys_id':'kb1','number':'KB0010001','sys_updated_on':'2026-11-21 09:00:00'}]}"), null);

        withStore.walked(walk);

        assertThat(advanced).containsExactly("servicenow:kb_knowledge:status 2026-11-21 09:00:00 kb1");
    }

    @Test
    void should_keep_the_watermark_id_of_the_status_sync() {
        assertThat(KnowledgePublisher.POLLER_ID).isEqualTo("servicenow:kb_knowledge:status");
    }

    @Test
    void should_make_each_article_right_once_in_every_community() {
        List<JsonNode> targets = publisher.targets(List.of(article("published"), article("retired")));

        assertThat(targets).hasSize(4);
        ArticleInCommunity second = publisher.inCommunity(targets.get(1));
        assertThat(second.communityId()).isEqualTo("COM-B");
        assertThat(second.reference()).isEqualTo("servicenow:KB0010001");
    }

    @Test
    void should_read_a_target_back_from_its_dead_letter_text() throws Exception {
        JsonNode stored = publisher.targets(List.of(article("published"))).get(0);

        ArticleInCommunity replayed = publisher.inCommunity(MAPPER.readTree(stored.toString()));

        assertThat(replayed.communityId()).isEqualTo("COM-A");
        assertThat(replayed.article().path("number").asText()).isEqualTo("KB0010001");
    }

    @Test
    void should_look_the_article_up_by_its_encoded_external_reference() {
        assertThat(publisher.lookupQuery(new ArticleInCommunity(article("published"), "COM-A")))
                .isEqualTo("externalReference=servicenow%3AKB0010001");
    }

    @Test
    void should_publish_a_published_article_the_community_does_not_have() {
        ArticleChange change = publisher.decide(found(), new ArticleInCommunity(article("published"), "COM-A"));

        assertThat(change).isEqualTo(new ArticleChange("publish", null, "servicenow:KB0010001@COM-A:publish:4"));
    }

    @Test
    void should_replace_a_published_article_the_community_has() {
        ArticleChange change = publisher.decide(found("KA-7"), new ArticleInCommunity(article("published"), "COM-A"));

        assertThat(change.action()).isEqualTo("replace");
        assertThat(change.existingId()).isEqualTo("KA-7");
        assertThat(change.publishKey()).isEqualTo("servicenow:KB0010001@COM-A:replace:4");
    }

    @Test
    void should_retire_a_retired_article_the_community_has_and_leave_alone_one_it_has_not() {
        assertThat(publisher.decide(found("KA-7"), new ArticleInCommunity(article("retired"), "COM-B")).action()).isEqualTo("retire");
        assertThat(publisher.decide(found(), new ArticleInCommunity(article("retired"), "COM-B")).action()).isEqualTo("none");
    }

    @Test
    void should_write_the_article_without_unsafe_markup_with_its_reference_and_origin() {
        Map<String, Object> body = publisher.write(new ArticleInCommunity(article("published"), "COM-A"));

        assertThat(body.get("title")).isEqualTo("ASN timing");
        assertThat((String) body.get("body")).contains("<b>early</b>").doesNotContain("<script");
        assertThat(body.get("bodyFormat")).isEqualTo("html");
        assertThat(body.get("tags")).isEqualTo(List.of("Logistics"));
        assertThat(body.get("externalReference")).isEqualTo(Map.of("system", "servicenow", "id", "KB0010001"));
        assertThat(body.get("origin")).isEqualTo(Map.of("system", "tradinggrid-bridge", "ref", "servicenow:kb_knowledge:KB0010001"));
    }
}
