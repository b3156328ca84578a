package io.tradinggrid.bridge.documents;

import io.tradinggrid.bridge.flow.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Checks a file on its bytes as they stream, because the metadata (size, type, sha256) is only what the other side
 * says: the bytes counted (reading stops one byte past the limit), the type their leading bytes show (Apache Tika's
 * magic detector; the name is not consulted) against the types allowed for the file's extension, and their sha256
 * against the one the metadata gives.
 */
public class AttachmentBytesCheck {

    /** The checked attachment (true size and sha256), or why it is refused. */
    public record Verdict(AttachmentPolicy.Accepted attachment, String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    /** Enough for every magic signature Tika knows. */
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = MIME_TYPES.getMediaTypeRegistry();

    /**
     * EDI interchanges are plain text to a magic detector (no signature tells an X12 or EDIFACT file from other text),
     * so text is what their bytes must be.
     */
    private static final Set<MediaType> PLAIN_TEXT_FORMATS = Set.of(MediaType.parse("application/edi-x12"),
            MediaType.parse("application/edifact"), MediaType.parse("application/edi-consent"));

    private final long maxBytes;
    private final AttachmentPolicy policy;

    public AttachmentBytesCheck(long maxBytes, AttachmentPolicy policy) {
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    /** Reads the content (at most the limit and one byte) and judges it; the caller closes or rewinds the stream. */
    public Verdict check(AttachmentPolicy.Accepted attachment, InputStream content) throws IOException {
        MessageDigest sha = Sha256.digest();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long count = 0;
        int n;
        while ((n = content.read(buffer)) > 0) {
            count += n;
            if (count > maxBytes) {
                return refused(attachment, "the download went past the limit of " + maxBytes + " bytes and was cut there"
                        + (attachment.size() >= 0 ? " (the metadata said " + attachment.size() + " bytes)" : ""));
            }
            sha.update(buffer, 0, n);
            if (head.size() < SNIFF_BYTES) {
                head.write(buffer, 0, Math.min(n, SNIFF_BYTES - head.size()));
            }
        }
        if (attachment.size() >= 0 && attachment.size() != count) {
            return refused(attachment, "the metadata says " + attachment.size() + " bytes, the download has " + count);
        }
        String actualSha = Sha256.hex(sha);
        String declaredSha = attachment.sha256() == null ? "" : attachment.sha256().trim();
        if (!declaredSha.isEmpty() && !declaredSha.equalsIgnoreCase(actualSha)) {
            return refused(attachment, "sha256 of the download (" + actualSha + ") is not the one the metadata gives (" + declaredSha + ")");
        }
        MediaType sniffed = REGISTRY.normalize(MIME_TYPES.detect(new ByteArrayInputStream(head.toByteArray()), new Metadata()));
        String extension = AttachmentPolicy.extension(attachment.safeFileName());
        Set<String> allowed = policy.allowedTypes(extension);
        if (!fits(sniffed, allowed)) {
            return refused(attachment, "the bytes are " + sniffed + ", not a ." + extension + " file (" + String.join(", ", allowed) + ")");
        }
        return new Verdict(new AttachmentPolicy.Accepted(attachment.id(), attachment.safeFileName(), attachment.mimeType(), count,
                actualSha), null);
    }

    /**
     * The sniffed type fits when an allowed type is it, or is a kind of it (a .docx sniffs as application/zip, a .csv as
     * text/plain). Unknown binary (application/octet-stream) fits only where octet-stream itself is allowed: every type
     * is a kind of it.
     */
    static boolean fits(MediaType sniffed, Set<String> allowed) {
        for (String type : allowed) {
            MediaType declared = MediaType.parse(type.toLowerCase(Locale.ROOT));
            if (declared == null) {
                continue;
            }
            MediaType candidate = REGISTRY.normalize(declared);
            if (candidate.equals(sniffed)) {
                return true;
            }
            if (!sniffed.equals(MediaType.OCTET_STREAM) && REGISTRY.isSpecializationOf(candidate, sniffed)) {
                return true;
            }
            if (sniffed.equals(MediaType.TEXT_PLAIN) && (PLAIN_TEXT_FORMATS.contains(declared.getBaseType())
                    || PLAIN_TEXT_FORMATS.contains(candidate.getBaseType()))) {
                return true;
            }
        }
        return false;
    }

    private static Verdict refused(AttachmentPolicy.Accepted attachment, String reason) {
        return new Verdict(attachment, reason);
    }
}
