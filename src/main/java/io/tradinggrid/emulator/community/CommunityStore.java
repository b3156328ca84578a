package io.tradinggrid.emulator.community;

import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The community's records and the contract's rules about them. Every method is synchronized: the HTTP handlers,
 * the partner actions and the seed loader all come through here. Answers are the contract's JSON shapes.
 * <p>
 * Each write records who made it ({@link Actor}) and the {@code origin} it carried; every change to a thread
 * (edit, status, post, attachment) moves its {@code updatedTime} and {@code version}, and leaves the change's origin
 * as the thread's {@code origin} (null after a partner's change), so a poller can recognise its own echoes.
 */
final class CommunityStore {

    static final long DEFAULT_ATTACHMENT_LIMIT = 25L * 1024 * 1024;

    /** ThreadStatus: OPEN -> IN_PROGRESS <-> AWAITING_PARTNER -> RESOLVED -> CLOSED; RESOLVED -> IN_PROGRESS. */
    static final Map<String, Set<String>> THREAD_TRANSITIONS = Map.of(
            "OPEN", Set.of("IN_PROGRESS"),
            "IN_PROGRESS", Set.of("AWAITING_PARTNER", "RESOLVED"),
            "AWAITING_PARTNER", Set.of("IN_PROGRESS", "RESOLVED"),
            "RESOLVED", Set.of("CLOSED", "IN_PROGRESS"),
            "CLOSED", Set.of());

    /** Onboarding moves forward only; REJECTED and ACTIVE are final. */
    static final Map<String, Set<String>> ONBOARDING_TRANSITIONS = Map.of(
            "SUBMITTED", Set.of("IN_REVIEW", "APPROVED", "REJECTED"),
            "IN_REVIEW", Set.of("APPROVED", "REJECTED"),
            "APPROVED", Set.of("ACTIVE"),
            "REJECTED", Set.of(),
            "ACTIVE", Set.of());

    // ---- records ------------------------------------------------------------------------------------------

    static final class Community {
        String id;
        String name;
        String description;
        String ownerCompanyId;
        Instant createdTime;
        long attachmentLimitBytes = DEFAULT_ATTACHMENT_LIMIT;
    }

    static final class Partner {
        String id;
        String companyName;
        String duns;
        String country;
        ArrayNode ediAddresses;
        ArrayNode contacts;
        List<ObjectNode> externalReferences = new ArrayList<>();
        ObjectNode origin;
        String status;
        final Map<String, List<String>> access = new LinkedHashMap<>();
        final List<ObjectNode> users = new ArrayList<>();
        Instant createdTime;
        Instant updatedTime;
    }

    static final class Topic {
        String id;
        String communityId;
        String title;
        String body;
        String category;
        String status = "OPEN";
        String priority;
        String partnerId;
        ObjectNode createdBy;
        Instant createdTime;
        Instant updatedTime;
        Instant lastPostTime;
        int postCount;
        List<String> tags;
        ObjectNode references;
        final List<ObjectNode> externalReferences = new ArrayList<>();
        final List<String> attachmentIds = new ArrayList<>();
        String statusNote;
        ObjectNode origin;
        long version;
    }

    static final class Post {
        String id;
        String threadId;
        ObjectNode author;
        String body;
        String bodyFormat;
        String kind;
        Instant createdTime;
        List<String> attachmentIds = new ArrayList<>();
        ObjectNode origin;
    }

    static final class Attachment {
        String id;
        String threadId;
        String fileName;
        String mimeType;
        byte[] content;
        String sha256;
        String documentCategory;
        /** What the metadata claims when it lies (a compromised or buggy community): null tells the truth. */
        JsonNode declaredSize;
        String declaredSha256;
        ObjectNode uploadedBy;
        Instant uploadedTime;
        ObjectNode origin;
    }

    static final class Onboarding {
        String id;
        String communityId;
        String partnerId;
        String companyName;
        String duns;
        String country;
        ArrayNode ediAddresses;
        ArrayNode contacts;
        List<String> documentIds = new ArrayList<>();
        String status = "SUBMITTED";
        final List<ObjectNode> checklist = new ArrayList<>();
        String statusNote;
        Instant submittedTime;
        Instant updatedTime;
        ObjectNode origin;
    }

    static final class ComplianceDoc {
        String id;
        String partnerId;
        String communityId;
        String type;
        String name;
        String attachmentId;
        LocalDate issuedOn;
        LocalDate expiresOn;
        String status = "PENDING_REVIEW";
        String reviewNote;
        String threadId;
        Instant updatedTime;
        ObjectNode origin;
    }

    static final class Article {
        String id;
        String communityId;
        String title;
        String body;
        String bodyFormat;
        List<String> tags;
        ObjectNode externalReference;
        ObjectNode origin;
        Instant publishedTime;
        Instant updatedTime;
        boolean retired;
    }

    // ---- state ----------------------------------------------------------------------------------------------

    private final EmulatorClock clock;
    private final WebhookDispatcher webhooks;
    private final Map<String, Community> communities = new LinkedHashMap<>();
    private final Map<String, Partner> partners = new LinkedHashMap<>();
    private final Map<String, Topic> threads = new LinkedHashMap<>();
    private final Map<String, Post> posts = new LinkedHashMap<>();
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();
    private final Map<String, Onboarding> onboarding = new LinkedHashMap<>();
    private final Map<String, ComplianceDoc> compliance = new LinkedHashMap<>();
    private final Map<String, Article> articles = new LinkedHashMap<>();
    private final Map<String, Integer> sequences = new LinkedHashMap<>();
    private static final Set<String> NEVER_REUSED = Set.of("THR", "PST", "ATT");
    private Integer maxPageItems;
    private boolean quiet;
    private long eventsPublished;

    CommunityStore(EmulatorClock clock, WebhookDispatcher webhooks) {
        this.clock = clock;
        this.webhooks = webhooks;
    }

    synchronized void clear() {
        communities.clear();
        partners.clear();
        threads.clear();
        posts.clear();
        attachments.clear();
        onboarding.clear();
        compliance.clear();
        articles.clear();
        // a community never gives an id twice: threads, posts and files keep counting across a reset, so work still in
        // flight for a thread of before the reset (another bridge, a test's bridge stopping) cannot meet a new one
        sequences.keySet().retainAll(NEVER_REUSED);
        maxPageItems = null;
        eventsPublished = 0;
    }

    Instant now() {
        return clock.instant();
    }

    /** Cuts every list page to at most this many items (null: off), to exercise "a short page is not the end". */
    synchronized void setMaxPageItems(Integer max) {
        this.maxPageItems = max == null || max <= 0 ? null : max;
    }

    synchronized Integer maxPageItems() {
        return maxPageItems;
    }

    /** Runs the work without publishing webhook events (used by the seed loader). */
    synchronized <T> T quietly(Supplier<T> work) {
        boolean before = quiet;
        quiet = true;
        try {
            return work.get();
        } finally {
            quiet = before;
        }
    }

