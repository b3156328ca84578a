package io.tradinggrid.bridge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tradinggrid.emulator.Json;
import org.junit.jupiter.api.Test;

class AttachmentPolicyTest {

    private final AttachmentPolicy policy = new AttachmentPolicy(1000, "pdf:application/pdf,png:image/png,txt:text/plain");

    @Test
    void should_reduce_hostile_file_names_to_a_safe_base_name() {
        assertThat(AttachmentPolicy.safeFileName("../../etc/passwd.pdf", "A1")).isEqualTo("passwd.pdf");
        assertThat(AttachmentPolicy.safeFileName("..\\..\\windows\\win.ini", "A1")).isEqualTo("win.ini");
        assertThat(AttachmentPolicy.safeFileName("report\u0000.pdf\r\n", "A1")).isEqualTo("report.pdf");
        assertThat(AttachmentPolicy.safeFileName(".hidden.pdf", "A1")).isEqualTo("hidden.pdf");
        assertThat(AttachmentPolicy.safeFileName("invoice <script>.pdf", "A1")).isEqualTo("invoice _script_.pdf");
        assertThat(AttachmentPolicy.safeFileName("Lieferschein – Gebrüder Müller.txt", "A1")).isEqualTo("Lieferschein _ Gebrüder Müller.txt");
        assertThat(AttachmentPolicy.safeFileName("///", "A1")).isEqualTo("attachment-A1");
        assertThat(AttachmentPolicy.safeFileName("x".repeat(300) + ".pdf", "A1")).hasSize(120).endsWith(".pdf");
    }

    @Test
    void should_refuse_files_over_the_limit_of_a_forbidden_type_or_with_an_odd_id_and_carry_duplicates_once() {
        ArrayNode refs = Json.array();
        refs.addObject().put("id", "A1").put("fileName", "pod.pdf").put("mimeType", "application/pdf").put("size", 900).put("sha256", "aa");
        refs.addObject().put("id", "A2").put("fileName", "pod-copy.pdf").put("mimeType", "application/pdf").put("size", 900).put("sha256", "aa");
        refs.addObject().put("id", "A3").put("fileName", "huge.pdf").put("mimeType", "application/pdf").put("size", 1001).put("sha256", "bb");
        refs.addObject().put("id", "A4").put("fileName", "setup.exe").put("mimeType", "application/x-msdownload").put("size", 10).put("sha256", "cc");
        refs.addObject().put("id", "A5").put("fileName", "photo.png").put("mimeType", "application/pdf").put("size", 10).put("sha256", "dd");
        refs.addObject().put("id", "../A6").put("fileName", "x.pdf").put("mimeType", "application/pdf").put("size", 10).put("sha256", "ee");

        AttachmentPolicy.Selection selection = policy.select(refs);

        assertThat(selection.accepted()).extracting(AttachmentPolicy.Accepted::id).containsExactly("A1");
        assertThat(selection.refused()).extracting(AttachmentPolicy.Refused::id).containsExactly("A3", "A4", "A5", "../A6");
        assertThat(selection.refused().get(0).reason()).contains("over the limit");
        assertThat(selection.refused().get(1).reason()).contains("not allowed");
    }
}
