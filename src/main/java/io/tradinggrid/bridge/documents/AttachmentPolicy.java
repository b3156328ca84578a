package io.tradinggrid.bridge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which of a thread's files are carried over to the record: within the size limit, of an allowed type,
 * once per content (sha256). File names come from partners and are untrusted: they are reduced to a safe base name.
 */
public class AttachmentPolicy {

    /** An attachment to copy, with the name it gets on the record. */
    public record Accepted(String id, String safeFileName, String mimeType, long size, String sha256) {

        /** The id as a URL path segment: ids come from the partner's side and are never trusted as path text. */
        public String pathId() {
            return URLEncoder.encode(id, StandardCharsets.UTF_8);
        }

        /** What tells two copies apart: the content's hash when the community gives one, else the attachment id. */
        public String contentKey() {
            return sha256 == null || sha256.isEmpty() ? id : sha256;
        }
    }

    /** An attachment left behind, and why (logged, audited, and told to the partner). */
    public record Refused(String id, String fileName, String reason) {
    }

    public record Selection(List<Accepted> accepted, List<Refused> refused) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._()\\-]");

    private final long maxBytes;
    private final Map<String, Set<String>> allowed;

    /**
     * @param maxBytes     largest file carried over
     * @param allowedTypes comma-separated "extension:mime/type" pairs, e.g. "pdf:application/pdf,csv:text/csv"
     */
    public AttachmentPolicy(long maxBytes, String allowedTypes) {
        this.maxBytes = maxBytes;
        this.allowed = new LinkedHashMap<>();
        for (String pair : allowedTypes.split(",")) {
            String[] kv = pair.trim().split(":", 2);
            if (kv.length == 2) {
                allowed.computeIfAbsent(kv[0].toLowerCase(Locale.ROOT), k -> new HashSet<>()).add(kv[1].toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The MIME types allowed for files with this extension (lower case), empty when none is. */
    public Set<String> allowedTypes(String extension) {
        return allowed.getOrDefault(extension.toLowerCase(Locale.ROOT), Set.of());
    }

    /**
     * Picks from the thread's attachment list by what its metadata says; the metadata is only a claim, so what is
     * picked is checked again on its bytes ({@link AttachmentBytesCheck}), a missing size included.
     */
    public Selection select(JsonNode attachments) {
        List<Accepted> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (attachments == null || !attachments.isArray()) {
            return new Selection(accepted, refused);
        }
        for (JsonNode ref : attachments) {
            String id = ref.path("id").asText("");
            String fileName = ref.path("fileName").asText("");
            String mime = ref.path("mimeType").asText("application/octet-stream").toLowerCase(Locale.ROOT);
            long size = ref.path("size").asLong(-1);
            String sha256 = ref.path("sha256").asText("");
            if (!ID.matcher(id).matches()) {
                refused.add(new Refused(id, fileName, "attachment id is not a plain identifier"));
                continue;
            }
            if (size > maxBytes) {
                refused.add(new Refused(id, fileName, "file is " + size + " bytes, over the limit of " + maxBytes));
                continue;
            }
            String safe = safeFileName(fileName, id);
            String extension = extension(safe);
            Set<String> mimes = allowed.get(extension);
            if (mimes == null || !(mimes.contains(mime) || mimes.contains("*"))) {
                refused.add(new Refused(id, fileName, "file type ." + extension + " (" + mime + ") is not allowed"));
                continue;
            }
            if (!sha256.isEmpty() && !seen.add(sha256)) {
                continue; // the same content twice on one thread: carry it once
            }
            accepted.add(new Accepted(id, safe, mime, size, sha256));
        }
        return new Selection(accepted, refused);
    }

    /**
     * The last path segment, normalised, without control characters, path separators or anything but letters,
     * digits, spaces and ._()-; never empty, never hidden, at most 120 characters.
     */
    public static String safeFileName(String name, String fallback) {
        String base = name == null ? "" : name;
        base = Normalizer.normalize(base, Normalizer.Form.NFKC);
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        base = base.replaceAll("\\p{Cntrl}", "");
        base = UNSAFE.matcher(base).replaceAll("_");
        base = base.replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        if (base.isEmpty() || base.chars().allMatch(c -> c == '_')) {
            base = "attachment-" + fallback;
        }
        if (base.length() > 120) {
            String ext = extension(base);
            base = base.substring(0, 120 - ext.length() - 1) + "." + ext;
        }
        return base;
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