    private String nextId(String prefix) {
        int n = sequences.merge(prefix, 1, Integer::sum);
        String id = String.format(Locale.ROOT, "%s-%06d", prefix, n);
        return id;
    }

    // ---- communities ------------------------------------------------------------------------------------------

    synchronized ObjectNode createCommunity(String id, String name, String description, String ownerCompanyId) {
        String communityId = id == null || id.isBlank() ? nextId("COM") : id;
        if (communities.containsKey(communityId)) {
            throw CommunityException.conflict("Community " + communityId + " exists", communityId);
        }
        if (name == null || name.isBlank()) {
            throw CommunityException.badRequest("name is required");
        }
        Community c = new Community();
        c.id = communityId;
        c.name = name;
        c.description = description;
        c.ownerCompanyId = ownerCompanyId;
        c.createdTime = now();
        communities.put(c.id, c);
        return communityJson(c);
    }

    synchronized void setAttachmentLimit(String communityId, long bytes) {
        if (communityId == null) {
            communities.values().forEach(c -> c.attachmentLimitBytes = bytes);
        } else {
            community(communityId).attachmentLimitBytes = bytes;
        }
    }

    /** The record with this id, or the contract's 404 naming what is missing ({@code kind}: "Thread", "Partner", ...). */
    private static <T> T existing(Map<String, T> records, String kind, String id) {
        T record = records.get(id);
        if (record == null) {
            throw CommunityException.notFound(kind, id);
        }
        return record;
    }

    private Community community(String id) {
        return existing(communities, "Community", id);
    }

    private ObjectNode communityJson(Community c) {
        ObjectNode o = Json.object();
        o.put("id", c.id);
        o.put("name", c.name);
        putIf(o, "description", c.description);
        putIf(o, "ownerCompanyId", c.ownerCompanyId);
        o.put("createdTime", Api.time(c.createdTime));
        o.put("attachmentLimitBytes", c.attachmentLimitBytes);
        return o;
    }

    // ---- threads ---------------------------------------------------------------------------------------------

    synchronized ObjectNode listThreads(String communityId, Instant updatedSince, String status, String category, Api.Paging paging) {
        community(communityId);
        Api.checkOneOf("status", status, Api.THREAD_STATUSES);
        Api.checkOneOf("category", category, Api.CATEGORIES);
        List<ObjectNode> items = threads.values().stream()
                .filter(t -> t.communityId.equals(communityId))
                .filter(t -> updatedSince == null || !t.updatedTime.isBefore(updatedSince))
                .filter(t -> status == null || status.equals(t.status))
                .filter(t -> category == null || category.equals(t.category))
                .sorted(Comparator.comparing((Topic t) -> t.updatedTime).thenComparing(t -> t.id))
                .map(this::threadJson)
                .collect(Collectors.toList());
        return Api.page("threads", items, paging, maxPageItems);
    }

    synchronized ObjectNode getThread(String threadId) {
        return threadJson(thread(threadId));
    }

    synchronized long threadVersion(String threadId) {
        return thread(threadId).version;
    }

    /**
     * Opens a thread. A partner opens it for its own company; an integration (or internal user) names the
     * partner in {@code partnerId}. {@code attachmentIds} must name files uploaded before and not yet on a thread.
     */
    synchronized ObjectNode createThread(Actor actor, String communityId, JsonNode req, List<NewFile> files, Instant at) {
        Community c = community(communityId);
        String title = Api.text(req, "title", true, 500);
        String body = Api.text(req, "body", true, 65536);
        String category = Api.oneOf(req, "category", true, Api.CATEGORIES);
        String priority = Api.oneOf(req, "priority", false, Api.PRIORITIES);
        List<String> tags = Api.strings(req, "tags", null);
        ObjectNode references = Api.object(req, "references");
        List<String> attachmentIds = Api.strings(req, "attachmentIds", null);
        ObjectNode origin = Api.origin(req);
        String partnerId = Api.text(req, "partnerId", false, 0);
        if (actor.isPartner()) {
            if (partnerId != null && !partnerId.equals(actor.partnerId())) {
                throw CommunityException.badRequest("a partner user can only open threads for its own company " + actor.partnerId());
            }
            partnerId = actor.partnerId();
            requireAccess(actor.partnerId(), communityId);
        } else if (partnerId == null) {
            throw CommunityException.badRequest("partnerId is required: the thread must name the partner it is with");
        }
        if (!partners.containsKey(partnerId)) {
            throw CommunityException.badRequest("partnerId " + partnerId + " does not exist");
        }
        List<Attachment> unbound = unboundAttachments(attachmentIds);
        checkFiles(c, files);

        Topic t = new Topic();
        t.id = nextId("THR");
        t.communityId = communityId;
        t.title = title;
        t.body = body;
        t.category = category;
        t.priority = priority == null ? "NORMAL" : priority;
        t.partnerId = partnerId;
        t.createdBy = actor.userJson();
        t.createdTime = at;
        t.updatedTime = at;
        t.tags = tags == null ? new ArrayList<>() : tags;
        t.references = references;
        t.origin = origin;
        t.version = 1;
        threads.put(t.id, t);

        List<String> fileIds = new ArrayList<>();
        for (Attachment a : unbound) {
            a.threadId = t.id;
            fileIds.add(a.id);
        }
        for (NewFile f : files == null ? List.<NewFile>of() : files) {
            fileIds.add(storeAttachment(actor, t.id, f, origin, at).id);
        }
        t.attachmentIds.addAll(fileIds);

        Post first = newPost(actor, t, body, "text", "MESSAGE", fileIds, origin, at);
        t.postCount = 1;
        t.lastPostTime = first.createdTime;
        publish("thread.created", communityId, data("threadId", t.id, "postId", first.id), origin, at);
        return threadJson(t);
    }

    synchronized ObjectNode patchThread(Actor actor, String threadId, JsonNode req, String ifMatch, Instant at) {
        Topic t = thread(threadId);
        String status = Api.oneOf(req, "status", false, Api.THREAD_STATUSES);
        String statusNote = Api.text(req, "statusNote", false, 2000);
        List<ObjectNode> refs = Api.externalReferences(req, "externalReferences");
        ObjectNode origin = Api.origin(req);
        if (ifMatch != null && !ifMatch.isBlank() && !"*".equals(ifMatch.trim())) {
            String expected = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
            if (!expected.equals(String.valueOf(t.version))) {
                throw new CommunityException(412, "Thread " + threadId + " changed: If-Match " + ifMatch.trim()
                        + " but the thread is at version " + t.version, String.valueOf(t.version));
            }
        }
        boolean changed = false;
        if (status != null && !status.equals(t.status)) {
            if (!THREAD_TRANSITIONS.get(t.status).contains(status)) {
                throw CommunityException.conflict("Illegal status transition " + t.status + " -> " + status
                        + " (allowed from " + t.status + ": " + THREAD_TRANSITIONS.get(t.status) + ")", t.status + "->" + status);
            }
            t.status = status;
            changed = true;
        }
        if (statusNote != null && !statusNote.equals(t.statusNote)) {
            t.statusNote = statusNote;
            changed = true;
        }
        // the list in a PATCH replaces the thread's list (JSON merge patch, RFC 7396), as the real community does: a
        // writer that keeps other systems' references reads the thread first and sends them back with If-Match
        if (refs != null && !refs.equals(t.externalReferences)) {
            t.externalReferences.clear();
            t.externalReferences.addAll(refs);
            changed = true;
        }
        if (changed) {
            touch(t, at, origin);
            publish("thread.updated", t.communityId, data("threadId", t.id), origin, at);
        }
        return threadJson(t);
    }

