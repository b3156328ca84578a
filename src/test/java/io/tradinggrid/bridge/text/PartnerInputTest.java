package io.tradinggrid.bridge.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PartnerInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_make_the_partners_texts_plain_and_leave_ids_statuses_and_origins_as_the_community_sent_them() throws Exception {
        JsonNode thread = JSON.readTree("""
                {"id":"THR-1<b>","communityId":"COM-1","version":3,"status":"OPEN","title":"&lt;img src=x onerror=alert(1)&gt;Late\\u202E",
                 "body":"[code]<script>x()</script>[/code]qty < 5","partner":{"id":"PTR-1","companyName":"<i>Acme</i>"},
                 "createdBy":{"userId":"u1","displayName":"Eve\\u0007","kind":"PARTNER"},"origin":{"system":"x","ref":"<b>r</b>"},
                 "references":{"<b>po</b>":"45&lt;svg onload=alert(1)&gt;","amount":12.5,"":"dropped"}}""");

        JsonNode clean = PartnerInput.thread(thread);

        assertThat(clean.path("id").asText()).isEqualTo("THR-1<b>");
        assertThat(clean.path("origin").path("ref").asText()).isEqualTo("<b>r</b>");
        assertThat(clean.path("title").asText()).isEqualTo("Late");
        assertThat(clean.path("body").asText()).isEqualTo("qty < 5");
        assertThat(clean.path("partner").path("companyName").asText()).isEqualTo("Acme");
        assertThat(clean.path("partner").path("id").asText()).isEqualTo("PTR-1");
        assertThat(clean.path("createdBy").path("displayName").asText()).isEqualTo("Eve");
        assertThat(clean.path("references").toString()).isEqualTo("{\"po\":\"45\",\"amount\":12.5}");
        assertThat(thread.path("title").asText()).as("the original is left alone").startsWith("&lt;img");
    }

    @Test
    void should_make_a_posts_body_and_author_plain() throws Exception {
        JsonNode post = PartnerInput.post(JSON.readTree("""
                {"id":"P-1","body":"Hi &lt;img src=x onerror=alert(1)&gt;","author":{"displayName":"<b>Bo</b>\\u202E","kind":"PARTNER"}}"""));

        assertThat(post.path("id").asText()).isEqualTo("P-1");
        assertThat(post.path("body").asText()).isEqualTo("Hi");
        assertThat(post.path("author").path("displayName").asText()).isEqualTo("Bo");
        assertThat(post.path("author").path("kind").asText()).isEqualTo("PARTNER");
    }
}
