package io.tradinggrid.emulator.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachmentTest extends PartnerCommunityTestSupport {

    String threadId;

    @BeforeEach
    void fresh() {
        freshCommunity("COM-FILES");
        threadId = openThread("Damage claim", "CLAIM");
    }

    @Test
    void should_serve_attachment_content_with_sha256_etag_and_content_length() {
        byte[] png = SampleFiles.damagePhoto(7);
        JsonNode meta = client.upload(threadId, "pallet3.png", "image/png", png, "CLAIM_EVIDENCE", "{\"system\":\"bridge\",\"ref\":\"x:1\"}").json();
        String id = meta.path("id").asText();

        CommunityClient.Response content = client.get("/attachments/" + id + "/content");

        String sha = CommunityStore.sha256(png);
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(png);
        assertThat(content.header("ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(content.header("Content-Length")).isEqualTo(String.valueOf(png.length));
        assertThat(meta.path("sha256").asText()).isEqualTo(sha);
        assertThat(meta.path("size").asInt()).isEqualTo(png.length);
        assertThat(meta.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(meta.path("documentCategory").asText()).isEqualTo("CLAIM_EVIDENCE");
        assertThat(meta.path("origin").path("ref").asText()).isEqualTo("x:1");
        assertThat(meta.path("uploadedBy").path("kind").asText()).isEqualTo("MACHINE");
    }

    @Test
    void should_add_uploads_to_the_thread_and_move_its_version() {
        JsonNode before = client.get("/threads/" + threadId).json();
        String id = client.upload(threadId, "revised_schedule.csv", "text/csv", "store,eta\r\n118,04:30\r\n".getBytes(StandardCharsets.UTF_8),
                "REVISED_SCHEDULE", null).json().path("id").asText();
        JsonNode after = client.get("/threads/" + threadId).json();

        assertThat(after.path("version").asLong()).isGreaterThan(before.path("version").asLong());
        assertThat(after.path("attachments").findValuesAsText("id")).contains(id);
        // an attachment uploaded before can be shown in a post
        JsonNode post = client.post("/threads/" + threadId + "/posts",
                Json.object().put("body", "Revised schedule attached").set("attachmentIds", Json.array().add(id))).json();
        assertThat(post.path("attachments").path(0).path("fileName").asText()).isEqualTo("revised_schedule.csv");
    }

    @Test
    void should_refuse_files_over_the_default_25_mib_limit_with_413() {
        byte[] tooBig = new byte[25 * 1024 * 1024 + 1];
        CommunityClient.Response r = client.upload(threadId, "scan.pdf", "application/pdf", tooBig, null, null);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("message").asText()).contains("limit");
        assertThat(client.get("/threads/" + threadId).json().path("attachments")).isEmpty();
    }

    @Test
    void should_refuse_files_over_a_lowered_limit_and_accept_files_at_the_limit() {
        emulator.setAttachmentLimitBytes(1000);
        assertThat(client.upload(threadId, "a.txt", "text/plain", new byte[1000], null, null).status()).isEqualTo(201);
        assertThat(client.upload(threadId, "b.txt", "text/plain", new byte[1001], null, null).status()).isEqualTo(413);
    }

    @Test
    void should_refuse_an_upload_without_a_file_part_or_with_a_bad_category() {
        CommunityClient.Response badCategory = client.upload(threadId, "a.txt", "text/plain", new byte[3], "SELFIE", null);
        CommunityClient.Response badOrigin = client.upload(threadId, "a.txt", "text/plain", new byte[3], null, "not json");
        assertThat(badCategory.status()).isEqualTo(400);
        assertThat(badOrigin.status()).isEqualTo(400);
        assertThat(client.upload("THR-999999", "a.txt", "text/plain", new byte[3], null, null).status()).isEqualTo(404);
    }

    @Test
    void should_let_a_partner_upload_first_and_open_a_thread_with_the_file_later() {
        byte[] pdf = SampleFiles.pdf(List.of("Proof of delivery", "PO 4500871290"));
        String fileId = emulator.uploadAsPartner(partnerId, null, NewFile.of("POD.pdf", "application/pdf", pdf)).path("id").asText();
        JsonNode thread = emulator.openThreadAsPartner(communityId, partnerId, null,
                CommunityClient.threadCreate("Shortage claim", "CLAIM").set("attachmentIds", Json.array().add(fileId)), List.of());

        assertThat(thread.path("attachments").path(0).path("id").asText()).isEqualTo(fileId);
        JsonNode meta = client.get("/attachments/" + fileId).json();
        assertThat(meta.path("threadId").asText()).isEqualTo(thread.path("id").asText());
        assertThat(meta.path("uploadedBy").path("kind").asText()).isEqualTo("PARTNER");
    }

    @Test
    void should_take_partner_files_as_base64_through_the_admin_api() {
        byte[] csv = "line,qty\r\n1,56\r\n".getBytes(StandardCharsets.UTF_8);
        var req = Json.object().put("communityId", communityId).put("partnerId", partnerId).put("title", "ASN missing")
                .put("body", "see file").put("category", "MISSING_ASN");
        req.putArray("files").addObject().put("fileName", "asn.csv").put("mimeType", "text/csv")
                .put("contentBase64", Base64.getEncoder().encodeToString(csv)).put("documentCategory", "ADVANCE_SHIP_NOTICE");
        CommunityClient.Response r = client.admin("POST", "/threads", req);

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        String fileId = r.json().path("attachments").path(0).path("id").asText();
        assertThat(client.get("/attachments/" + fileId + "/content").body()).isEqualTo(csv);
    }
}