    private void touch(Topic t, Instant at, ObjectNode origin) {
        t.updatedTime = at;
        t.version++;
        t.origin = origin;
    }

    private Topic thread(String id) {
        return existing(threads, "Thread", id);
    }

    private ObjectNode threadJson(Topic t) {
        ObjectNode o = Json.object();
        o.put("id", t.id);
        o.put("communityId", t.communityId);
        o.put("title", t.title);
        o.put("body", t.body);
        o.put("category", t.category);
        o.put("status", t.status);
        putIf(o, "priority", t.priority);
        o.set("partner", partnerRef(partners.get(t.partnerId)));
        o.set("createdBy", t.createdBy.deepCopy());
        o.put("createdTime", Api.time(t.createdTime));
        o.put("updatedTime", Api.time(t.updatedTime));
        putIf(o, "lastPostTime", Api.time(t.lastPostTime));
        o.put("postCount", t.postCount);
        ArrayNode tags = o.putArray("tags");
        t.tags.forEach(tags::add);
        if (t.references != null) {
            o.set("references", t.references.deepCopy());
        }
        ArrayNode ext = o.putArray("externalReferences");
        t.externalReferences.forEach(r -> ext.add(r.deepCopy()));
        ArrayNode files = o.putArray("attachments");
        t.attachmentIds.forEach(id -> files.add(attachmentRef(attachments.get(id))));
        putIf(o, "statusNote", t.statusNote);
        if (t.origin != null) {
            o.set("origin", t.origin.deepCopy());
        }
        o.put("version", t.version);
        return o;
    }

