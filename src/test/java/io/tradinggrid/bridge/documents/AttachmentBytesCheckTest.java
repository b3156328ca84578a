package io.tradinggrid.bridge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** What the bytes check lets through with the shipped tgb.attachments.allowed-types: every real file of an allowed type. */
class AttachmentBytesCheckTest {

    private static final String SHIPPED_TYPES = "pdf:application/pdf,csv:text/csv,txt:text/plain,edi:text/plain,edi:application/edi-x12,"
            + "x12:application/edi-x12,edi:application/octet-stream,png:image/png,jpg:image/jpeg,jpeg:image/jpeg,"
            + "xlsx:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
            + "docx:application/vnd.openxmlformats-officedocument.wordprocessingml.document,xml:application/xml";
    private final AttachmentPolicy policy = new AttachmentPolicy(1_000_000, SHIPPED_TYPES);
    private final AttachmentBytesCheck check = new AttachmentBytesCheck(1_000_000, policy);

    private AttachmentBytesCheck.Verdict check(String fileName, byte[] bytes) throws IOException {
        return check.check(new AttachmentPolicy.Accepted("A1", fileName, "application/octet-stream", -1, ""), new ByteArrayInputStream(bytes));
    }

    private static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void should_let_real_files_of_every_allowed_type_through_and_record_their_true_size_and_sha256() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
        assertThat(check("pod.pdf", "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)).refusal()).isNull();
        assertThat(check("photo.png", png).refusal()).isNull();
        assertThat(check("photo.jpg", jpeg).refusal()).isNull();
        assertThat(check("photo.jpeg", jpeg).refusal()).isNull();
        assertThat(check("remit.csv", "invoice,amount\nINV-1,12.00\n".getBytes(StandardCharsets.UTF_8)).refusal()).isNull();
        assertThat(check("notes.txt", "Lieferschein für PO 4500012345".getBytes(StandardCharsets.UTF_8)).refusal()).isNull();
        assertThat(check("po.x12", "ISA*00*          *00*          *ZZ*SENDER~GS*PO*1~ST*850*0001~".getBytes(StandardCharsets.US_ASCII)).refusal()).isNull();
        assertThat(check("po.edi", "UNB+UNOA:2+SENDER+RECEIVER'UNH+1+ORDERS:D:96A:UN'".getBytes(StandardCharsets.US_ASCII)).refusal()).isNull();
        assertThat(check("po.edi", new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff}).refusal()).as("binary EDI is allowed as octet-stream").isNull();
        assertThat(check("asn.xml", "<?xml version=\"1.0\"?><asn/>".getBytes(StandardCharsets.UTF_8)).refusal()).isNull();
        assertThat(check("letter.docx", zip("[Content_Types].xml", "word/document.xml")).refusal()).isNull();
        assertThat(check("sheet.xlsx", zip("[Content_Types].xml", "xl/workbook.xml")).refusal()).isNull();

        AttachmentBytesCheck.Verdict verdict = check("pod.pdf", "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(verdict.attachment().size()).isEqualTo(15);
        assertThat(verdict.attachment().sha256()).hasSize(64);
    }

    @Test
    void should_refuse_unknown_binary_under_a_name_that_promises_a_known_type() throws IOException {
        assertThat(check("pod.pdf", new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff}).refusal()).contains("application/octet-stream");
        assertThat(check("notes.txt", new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff}).refusal()).contains("not a .txt file");
        assertThat(check("asn.xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8)).refusal())
                .contains("svg");
    }
}
