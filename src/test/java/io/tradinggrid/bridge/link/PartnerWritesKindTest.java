package io.tradinggrid.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.compliance.ComplianceWatch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The kind of a partner post, from the publish keys its producers really give it. */
class PartnerWritesKindTest {

    @Test
    void should_name_a_renewal_reminder_a_compliance_post_from_the_key_the_compliance_watch_gives_it() {
        ComplianceWatch watch = new ComplianceWatch(30, "compliance", null, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        var doc = new ObjectMapper().createObjectNode().put("id", "DOC-7").put("expiresOn", "2026-12-20").put("title", "COI 2026");

        assertThat(PartnerWrites.kind(watch.renewal(doc).publishKey())).isEqualTo("compliance");
    }

    @Test
    void should_name_comments_and_notices_by_their_prefix_and_not_by_words_inside_a_reference() {
        assertThat(PartnerWrites.kind("servicenow:journal:9d1f")).isEqualTo("comment");
        assertThat(PartnerWrites.kind("workflow:comment:41")).isEqualTo("comment");
        assertThat(PartnerWrites.kind("file-not-copied:INC0010001:sha256-ab")).isEqualTo("notice");
        assertThat(PartnerWrites.kind("post-not-carried:servicenow:journal:9d1f")).isEqualTo("notice");
        // an article whose number says renewal, a record whose id says comment: still plain posts
        assertThat(PartnerWrites.kind("KB0010042-renewal-guide@COM-1:publish:3")).isEqualTo("post");
        assertThat(PartnerWrites.kind("onboarding:REQ-9:IN_REVIEW:12")).isEqualTo("post");
        assertThat(PartnerWrites.kind("KB:comment:1@COM-1:publish:1")).isEqualTo("post");
        assertThat(PartnerWrites.kind(null)).isEqualTo("post");
    }
}
