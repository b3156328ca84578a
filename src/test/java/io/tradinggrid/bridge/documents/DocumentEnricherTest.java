package io.tradinggrid.bridge.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.link.PartnerNotices;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.store.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** The message a file's copy starts from, and what the record and the partner are told when a file is not copied. */
class DocumentEnricherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AttachmentPolicy policy = new AttachmentPolicy(1000, "pdf:application/pdf,txt:text/plain");
    private final List<String> audited = new ArrayList<>();
    private final DocumentEnricher enricher = new DocumentEnricher(policy, new AttachmentBytesCheck(1000, policy), new AuditTrail(null) {
        @Override
        public void record(String actor, String action, String threadId, String recordRef, String detail) {
            audited.add(action + " " + recordRef);
        }
    }, new PartnerNotices("tradinggrid-bridge", "{record}"));
    private final ThreadLink link = new ThreadLink(1, "COM-1", "THR-1", "dispute", "servicenow", "incident", "abc", "INC0010001", "opened", null, null);

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://127.0.0.1/x", status, "status", null, Map.of(), body);
    }

    @Test
    void should_make_one_copy_message_per_allowed_file_that_names_its_thread_and_file() throws Exception {
        List<String> works = enricher.select(MAPPER.readTree("{\"attachments\":[{\"id\":\"ATT-1\",\"fileName\":\"pod.pdf\","
                + "\"mimeType\":\"application/pdf\",\"size\":10},{\"id\":\"ATT-2\",\"fileName\":\"run.exe\",\"mimeType\":\"application/x-msdownload\"}]}"),
                "THR-1");

        assertThat(works).singleElement().satisfies(work -> {
            assertThat(enricher.threadOf(work)).isEqualTo("THR-1");
            assertThat(enricher.attachmentOf(work)).isEqualTo(new AttachmentPolicy.Accepted("ATT-1", "pod.pdf", "application/pdf", 10, ""));
        });
        assertThat(audited).containsExactly("attachment.refused attachment:ATT-2");
    }

    @Test
    void should_decide_again_on_a_copy_message_edited_in_the_dead_letter_store() {
        String edited = "{\"threadId\":\"THR-1\",\"attachment\":{\"id\":\"ATT-1\",\"fileName\":\"run.exe\",\"mimeType\":\"application/pdf\"}}";

        assertThatThrownBy(() -> enricher.attachmentOf(edited)).hasMessageContaining("not allowed").hasMessageContaining(".exe");
    }

    @Test
    void should_say_why_a_file_was_not_copied_without_what_the_other_system_answered() {
        assertThat(enricher.notCopiedReason(http(404, "{\"message\":\"gone\"}"), "community")).isEqualTo("it is no longer in the thread");
        assertThat(enricher.notCopiedReason(http(413, "max 10 MB on instance dev-secret"), "servicenow"))
                .contains("too large").doesNotContain("dev-secret");
        assertThat(enricher.notCopiedReason(http(403, "ACL sys_attachment"), "workflow")).contains("does not accept").doesNotContain("ACL");
        assertThat(enricher.notCopiedReason(new IllegalStateException("socket"), "community")).doesNotContain("socket");
    }

    @Test
    void should_tell_the_partner_in_plain_text_which_file_of_which_record_was_not_copied() {
        AttachmentPolicy.Accepted file = new AttachmentPolicy.Accepted("ATT-1", "pod.pdf", "application/pdf", 10, "");

        Map<String, Object> post = enricher.notCopiedPost(file, link, "it is no longer in the thread <b>x</b>");

        assertThat(post.get("body").toString()).isEqualTo("File pod.pdf could not be copied to your incident INC0010001: "
                + "it is no longer in the thread x. Please upload it again in this thread if it is still needed.");
        assertThat(post).containsEntry("bodyFormat", "text").containsKey("origin");
        assertThat(enricher.serviceNowNote(file, "THR-1", "it is no longer in the thread").get("work_notes").toString())
                .contains("pod.pdf").contains("ATT-1").contains("THR-1");
    }
}