    private ObjectNode partnerRef(Partner p) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("companyName", p.companyName);
        putIf(o, "duns", p.duns);
        return o;
    }

    // ---- posts ---------------------------------------------------------------------------------------------------

    synchronized ObjectNode listPosts(String threadId, Instant createdSince, Api.Paging paging) {
        thread(threadId);
        List<ObjectNode> items = posts.values().stream()
                .filter(p -> p.threadId.equals(threadId))
                .filter(p -> createdSince == null || !p.createdTime.isBefore(createdSince))
                .sorted(Comparator.comparing((Post p) -> p.createdTime).thenComparing(p -> p.id))
                .map(this::postJson)
                .collect(Collectors.toList());
        return Api.page("posts", items, paging, maxPageItems);
    }

    /**
     * Adds a post to a thread. {@code kind} is MESSAGE for the API; partner actions and the seed may use
     * DOCUMENT_REQUEST, CLARIFICATION or STATUS_UPDATE. {@code attachmentIds} must be on this thread already or
     * not yet on any thread.
     */
    synchronized ObjectNode addPost(Actor actor, String threadId, JsonNode req, String kind, List<NewFile> files, Instant at) {
        Topic t = thread(threadId);
        String body = Api.text(req, "body", true, 65536);
        String bodyFormat = Api.oneOf(req, "bodyFormat", false, Api.BODY_FORMATS);
        List<String> attachmentIds = Api.strings(req, "attachmentIds", null);
        ObjectNode origin = Api.origin(req);
        Api.checkOneOf("kind", kind, Api.POST_KINDS);
        if (actor.isPartner() && !actor.partnerId().equals(t.partnerId)) {
            throw CommunityException.badRequest("thread " + threadId + " belongs to another partner");
        }
        if ("CLOSED".equals(t.status)) {
            throw CommunityException.conflict("Thread " + threadId + " is CLOSED and takes no more posts", threadId);
        }
        List<String> fileIds = new ArrayList<>();
        List<Attachment> toBind = new ArrayList<>();
        for (String id : attachmentIds == null ? List.<String>of() : attachmentIds) {
            Attachment a = attachments.get(id);
            if (a == null || (a.threadId != null && !a.threadId.equals(threadId))) {
                throw CommunityException.badRequest("attachment " + id + " is neither on thread " + threadId + " nor waiting to be attached");
            }
            if (a.threadId == null) {
                toBind.add(a);
            }
            fileIds.add(id);
        }
        checkFiles(communities.get(t.communityId), files);
        for (Attachment a : toBind) {
            a.threadId = threadId;
            t.attachmentIds.add(a.id);
        }
        List<String> added = new ArrayList<>();
        for (NewFile f : files == null ? List.<NewFile>of() : files) {
            Attachment a = storeAttachment(actor, threadId, f, origin, at);
            t.attachmentIds.add(a.id);
            fileIds.add(a.id);
            added.add(a.id);
        }
        Post p = newPost(actor, t, body, bodyFormat == null ? "text" : bodyFormat, kind == null ? "MESSAGE" : kind, fileIds, origin, at);
        t.postCount++;
        t.lastPostTime = at;
        touch(t, at, origin);
        for (String id : added) {
            publish("attachment.added", t.communityId, data("threadId", t.id, "attachmentId", id), origin, at);
        }
        publish("post.created", t.communityId, data("threadId", t.id, "postId", p.id), origin, at);
        return postJson(p);
    }

    private Post newPost(Actor actor, Topic t, String body, String bodyFormat, String kind, List<String> fileIds, ObjectNode origin, Instant at) {
        Post p = new Post();
        p.id = nextId("PST");
        p.threadId = t.id;
        p.author = actor.userJson();
        p.body = body;
        p.bodyFormat = bodyFormat;
        p.kind = kind;
        p.createdTime = at;
        p.attachmentIds = new ArrayList<>(fileIds);
        p.origin = origin;
        posts.put(p.id, p);
        return p;
    }

    private ObjectNode postJson(Post p) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("threadId", p.threadId);
        o.set("author", p.author.deepCopy());
        o.put("body", p.body);
        o.put("bodyFormat", p.bodyFormat);
        o.put("kind", p.kind);
        o.put("createdTime", Api.time(p.createdTime));
        ArrayNode files = o.putArray("attachments");
        p.attachmentIds.forEach(id -> files.add(attachmentRef(attachments.get(id))));
        if (p.origin != null) {
            o.set("origin", p.origin.deepCopy());
        }
        return o;
    }

    // ---- attachments ------------------------------------------------------------------------------------------------

    /** Uploads a file to a thread, or (threadId null) a file waiting to be attached to a thread, request or document. */
    synchronized ObjectNode upload(Actor actor, String threadId, NewFile file, ObjectNode origin, Instant at) {
        Topic t = threadId == null ? null : thread(threadId);
        if (t != null && actor.isPartner() && !actor.partnerId().equals(t.partnerId)) {
            throw CommunityException.badRequest("thread " + threadId + " belongs to another partner");
        }
        checkFiles(t == null ? null : communities.get(t.communityId), List.of(file));
        Attachment a = storeAttachment(actor, threadId, file, origin, at);
        if (t != null) {
            t.attachmentIds.add(a.id);
            touch(t, at, origin);
            publish("attachment.added", t.communityId, data("threadId", t.id, "attachmentId", a.id), origin, at);
        }
        return attachmentJson(a);
    }

    private void checkFiles(Community c, List<NewFile> files) {
        long limit = c == null ? DEFAULT_ATTACHMENT_LIMIT : c.attachmentLimitBytes;
        for (NewFile f : files == null ? List.<NewFile>of() : files) {
            if (f.content().length > limit) {
                throw new CommunityException(413, "File " + f.fileName() + " has " + f.content().length
                        + " bytes, more than the community limit of " + limit + " bytes", String.valueOf(limit));
            }
            if (f.fileName().isBlank()) {
                throw CommunityException.badRequest("the file has no name");
            }
            Api.checkOneOf("documentCategory", f.documentCategory(), Api.DOCUMENT_CATEGORIES);
        }
    }

    private Attachment storeAttachment(Actor actor, String threadId, NewFile f, ObjectNode origin, Instant at) {
        Attachment a = new Attachment();
        a.id = nextId("ATT");
        a.threadId = threadId;
        a.fileName = f.fileName();
        a.mimeType = f.mimeType() == null || f.mimeType().isBlank() || "application/octet-stream".equals(f.mimeType())
                ? guessMimeType(f.fileName()) : f.mimeType();
        a.content = f.content().clone();
        a.sha256 = sha256(a.content);
        a.documentCategory = f.documentCategory();
        a.uploadedBy = actor.userJson();
        a.uploadedTime = at;
        a.origin = origin;
        attachments.put(a.id, a);
        return a;
    }

    private List<Attachment> unboundAttachments(List<String> ids) {
        List<Attachment> out = new ArrayList<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            Attachment a = attachments.get(id);
            if (a == null || a.threadId != null) {
                throw CommunityException.badRequest("attachment " + id + " does not exist or is already on a thread");
            }
            out.add(a);
        }
        return out;
    }

    synchronized ObjectNode getAttachment(String id) {
        return attachmentJson(attachment(id));
    }

    /**
     * Makes an attachment's metadata lie about its bytes: other bytes are served, and the metadata claims
     * {@code declaredSize} (a JSON null: no size at all; Java null: the true size) and {@code declaredSha256} (null: the
     * true hash of what is served).
     */
    synchronized void forgeAttachment(String id, byte[] content, JsonNode declaredSize, String declaredSha256) {
        Attachment a = attachment(id);
        if (content != null) {
            a.content = content.clone();
            a.sha256 = sha256(a.content);
        }
        a.declaredSize = declaredSize;
        a.declaredSha256 = declaredSha256;
    }

    /** The stored bytes, file name and sha256 of an attachment. */
    synchronized Attachment attachmentContent(String id) {
        return attachment(id);
    }

    private Attachment attachment(String id) {
        return existing(attachments, "Attachment", id);
    }

    private ObjectNode attachmentRef(Attachment a) {
        ObjectNode o = Json.object();
        o.put("id", a.id);
        o.put("fileName", a.fileName);
        o.put("mimeType", a.mimeType);
        if (a.declaredSize == null) {
            o.put("size", a.content.length);
        } else if (!a.declaredSize.isNull()) {
            o.set("size", a.declaredSize);
        }
        o.put("sha256", a.declaredSha256 != null ? a.declaredSha256 : a.sha256);
        return o;
    }

    private ObjectNode attachmentJson(Attachment a) {
        ObjectNode o = attachmentRef(a);
        putIf(o, "threadId", a.threadId);
        putIf(o, "documentCategory", a.documentCategory);
        o.set("uploadedBy", a.uploadedBy.deepCopy());
        o.put("uploadedTime", Api.time(a.uploadedTime));
        if (a.origin != null) {
            o.set("origin", a.origin.deepCopy());
        }
        return o;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String guessMimeType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        switch (ext) {
            case "pdf": return "application/pdf";
            case "csv": return "text/csv";
            case "png": return "image/png";
            case "jpg":
            case "jpeg": return "image/jpeg";
            case "txt": return "text/plain";
            case "edi":
            case "x12": return "application/EDI-X12";
            case "edifact": return "application/EDIFACT";
            case "xml": return "application/xml";
            case "json": return "application/json";
            case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "zip": return "application/zip";
            default: return "application/octet-stream";
        }
    }

    // ---- onboarding ---------------------------------------------------------------------------------------------

    synchronized ObjectNode submitOnboarding(Actor actor, String communityId, JsonNode req, List<NewFile> documents, Instant at) {
        Community c = community(communityId);
        Onboarding o = new Onboarding();
        o.companyName = Api.text(req, "companyName", true, 0);
        o.duns = Api.text(req, "duns", false, 0);
        o.country = Api.text(req, "country", false, 0);
        o.ediAddresses = Api.objects(req, "ediAddresses");
        o.contacts = Api.objects(req, "contacts");
        List<String> attachmentIds = Api.strings(req, "attachmentIds", null);
        List<Attachment> unbound = unboundAttachments(attachmentIds);
        checkFiles(c, documents);
        o.id = nextId("ONB");
        o.communityId = communityId;
        o.partnerId = actor.isPartner() ? actor.partnerId() : partnerIdByDuns(o.duns);
        unbound.forEach(a -> o.documentIds.add(a.id));
        for (NewFile f : documents == null ? List.<NewFile>of() : documents) {
            o.documentIds.add(storeAttachment(actor, null, f, null, at).id);
        }
        o.submittedTime = at;
        o.updatedTime = at;
        onboarding.put(o.id, o);
        publish("onboarding.submitted", communityId, data("onboardingRequestId", o.id), null, at);
        return onboardingJson(o);
    }

    synchronized ObjectNode listOnboarding(String communityId, Instant updatedSince, Api.Paging paging) {
        community(communityId);
        List<ObjectNode> items = onboarding.values().stream()
                .filter(o -> o.communityId.equals(communityId))
                .filter(o -> updatedSince == null || !o.updatedTime.isBefore(updatedSince))
                .sorted(Comparator.comparing((Onboarding o) -> o.updatedTime).thenComparing(o -> o.id))
                .map(this::onboardingJson)
                .collect(Collectors.toList());
        return Api.page("onboardingRequests", items, paging, maxPageItems);
    }

    synchronized ObjectNode getOnboarding(String id) {
        return onboardingJson(onboardingRequest(id));
    }

    synchronized ObjectNode patchOnboarding(Actor actor, String id, JsonNode req, Instant at) {
        Onboarding o = onboardingRequest(id);
        String status = Api.oneOf(req, "status", false, Api.ONBOARDING_STATUSES);
        String statusNote = Api.text(req, "statusNote", false, 2000);
        ArrayNode checklist = Api.objects(req, "checklist");
        ObjectNode origin = Api.origin(req);
        if (checklist != null) {
            for (JsonNode item : checklist) {
                Api.text(item, "item", true, 0);
                Api.oneOf(item, "status", true, Api.CHECKLIST_STATUSES);
                Api.text(item, "note", false, 0);
            }
        }
        boolean changed = false;
        if (status != null && !status.equals(o.status)) {
            if (!ONBOARDING_TRANSITIONS.get(o.status).contains(status)) {
                throw CommunityException.conflict("Illegal onboarding transition " + o.status + " -> " + status
                        + " (allowed from " + o.status + ": " + ONBOARDING_TRANSITIONS.get(o.status) + ")", o.status + "->" + status);
            }
            o.status = status;
            changed = true;
        }
        if (statusNote != null && !statusNote.equals(o.statusNote)) {
            o.statusNote = statusNote;
            changed = true;
        }
        if (checklist != null) {
            for (JsonNode item : checklist) {
                ObjectNode known = o.checklist.stream().filter(k -> k.path("item").asText().equals(item.path("item").asText()))
                        .findFirst().orElse(null);
                if (known == null) {
                    o.checklist.add(((ObjectNode) item).deepCopy());
                    changed = true;
                } else if (!known.equals(item)) {
                    known.removeAll();
                    known.setAll((ObjectNode) item);
                    changed = true;
                }
            }
        }
        if (changed) {
            o.updatedTime = at;
            o.origin = origin;
            publish("onboarding.updated", o.communityId, data("onboardingRequestId", o.id), origin, at);
        }
        return onboardingJson(o);
    }

    private Onboarding onboardingRequest(String id) {
        return existing(onboarding, "Onboarding request", id);
    }

    private ObjectNode onboardingJson(Onboarding o) {
        ObjectNode j = Json.object();
        j.put("id", o.id);
        j.put("communityId", o.communityId);
        putIf(j, "partnerId", o.partnerId);
        j.put("companyName", o.companyName);
        putIf(j, "duns", o.duns);
        putIf(j, "country", o.country);
        j.set("ediAddresses", o.ediAddresses == null ? Json.array() : o.ediAddresses.deepCopy());
        j.set("contacts", o.contacts == null ? Json.array() : o.contacts.deepCopy());
        ArrayNode docs = j.putArray("documents");
        o.documentIds.forEach(id -> docs.add(attachmentRef(attachments.get(id))));
        j.put("status", o.status);
        ArrayNode checklist = j.putArray("checklist");
        o.checklist.forEach(i -> checklist.add(i.deepCopy()));
        putIf(j, "statusNote", o.statusNote);
        j.put("submittedTime", Api.time(o.submittedTime));
        j.put("updatedTime", Api.time(o.updatedTime));
        return j;
    }

    // ---- partners ---------------------------------------------------------------------------------------------------

    /** POST /partners: status starts at INVITED; 409 with the existing id when duns or an externalReference is taken. */
    synchronized ObjectNode createPartner(Actor actor, JsonNode req, Instant at) {
        Partner p = new Partner();
        p.companyName = Api.text(req, "companyName", true, 0);
        p.duns = Api.text(req, "duns", false, 0);
        p.country = Api.text(req, "country", false, 0);
        p.ediAddresses = Api.objects(req, "ediAddresses");
        p.contacts = Api.objects(req, "contacts");
        List<ObjectNode> refs = Api.externalReferences(req, "externalReferences");
        p.origin = Api.origin(req);
        if (refs != null) {
            p.externalReferences = new ArrayList<>(refs);
        }
        checkPartnerUnique(p);
        p.id = nextId("PTR");
        while (partners.containsKey(p.id)) {
            p.id = nextId("PTR");
        }
        p.status = "INVITED";
        p.createdTime = at;
        p.updatedTime = at;
        partners.put(p.id, p);
        linkOnboardingRequests(p, at);
        return partnerJson(p);
    }

    /** A partner as the seed or an admin defines it: own id, any status, access and users given. */
    synchronized ObjectNode definePartner(JsonNode spec, Instant at) {
        Partner p = new Partner();
        p.id = Api.text(spec, "id", false, 0);
        p.companyName = Api.text(spec, "companyName", true, 0);
        p.duns = Api.text(spec, "duns", false, 0);
        p.country = Api.text(spec, "country", false, 0);
        p.ediAddresses = Api.objects(spec, "ediAddresses");
        p.contacts = Api.objects(spec, "contacts");
        List<ObjectNode> refs = Api.externalReferences(spec, "externalReferences");
        if (refs != null) {
            p.externalReferences = new ArrayList<>(refs);
        }
        p.status = Api.oneOf(spec, "status", false, Api.PARTNER_STATUSES);
        if (p.status == null) {
            p.status = "ACTIVE";
        }
        if (p.id == null) {
            p.id = nextId("PTR");
        } else if (partners.containsKey(p.id)) {
            throw CommunityException.conflict("Partner " + p.id + " exists", p.id);
        }
        checkPartnerUnique(p);
        ArrayNode access = Api.objects(spec, "access");
        if (access != null) {
            for (JsonNode a : access) {
                String communityId = Api.text(a, "communityId", true, 0);
                community(communityId);
                List<String> roles = Api.strings(a, "roles", Api.ACCESS_ROLES);
                p.access.put(communityId, roles == null ? List.of("CONTRIBUTOR") : roles);
            }
        }
        ArrayNode users = Api.objects(spec, "users");
        if (users != null) {
            for (JsonNode u : users) {
                ObjectNode user = Json.object();
                user.put("userId", Api.text(u, "userId", true, 0));
                putIf(user, "displayName", Api.text(u, "displayName", false, 0));
                putIf(user, "email", Api.text(u, "email", false, 0));
                p.users.add(user);
            }
        }
        p.createdTime = at;
        p.updatedTime = at;
        partners.put(p.id, p);
        return partnerJson(p);
    }

    private void checkPartnerUnique(Partner p) {
        for (Partner other : partners.values()) {
            if (p.duns != null && p.duns.equals(other.duns)) {
                throw CommunityException.conflict("A partner with DUNS " + p.duns + " exists: " + other.id, other.id);
            }
            for (ObjectNode ref : p.externalReferences) {
                if (other.externalReferences.stream().anyMatch(r -> Api.sameReference(r, ref))) {
                    throw CommunityException.conflict("A partner with externalReference " + ref.path("system").asText() + ":"
                            + ref.path("id").asText() + " exists: " + other.id, other.id);
                }
            }
        }
    }

    /** Onboarding requests of the same DUNS get the new profile's id ("set once a profile exists"). */
    private void linkOnboardingRequests(Partner p, Instant at) {
        if (p.duns == null) {
            return;
        }
        for (Onboarding o : onboarding.values()) {
            if (o.partnerId == null && p.duns.equals(o.duns)) {
                o.partnerId = p.id;
                o.updatedTime = at;
                o.origin = p.origin;
                publish("onboarding.updated", o.communityId, data("onboardingRequestId", o.id), p.origin, at);
            }
        }
    }

    private String partnerIdByDuns(String duns) {
        if (duns == null) {
            return null;
        }
        return partners.values().stream().filter(p -> duns.equals(p.duns)).map(p -> p.id).findFirst().orElse(null);
    }

    synchronized ObjectNode findPartners(String duns, String externalReference, Api.Paging paging) {
        Predicate<Partner> byRef = p -> true;
        if (externalReference != null && !externalReference.isBlank()) {
            int colon = externalReference.indexOf(':');
            if (colon <= 0 || colon == externalReference.length() - 1) {
                throw CommunityException.badRequest("externalReference must be 'system:id', got '" + externalReference + "'");
            }
            String system = externalReference.substring(0, colon);
            String id = externalReference.substring(colon + 1);
            byRef = p -> p.externalReferences.stream().anyMatch(r -> system.equals(r.path("system").asText()) && id.equals(r.path("id").asText()));
        }
        Predicate<Partner> refFilter = byRef;
        List<ObjectNode> items = partners.values().stream()
                .filter(p -> duns == null || duns.isBlank() || duns.equals(p.duns))
                .filter(refFilter)
                .sorted(Comparator.comparing((Partner p) -> p.updatedTime).thenComparing(p -> p.id))
                .map(this::partnerJson)
                .collect(Collectors.toList());
        return Api.page("partners", items, paging, maxPageItems);
    }

    synchronized ObjectNode getPartner(String id) {
        return partnerJson(partner(id));
    }

    synchronized ObjectNode patchPartner(Actor actor, String id, JsonNode req, Instant at) {
        Partner p = partner(id);
        String status = Api.oneOf(req, "status", false, Api.PARTNER_STATUSES);
        ArrayNode contacts = Api.objects(req, "contacts");
        ObjectNode origin = Api.origin(req);
        boolean changed = false;
        if (status != null && !status.equals(p.status)) {
            p.status = status;
            changed = true;
        }
        if (contacts != null && !contacts.equals(p.contacts)) {
            p.contacts = contacts;
            changed = true;
        }
        if (changed) {
            p.updatedTime = at;
            p.origin = origin;
        }
        return partnerJson(p);
    }

    /** PUT /partners/{id}/access: replaces the partner's roles in one community; no roles removes the access. */
    synchronized ObjectNode setAccess(Actor actor, String id, JsonNode req, Instant at) {
        Partner p = partner(id);
        String communityId = Api.text(req, "communityId", true, 0);
        JsonNode rolesNode = req.get("roles");
        if (rolesNode == null || rolesNode.isNull()) {
            throw CommunityException.badRequest("roles is required");
        }
        List<String> roles = Api.strings(req, "roles", Api.ACCESS_ROLES);
        ObjectNode origin = Api.origin(req);
        community(communityId);
        List<String> distinct = roles.stream().distinct().collect(Collectors.toList());
        if (!Objects.equals(p.access.get(communityId), distinct.isEmpty() ? null : distinct)) {
            if (distinct.isEmpty()) {
                p.access.remove(communityId);
            } else {
                p.access.put(communityId, distinct);
            }
            p.updatedTime = at;
            p.origin = origin;
        }
        ObjectNode o = Json.object();
        o.put("partnerId", p.id);
        o.put("communityId", communityId);
        ArrayNode r = o.putArray("roles");
        distinct.forEach(r::add);
        return o;
    }

    private Partner partner(String id) {
        return existing(partners, "Partner", id);
    }

    private void requireAccess(String partnerId, String communityId) {
        Partner p = partner(partnerId);
        if (!p.access.containsKey(communityId)) {
            throw CommunityException.badRequest("partner " + partnerId + " has no access to community " + communityId);
        }
    }

    /** A partner's user to act as: the given one, or the partner's first user (made up from its first contact). */
    synchronized Actor partnerActor(String partnerId, String userId) {
        Partner p = partner(partnerId);
        ObjectNode user = null;
        for (ObjectNode u : p.users) {
            if (userId == null || userId.equals(u.path("userId").asText())) {
                user = u.deepCopy();
                break;
            }
        }
        if (user == null) {
            if (userId != null) {
                throw CommunityException.badRequest("partner " + partnerId + " has no user " + userId);
            }
            user = Json.object();
            JsonNode contact = p.contacts != null && p.contacts.size() > 0 ? p.contacts.get(0) : Json.object();
            user.put("userId", p.id.toLowerCase(Locale.ROOT) + "-user-1");
            user.put("displayName", contact.path("name").asText(p.companyName));
            putIf(user, "email", contact.path("email").asText(null));
        }
        user.put("companyId", p.id);
        user.put("kind", "PARTNER");
        return new Actor(user, p.id);
    }

    private ObjectNode partnerJson(Partner p) {
        ObjectNode o = Json.object();
        o.put("companyName", p.companyName);
        putIf(o, "duns", p.duns);
        putIf(o, "country", p.country);
        o.set("ediAddresses", p.ediAddresses == null ? Json.array() : p.ediAddresses.deepCopy());
        o.set("contacts", p.contacts == null ? Json.array() : p.contacts.deepCopy());
        ArrayNode ext = o.putArray("externalReferences");
        p.externalReferences.forEach(r -> ext.add(r.deepCopy()));
        if (p.origin != null) {
            o.set("origin", p.origin.deepCopy());
        }
        o.put("id", p.id);
        o.put("status", p.status);
        ArrayNode access = o.putArray("access");
        p.access.forEach((communityId, roles) -> {
            ObjectNode a = access.addObject();
            a.put("communityId", communityId);
            ArrayNode r = a.putArray("roles");
            roles.forEach(r::add);
        });
        o.put("createdTime", Api.time(p.createdTime));
        o.put("updatedTime", Api.time(p.updatedTime));
        return o;
    }

    // ---- compliance documents ------------------------------------------------------------------------------------

    /**
     * A partner submits a certificate, insurance document or attestation. With {@code openThread} (the default) the
     * submission also opens a COMPLIANCE_SUBMISSION thread carrying the file, recorded as the document's threadId.
     */
    synchronized ObjectNode submitCompliance(Actor actor, String communityId, JsonNode req, NewFile file, Instant at) {
        community(communityId);
        requireAccess(actor.partnerId(), communityId);
        String type = Api.oneOf(req, "type", true, Api.COMPLIANCE_TYPES);
        String name = Api.text(req, "name", true, 0);
        LocalDate issuedOn = Api.parseDate("issuedOn", Api.text(req, "issuedOn", false, 0));
        LocalDate expiresOn = Api.parseDate("expiresOn", Api.text(req, "expiresOn", false, 0));
        boolean openThread = !req.has("openThread") || req.get("openThread").asBoolean(true);
        if (file == null) {
            throw CommunityException.badRequest("a compliance document needs its file");
        }
        NewFile categorised = file.documentCategory() == null ? file.withCategory(type) : file;
        ComplianceDoc d = new ComplianceDoc();
        d.id = nextId("CMP");
        d.partnerId = actor.partnerId();
        d.communityId = communityId;
        d.type = type;
        d.name = name;
        d.issuedOn = issuedOn;
        d.expiresOn = expiresOn;
        d.updatedTime = at;
        if (openThread) {
            ObjectNode create = Json.object();
            create.put("title", req.path("title").asText("Compliance document: " + name));
            create.put("body", req.path("body").asText("Please find attached our " + name
                    + (expiresOn == null ? "." : ", valid until " + expiresOn + ".")));
            create.put("category", "COMPLIANCE_SUBMISSION");
            ObjectNode thread = quietly(() -> createThread(actor, communityId, create, List.of(categorised), at));
            d.threadId = thread.path("id").asText();
            d.attachmentId = thread.path("attachments").path(0).path("id").asText();
            publish("thread.created", communityId, data("threadId", d.threadId), null, at);
        } else {
            d.attachmentId = storeAttachment(actor, null, categorised, null, at).id;
        }
        compliance.put(d.id, d);
        publish("compliance_document.submitted", communityId,
                data("complianceDocumentId", d.id, "threadId", d.threadId, "attachmentId", d.attachmentId), null, at);
        return complianceJson(d);
    }

    /** Sets a seeded document's review outcome directly (no transition rules, no event). */
    synchronized void reviewComplianceForSeed(String id, String status, String reviewNote) {
        ComplianceDoc d = compliance.get(id);
        d.status = Api.checkOneOf("status", status, Api.COMPLIANCE_STATUSES);
        d.reviewNote = reviewNote;
    }

    synchronized ObjectNode listCompliance(String partnerId, LocalDate expiresBefore, String status, Api.Paging paging) {
        if (partnerId != null) {
            partner(partnerId);
        }
        Api.checkOneOf("status", status, Api.COMPLIANCE_STATUSES);
        List<ObjectNode> items = compliance.values().stream()
                .filter(d -> partnerId == null || partnerId.equals(d.partnerId))
                .filter(d -> expiresBefore == null || (d.expiresOn != null && d.expiresOn.isBefore(expiresBefore)))
                .filter(d -> status == null || status.equals(d.status))
                .sorted(Comparator.comparing((ComplianceDoc d) -> d.updatedTime).thenComparing(d -> d.id))
                .map(this::complianceJson)
                .collect(Collectors.toList());
        Api.Paging effective = paging != null ? paging : new Api.Paging(0, Math.max(1, items.size()));
        return Api.page("complianceDocuments", items, effective, paging != null ? maxPageItems : null);
    }

    synchronized ObjectNode patchCompliance(Actor actor, String id, JsonNode req, Instant at) {
        ComplianceDoc d = existing(compliance, "Compliance document", id);
        String status = Api.oneOf(req, "status", false, Api.COMPLIANCE_STATUSES);
        String reviewNote = Api.text(req, "reviewNote", false, 2000);
        ObjectNode origin = Api.origin(req);
        boolean changed = false;
        if (status != null && !status.equals(d.status)) {
            d.status = status;
            changed = true;
        }
        if (reviewNote != null && !reviewNote.equals(d.reviewNote)) {
            d.reviewNote = reviewNote;
            changed = true;
        }
        if (changed) {
            d.updatedTime = at;
            d.origin = origin;
        }
        return complianceJson(d);
    }

    private ObjectNode complianceJson(ComplianceDoc d) {
        ObjectNode o = Json.object();
        o.put("id", d.id);
        o.put("partnerId", d.partnerId);
        o.put("type", d.type);
        putIf(o, "name", d.name);
        o.set("attachment", attachmentRef(attachments.get(d.attachmentId)));
        putIf(o, "issuedOn", d.issuedOn == null ? null : d.issuedOn.toString());
        putIf(o, "expiresOn", d.expiresOn == null ? null : d.expiresOn.toString());
        o.put("status", d.status);
        putIf(o, "reviewNote", d.reviewNote);
        putIf(o, "threadId", d.threadId);
        return o;
    }

    // ---- knowledge articles ---------------------------------------------------------------------------------------

    synchronized ObjectNode createArticle(Actor actor, String communityId, JsonNode req, Instant at) {
        community(communityId);
        Article a = new Article();
        readArticle(a, req);
        Article existing = articleByReference(communityId, a.externalReference, null);
        if (existing != null) {
            throw CommunityException.conflict("An article with externalReference " + a.externalReference.path("system").asText()
                    + ":" + a.externalReference.path("id").asText() + " exists: " + existing.id, existing.id);
        }
        a.id = nextId("KBA");
        a.communityId = communityId;
        a.publishedTime = at;
        a.updatedTime = at;
        articles.put(a.id, a);
        return articleJson(a);
    }

    synchronized ObjectNode listArticles(String communityId, String externalReference, Api.Paging paging) {
        community(communityId);
        List<ObjectNode> items = articles.values().stream()
                .filter(a -> !a.retired && a.communityId.equals(communityId))
                .filter(a -> externalReference == null || externalReference.isBlank()
                        || externalReference.equals(a.externalReference.path("system").asText() + ":" + a.externalReference.path("id").asText()))
                .sorted(Comparator.comparing((Article a) -> a.updatedTime).thenComparing(a -> a.id))
                .map(this::articleJson)
                .collect(Collectors.toList());
        return Api.page("knowledgeArticles", items, paging, maxPageItems);
    }

    synchronized ObjectNode replaceArticle(Actor actor, String id, JsonNode req, Instant at) {
        Article a = articles.get(id);
        if (a == null || a.retired) {
            throw CommunityException.notFound("Knowledge article", id);
        }
        Article replacement = new Article();
        readArticle(replacement, req);
        Article clash = articleByReference(a.communityId, replacement.externalReference, a.id);
        if (clash != null) {
            throw CommunityException.conflict("Another article has this externalReference: " + clash.id, clash.id);
        }
        a.title = replacement.title;
        a.body = replacement.body;
        a.bodyFormat = replacement.bodyFormat;
        a.tags = replacement.tags;
        a.externalReference = replacement.externalReference;
        a.origin = replacement.origin;
        a.updatedTime = at;
        return articleJson(a);
    }

    /** Retires an article; retiring a retired one again is fine (a retried DELETE). */
    synchronized void retireArticle(String id, Instant at) {
        Article a = existing(articles, "Knowledge article", id);
        if (!a.retired) {
            a.retired = true;
            a.updatedTime = at;
        }
    }

    private void readArticle(Article a, JsonNode req) {
        a.title = Api.text(req, "title", true, 0);
        a.bodyFormat = Api.oneOf(req, "bodyFormat", false, Api.ARTICLE_BODY_FORMATS);
        String body = Api.text(req, "body", true, 0);
        a.body = "html".equals(a.bodyFormat) ? sanitiseHtml(body) : body;
        a.tags = Api.strings(req, "tags", null);
        JsonNode ref = req.get("externalReference");
        if (ref == null || ref.isNull()) {
            throw CommunityException.badRequest("externalReference is required");
        }
        a.externalReference = Api.externalReference(ref, "externalReference");
        a.origin = Api.origin(req);
    }

    private Article articleByReference(String communityId, ObjectNode ref, String exceptId) {
        return articles.values().stream()
                .filter(a -> !a.retired && a.communityId.equals(communityId) && !a.id.equals(exceptId))
                .filter(a -> Api.sameReference(a.externalReference, ref))
                .findFirst().orElse(null);
    }

    private static final Pattern SCRIPT = Pattern.compile("(?is)<(script|style|iframe|object|embed)\\b.*?(</\\1\\s*>|$)");
    private static final Pattern EVENT_ATTR = Pattern.compile("(?i)\\s+on[a-z]+\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");
    private static final Pattern JS_URL = Pattern.compile("(?i)(href|src)\\s*=\\s*([\"']?)\\s*javascript:[^\"'>\\s]*\\2");

    /** "html is sanitised by the community": scripts, event handlers and javascript: links go. */
    static String sanitiseHtml(String html) {
        String s = SCRIPT.matcher(html).replaceAll("");
        s = EVENT_ATTR.matcher(s).replaceAll("");
        return JS_URL.matcher(s).replaceAll("$1=\"#\"");
    }

    private ObjectNode articleJson(Article a) {
        ObjectNode o = Json.object();
        o.put("title", a.title);
        o.put("body", a.body);
        putIf(o, "bodyFormat", a.bodyFormat);
        ArrayNode tags = o.putArray("tags");
        if (a.tags != null) {
            a.tags.forEach(tags::add);
        }
        o.set("externalReference", a.externalReference.deepCopy());
        if (a.origin != null) {
            o.set("origin", a.origin.deepCopy());
        }
        o.put("id", a.id);
        o.put("communityId", a.communityId);
        o.put("publishedTime", Api.time(a.publishedTime));
        o.put("updatedTime", Api.time(a.updatedTime));
        return o;
    }

    // ---- subscriptions and events ----------------------------------------------------------------------------------

    synchronized ObjectNode subscribe(JsonNode req, Instant at) {
        String callbackUrl = Api.text(req, "callbackUrl", true, 0);
        try {
            URI uri = new URI(callbackUrl);
            if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw CommunityException.badRequest("callbackUrl must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw CommunityException.badRequest("callbackUrl is not a URI: " + e.getMessage());
        }
        List<String> events = Api.strings(req, "events", Api.EVENT_TYPES);
        if (events == null || events.isEmpty()) {
            throw CommunityException.badRequest("events is required and must name at least one event type");
        }
        String secret = Api.text(req, "secret", true, 0);
        if (secret.length() < 16) {
            throw CommunityException.badRequest("secret must have at least 16 characters");
        }
        String fingerprint = Api.text(req, "secretFingerprint", false, 64);
        WebhookDispatcher.Subscription s = new WebhookDispatcher.Subscription(nextId("SUB"), callbackUrl,
                events.stream().distinct().collect(Collectors.toList()), secret, fingerprint, at);
        webhooks.subscribe(s);
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.put("callbackUrl", s.callbackUrl());
        putIf(o, "secretFingerprint", s.secretFingerprint());
        ArrayNode e = o.putArray("events");
        s.events().forEach(e::add);
        return o;
    }

    private static ObjectNode data(String... keyValues) {
        ObjectNode d = Json.object();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            putIf(d, keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private void publish(String type, String communityId, ObjectNode data, ObjectNode origin, Instant at) {
        if (quiet) {
            return;
        }
        ObjectNode event = Json.object();
        event.put("id", "EVT-" + UUID.randomUUID());
        event.put("type", type);
        event.put("occurredTime", Api.time(at));
        event.put("communityId", communityId);
        if (origin != null) {
            data.set("origin", origin.deepCopy());
        }
        event.set("data", data);
        eventsPublished++;
        webhooks.publish(event);
    }

    // ---- inspection -------------------------------------------------------------------------------------------------

    synchronized ObjectNode state() {
        ObjectNode o = Json.object();
        ArrayNode cs = o.putArray("communities");
        communities.values().forEach(c -> cs.add(communityJson(c)));
        ObjectNode counts = o.putObject("counts");
        counts.put("partners", partners.size());
        counts.put("threads", threads.size());
        counts.put("posts", posts.size());
        counts.put("attachments", attachments.size());
        counts.put("onboardingRequests", onboarding.size());
        counts.put("complianceDocuments", compliance.size());
        counts.put("knowledgeArticles", articles.values().stream().filter(a -> !a.retired).count());
        counts.put("subscriptions", webhooks.subscriptions().size());
        counts.put("eventsPublished", eventsPublished);
        ObjectNode byStatus = o.putObject("threadsByStatus");
        threads.values().forEach(t -> byStatus.put(t.status, byStatus.path(t.status).asInt() + 1));
        ObjectNode byCategory = o.putObject("threadsByCategory");
        threads.values().forEach(t -> byCategory.put(t.category, byCategory.path(t.category).asInt() + 1));
        if (maxPageItems != null) {
            o.put("maxPageItems", maxPageItems);
        }
        return o;
    }

    synchronized Map<String, Integer> threadsByCategory() {
        Map<String, Integer> out = new LinkedHashMap<>();
        threads.values().forEach(t -> out.merge(t.category, 1, Integer::sum));
        return out;
    }

    synchronized int count(String what) {
        switch (what) {
            case "threads": return threads.size();
            case "posts": return posts.size();
            case "attachments": return attachments.size();
            case "partners": return partners.size();
            case "onboardingRequests": return onboarding.size();
            case "complianceDocuments": return compliance.size();
            case "knowledgeArticles": return (int) articles.values().stream().filter(a -> !a.retired).count();
            default: throw new IllegalArgumentException(what);
        }
    }

    static LocalDate today(Instant now) {
        return now.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
