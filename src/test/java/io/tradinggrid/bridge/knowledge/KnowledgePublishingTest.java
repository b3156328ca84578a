package io.tradinggrid.bridge.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S4: what the knowledge team publishes in the partner knowledge base becomes self-service content in the communities. */
class KnowledgePublishingTest extends ForwardPathTestSupport {

    private List<String> titles(String communityId) {
        List<String> titles = new ArrayList<>();
        clients.knowledgeArticles(communityId).forEach(a -> titles.add(a.path("title").asText()));
        return titles;
    }

    private JsonNode article(String title) {
        return clients.serviceNowRecords("kb_knowledge", "short_description=" + title).get(0);
    }

    private List<String> seededCommunityTitles() {
        // the seed already holds one article of its own in the supplier community
        return titles("COM-BRW-SUPPLIERS");
    }

    @Test
    void should_publish_partner_articles_in_every_community_but_never_internal_ones() {
        List<String> before = seededCommunityTitles();
        template.sendBody("direct:knowledge-sync", null);
        template.sendBody("direct:knowledge-sync", null);

        for (String community : sandbox().communityIds()) {
            assertThat(titles(community)).as(community)
                    .contains("How to correct an invoice rejected for price mismatch", "Advance Ship Notice (ASN) timing requirements")
                    .doesNotContain("Restarting the AS2 connector after certificate renewal");
        }
        assertThat(titles("COM-BRW-SUPPLIERS")).hasSize(before.size() + 2);
        JsonNode published = clients.knowledgeArticles("COM-KST-DISTRIBUTION").get(0);
        assertThat(published.path("externalReference").path("system").asText()).isEqualTo("servicenow");
        assertThat(published.path("externalReference").path("id").asText()).startsWith("KB");
    }

    @Test
    void should_replace_an_article_that_changed_and_retire_one_that_was_retired() {
        template.sendBody("direct:knowledge-sync", null);
        JsonNode asn = article("Advance Ship Notice (ASN) timing requirements");
        JsonNode invoice = article("How to correct an invoice rejected for price mismatch");

        clients.serviceNowPatch("kb_knowledge", asn.path("sys_id").asText(),
                "{\"text\":\"<p>Send the ASN within <b>one hour</b> of departure.</p><script>steal()</script>\"}");
        clients.serviceNowPatch("kb_knowledge", invoice.path("sys_id").asText(), "{\"workflow_state\":\"retired\"}");
        template.sendBody("direct:knowledge-sync", null);

        JsonNode articles = clients.knowledgeArticles("COM-KST-DISTRIBUTION");
        assertThat(articles).hasSize(1);
        assertThat(articles.get(0).path("title").asText()).isEqualTo("Advance Ship Notice (ASN) timing requirements");
        assertThat(articles.get(0).path("body").asText()).contains("one hour").doesNotContain("<script");
    }
}
