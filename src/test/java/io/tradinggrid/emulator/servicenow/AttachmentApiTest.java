package io.tradinggrid.emulator.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachmentApiTest extends SnTestSupport {

    private static final Set<String> METADATA_FIELDS = Set.of("average_image_color", "compressed", "content_type",
            "created_by_name", "download_link", "file_name", "image_height", "image_width", "size_bytes", "size_compressed",
            "sys_created_by", "sys_created_on", "sys_id", "sys_mod_count", "sys_tags", "sys_updated_by", "sys_updated_on",
            "table_name", "table_sys_id", "updated_by_name");

    private String incidentId;

    @BeforeEach
    void incident() {
        incidentId = create("incident", obj("short_description", "with files")).get("sys_id").asText();
    }

    private HttpResponse<String> uploadRaw(String query, String contentType, byte[] bytes) {
        HttpRequest.Builder b = request("/api/now/attachment/file" + query);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private HttpResponse<String> uploadMultipart(String tableName, String tableSysId, String fileName, String type, byte[] bytes) {
        String boundary = "----tgbBoundary7MA4YWxkTrZu0gW";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        if (tableName != null) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"table_name\"\r\n\r\n")
                    .append(tableName).append("\r\n");
        }
        if (tableSysId != null) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"table_sys_id\"\r\n\r\n")
                    .append(tableSysId).append("\r\n");
        }
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (fileName != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadFile\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/api/now/attachment/upload").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    @Test
    void should_upload_raw_bytes_with_201_location_and_documented_metadata() {
        byte[] pdf = "%PDF-1.4 certificate of origin".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=coo.pdf", "application/pdf", pdf);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode meta = json(r).get("result");
        String id = meta.get("sys_id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue(emulator.baseUrl() + "/api/now/attachment/" + id);
        assertThat(keys(meta)).isEqualTo(METADATA_FIELDS);
        meta.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
        assertThat(meta.get("size_bytes").asText()).isEqualTo(String.valueOf(pdf.length));
        assertThat(meta.get("content_type").asText()).isEqualTo("application/pdf");
        assertThat(meta.get("file_name").asText()).isEqualTo("coo.pdf");
        assertThat(meta.get("table_name").asText()).isEqualTo("incident");
        assertThat(meta.get("table_sys_id").asText()).isEqualTo(incidentId);
        assertThat(meta.get("download_link").asText()).isEqualTo(emulator.baseUrl() + "/api/now/attachment/" + id + "/file");
        assertThat(meta.get("compressed").asText()).isEqualTo("true");
        assertThat(meta.get("sys_created_by").asText()).isEqualTo(creds.username());
    }

    @Test
    void should_upload_multipart_with_the_file_as_last_part() {
        byte[] png = new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, (byte) 0xff};
        HttpResponse<String> r = uploadMultipart("incident", incidentId, "label.png", "image/png", png);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode meta = json(r).get("result");
        assertThat(meta.get("file_name").asText()).isEqualTo("label.png");
        assertThat(meta.get("content_type").asText()).isEqualTo("image/png");
        assertThat(meta.get("size_bytes").asText()).isEqualTo("9");
        assertThat(r.headers().firstValue("Location")).isPresent();

        HttpResponse<byte[]> file = downloadBytes(meta.get("sys_id").asText());
        assertThat(file.body()).isEqualTo(png);
    }

    private HttpResponse<byte[]> downloadBytes(String id) {
        try {
            return http.send(request("/api/now/attachment/" + id + "/file").setHeader("Accept", "*/*").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_download_bytes_with_content_type_and_x_attachment_metadata() {
        byte[] bytes = "ISA*00*...~".getBytes(StandardCharsets.UTF_8);
        String id = json(uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=edi.x12", "text/plain", bytes))
                .get("result").get("sys_id").asText();

        HttpResponse<byte[]> r = downloadBytes(id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bytes);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        JsonNode meta = Json.parse(r.headers().firstValue("X-Attachment-Metadata").orElseThrow());
        assertThat(meta.get("sys_id").asText()).isEqualTo(id);
        assertThat(meta.get("file_name").asText()).isEqualTo("edi.x12");
        assertThat(meta.get("size_bytes").asText()).isEqualTo(String.valueOf(bytes.length));
    }

    @Test
    void should_get_metadata_and_delete_with_204() {
        String id = json(uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=a.txt", "text/plain",
                "a".getBytes(StandardCharsets.UTF_8))).get("result").get("sys_id").asText();
        HttpResponse<String> meta = get("/api/now/attachment/" + id);
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(json(meta).get("result").get("file_name").asText()).isEqualTo("a.txt");

        assertThat(delete("/api/now/attachment/" + id).statusCode()).isEqualTo(204);
        assertError(get("/api/now/attachment/" + id), 404, "No Record found");
        assertThat(downloadBytes(id).statusCode()).isEqualTo(404);
    }

    @Test
    void should_list_attachments_by_query_with_link_header() {
        String other = create("incident", obj("short_description", "other")).get("sys_id").asText();
        for (int i = 0; i < 3; i++) {
            uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=f" + i + ".txt", "text/plain", new byte[]{1});
        }
        uploadRaw("?table_name=incident&table_sys_id=" + other + "&file_name=x.txt", "text/plain", new byte[]{1});

        HttpResponse<String> all = get("/api/now/attachment?sysparm_query=" + enc("table_sys_id=" + incidentId + "^table_name=incident"));
        assertThat(values(json(all).get("result"), "file_name")).containsExactly("f0.txt", "f1.txt", "f2.txt");
        assertThat(all.headers().firstValue("Link")).isEmpty();

        HttpResponse<String> paged = get("/api/now/attachment?sysparm_limit=2&sysparm_query="
                + enc("table_sys_id=" + incidentId + "^ORDERBYDESCfile_name"));
        assertThat(values(json(paged).get("result"), "file_name")).containsExactly("f2.txt", "f1.txt");
        assertThat(paged.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"").contains("sysparm_offset=2&sysparm_limit=2>");
        assertThat(paged.headers().firstValue("X-Total-Count")).hasValue("3");
    }

    @Test
    void should_answer_404_when_the_target_record_does_not_exist() {
        String missing = "0123456789abcdef0123456789abcdef";
        assertError(uploadRaw("?table_name=incident&table_sys_id=" + missing + "&file_name=a.txt", "text/plain", new byte[]{1}),
                404, "No Record found");
        assertError(uploadMultipart("incident", missing, "a.txt", "text/plain", new byte[]{1}), 404, "No Record found");
        assertError(uploadRaw("?table_name=u_nothing&table_sys_id=" + incidentId + "&file_name=a.txt", "text/plain", new byte[]{1}),
                404, "No Record found");
    }

    @Test
    void should_answer_400_when_a_mandatory_parameter_is_missing() {
        assertError(uploadRaw("?table_name=incident&table_sys_id=" + incidentId, "text/plain", new byte[]{1}),
                400, "Missing mandatory parameter: file_name");
        assertError(uploadRaw("?table_sys_id=" + incidentId + "&file_name=a.txt", "text/plain", new byte[]{1}),
                400, "Missing mandatory parameter: table_name");
        assertError(uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=a.txt", null, new byte[]{1}),
                400, "Missing mandatory header: Content-Type");
        assertError(uploadMultipart("incident", null, "a.txt", "text/plain", new byte[]{1}), 400, "Missing mandatory parameter: table_sys_id");
        assertError(uploadMultipart("incident", incidentId, null, null, null), 400, "Missing file part");
    }

    @Test
    void should_remove_attachments_when_the_record_is_deleted() {
        uploadRaw("?table_name=incident&table_sys_id=" + incidentId + "&file_name=a.txt", "text/plain", new byte[]{1});
        delete("/api/now/table/incident/" + incidentId);
        assertThat(json(get("/api/now/attachment?sysparm_query=" + enc("table_sys_id=" + incidentId))).get("result")).isEmpty();
    }
}
