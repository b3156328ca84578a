package io.tradinggrid.emulator.community;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tradinggrid.emulator.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code emulator/community/seed.json} into the store: communities, partners, knowledge articles,
 * onboarding requests, compliance documents and threads with their posts and files.
 * <p>
 * Times in the seed are relative to the emulator clock ({@code minutesAgo}); dates in texts are written as
 * {@code {date:-3}} (e.g. "Nov 17"), {@code {ymd:-3}} (20261117) or {@code {iso:-3}} (2026-11-17), days from today,
 * so the seed reads as current whenever it is loaded. Files are generated here with real content and magic bytes.
 * No webhook events are published while seeding.
 */
final class SandboxSeed {

    static final String RESOURCE = "emulator/community/seed.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(date|ymd|iso):([+-]?\\d+)}");

    private final CommunityStore store;
    private final Instant now;
    private final LocalDate today;
    private final Map<String, Actor> internalUsers = new LinkedHashMap<>();

    SandboxSeed(CommunityStore store, EmulatorClock clock) {
        this.store = store;
        this.now = clock.instant();
        this.today = CommunityStore.today(now);
    }

    SeedSummary load() {
        JsonNode seed = read();
        return store.quietly(() -> apply(seed));
    }

    private JsonNode read() {
        try (InputStream in = SandboxSeed.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return expand(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SeedSummary apply(JsonNode seed) {
        int threadsBefore = store.count("threads");
        int postsBefore = store.count("posts");
        int attachmentsBefore = store.count("attachments");
        int partnersBefore = store.count("partners");
        int articlesBefore = store.count("knowledgeArticles");

        seed.path("internalUsers").fields().forEachRemaining(e -> {
            JsonNode u = e.getValue();
            internalUsers.put(e.getKey(), Actor.internal(u.path("userId").asText(), u.path("displayName").asText(null),
                    u.path("email").asText(null), u.path("companyId").asText(null)));
        });

        List<String> communityIds = new ArrayList<>();
        for (JsonNode c : seed.path("communities")) {
            store.createCommunity(c.path("id").asText(), c.path("name").asText(), c.path("description").asText(null),
                    c.path("ownerCompanyId").asText(null));
            communityIds.add(c.path("id").asText());
        }

        List<String> partnerIds = new ArrayList<>();
        for (JsonNode p : seed.path("partners")) {
            partnerIds.add(store.definePartner(p, at(p, 60 * 24 * 400)).path("id").asText());
        }

        for (JsonNode a : seed.path("knowledgeArticles")) {
            store.createArticle(internal(a.path("author").asText()), a.path("communityId").asText(), a, at(a, 60 * 24 * 30));
        }

        List<String> onboardingIds = new ArrayList<>();
        for (JsonNode o : seed.path("onboardingRequests")) {
            onboardingIds.add(onboarding(o));
        }

        Map<String, String> threadIdsByKey = new LinkedHashMap<>();
        Map<String, List<String>> byUseCase = new TreeMap<>();
        List<String> complianceIds = new ArrayList<>();
        for (JsonNode d : seed.path("complianceDocuments")) {
            ObjectNode doc = compliance(d);
            complianceIds.add(doc.path("id").asText());
            if (doc.hasNonNull("threadId")) {
                track(d, doc.path("threadId").asText(), threadIdsByKey, byUseCase);
            }
        }

        for (JsonNode t : seed.path("threads")) {
            track(t, thread(t), threadIdsByKey, byUseCase);
        }

        return new SeedSummary(communityIds, partnerIds,
                store.count("threads") - threadsBefore,
                store.count("posts") - postsBefore,
                store.count("attachments") - attachmentsBefore,
                onboardingIds.size(),
                complianceIds.size(),
                store.count("knowledgeArticles") - articlesBefore,
                threadIdsByKey, byUseCase, store.threadsByCategory(), onboardingIds, complianceIds);
    }

    private static void track(JsonNode spec, String threadId, Map<String, String> byKey, Map<String, List<String>> byUseCase) {
        byKey.put(spec.path("key").asText(threadId), threadId);
        for (JsonNode useCase : spec.path("useCases")) {
            byUseCase.computeIfAbsent(useCase.asText(), k -> new ArrayList<>()).add(threadId);
        }
    }

    private String onboarding(JsonNode spec) {
        Actor actor = spec.hasNonNull("partnerId") ? store.partnerActor(spec.path("partnerId").asText(), null)
                : Actor.prospect(spec.path("companyName").asText());
        ObjectNode submitted = store.submitOnboarding(actor, spec.path("communityId").asText(), spec, files(spec.path("documents")),
                at(spec, 60 * 24 * 3));
        String id = submitted.path("id").asText();
        if (spec.hasNonNull("review")) {
            JsonNode review = spec.get("review");
            store.patchOnboarding(internal(review.path("by").asText()), id, review, at(review, 60 * 24));
        }
        return id;
    }

    private ObjectNode compliance(JsonNode spec) {
        ObjectNode req = spec.deepCopy();
        if (spec.has("issuedDaysAgo")) {
            req.put("issuedOn", today.minusDays(spec.path("issuedDaysAgo").asLong()).toString());
        }
        if (spec.has("expiresInDays")) {
            req.put("expiresOn", today.plusDays(spec.path("expiresInDays").asLong()).toString());
        }
        Actor actor = store.partnerActor(spec.path("partnerId").asText(), null);
        ObjectNode doc = store.submitCompliance(actor, spec.path("communityId").asText(), req, file(spec.path("file")),
                at(spec, 60 * 24));
        if (spec.hasNonNull("reviewStatus")) {
            store.reviewComplianceForSeed(doc.path("id").asText(), spec.path("reviewStatus").asText(), spec.path("reviewNote").asText(null));
        }
        return doc;
    }

    private String thread(JsonNode spec) {
        String communityId = spec.path("communityId").asText();
        String partnerId = spec.path("partnerId").asText();
        Actor opener = spec.hasNonNull("openedBy") ? internal(spec.path("openedBy").asText())
                : store.partnerActor(partnerId, spec.path("userId").asText(null));
        Instant opened = at(spec, 60 * 24);
        ObjectNode create = spec.deepCopy();
        create.remove(List.of("files", "posts", "key", "useCases", "minutesAgo", "status", "userId", "openedBy", "preUploadFiles"));
        if (!opener.isPartner()) {
            create.put("partnerId", partnerId);
        }
        List<NewFile> files = files(spec.path("files"));
        if (spec.path("preUploadFiles").asBoolean(false)) {
            ArrayNode ids = create.putArray("attachmentIds");
            for (NewFile f : files) {
                ids.add(store.upload(opener, null, f, null, opened.minusSeconds(90)).path("id").asText());
            }
            files = List.of();
        }
        String threadId = store.createThread(opener, communityId, create, files, opened).path("id").asText();

        Instant last = opened;
        for (JsonNode post : spec.path("posts")) {
            Actor author = "partner".equals(post.path("author").asText("partner"))
                    ? store.partnerActor(partnerId, post.path("userId").asText(null))
                    : internal(post.path("author").asText());
            Instant when = at(post, 0);
            ObjectNode req = Json.object().put("body", post.path("body").asText());
            if (post.hasNonNull("bodyFormat")) {
                req.put("bodyFormat", post.path("bodyFormat").asText());
            }
            store.addPost(author, threadId, req, post.path("kind").asText("MESSAGE"), files(post.path("files")), when);
            last = when;
        }
        JsonNode status = spec.get("status");
        if (status != null) {
            Actor by = internal(status.path("by").asText());
            Instant when = status.has("minutesAgo") ? at(status, 0) : last.plus(Duration.ofMinutes(5));
            Iterator<JsonNode> path = status.path("path").elements();
            while (path.hasNext()) {
                ObjectNode patch = Json.object().put("status", path.next().asText());
                if (!path.hasNext() && status.hasNonNull("statusNote")) {
                    patch.put("statusNote", status.path("statusNote").asText());
                }
                store.patchThread(by, threadId, patch, null, when);
            }
        }
        return threadId;
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    private List<NewFile> files(JsonNode specs) {
        List<NewFile> out = new ArrayList<>();
        for (JsonNode spec : specs) {
            out.add(file(spec));
        }
        return out;
    }

    private NewFile file(JsonNode spec) {
        String fileName = spec.path("fileName").asText();
        String type = spec.path("type").asText("text");
        byte[] content;
        String mimeType;
        switch (type) {
            case "pdf":
                content = SampleFiles.pdf(strings(spec.path("lines")));
                mimeType = "application/pdf";
                break;
            case "csv":
                List<List<String>> rows = new ArrayList<>();
                spec.path("rows").forEach(r -> rows.add(strings(r)));
                content = SampleFiles.csv(rows);
                mimeType = "text/csv";
                break;
            case "x12":
                JsonNode from = spec.path("sender");
                JsonNode to = spec.path("receiver");
                LocalDateTime when = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusDays(spec.path("daysAgo").asLong(0));
                content = SampleFiles.x12(spec.path("transactionSet").asText(), from.path(0).asText(), from.path(1).asText(),
                        to.path(0).asText(), to.path(1).asText(), spec.path("controlNumber").asInt(1), when, strings(spec.path("segments")));
                mimeType = "application/EDI-X12";
                break;
            case "png":
                content = SampleFiles.damagePhoto(spec.path("seed").asLong(fileName.hashCode()));
                mimeType = "image/png";
                break;
            default:
                content = String.join("\r\n", strings(spec.path("lines"))).concat("\r\n").getBytes(StandardCharsets.UTF_8);
                mimeType = "text/plain";
        }
        return new NewFile(fileName, spec.path("mimeType").asText(mimeType), content, spec.path("documentCategory").asText(null));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Instant at(JsonNode spec, long defaultMinutesAgo) {
        return now.minus(Duration.ofMinutes(spec.path("minutesAgo").asLong(defaultMinutesAgo)));
    }

    private Actor internal(String key) {
        Actor actor = internalUsers.get(key);
        if (actor == null) {
            throw new IllegalStateException("seed names an unknown internal user '" + key + "'");
        }
        return actor;
    }

    /** Replaces {date:N}, {ymd:N} and {iso:N} in every string of the seed. */
    private JsonNode expand(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            if (text.indexOf('{') < 0) {
                return node;
            }
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                LocalDate d = today.plusDays(Long.parseLong(m.group(2)));
                String value;
                switch (m.group(1)) {
                    case "ymd": value = d.format(DateTimeFormatter.BASIC_ISO_DATE); break;
                    case "iso": value = d.toString(); break;
                    default: value = d.format(DateTimeFormatter.ofPattern("MMM d", Locale.US));
                }
                m.appendReplacement(b, Matcher.quoteReplacement(value));
            }
            m.appendTail(b);
            return TextNode.valueOf(b.toString());
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(n -> out.add(expand(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = Json.object();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), expand(e.getValue())));
            return out;
        }
        return node;
    }
}
