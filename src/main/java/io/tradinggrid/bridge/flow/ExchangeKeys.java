package io.tradinggrid.bridge.flow;

/**
 * The names of the exchange properties the flows share, in one place: routes refer to them as
 * {@code ${exchangeProperty.threadId}}, beans bind them with {@code @ExchangeProperty(ExchangeKeys.THREAD_ID)}.
 * Properties, not headers: headers are what an HTTP call sends, and the system API routes clear them on every call.
 */
public final class ExchangeKeys {

    private ExchangeKeys() {
    }

    // the thread and what the bridge decided about it
    public static final String THREAD = "thread";
    public static final String THREAD_ID = "threadId";
    public static final String THREAD_VERSION = "threadVersion";
    public static final String THREAD_STATUS = "threadStatus";
    public static final String COMMUNITY_ID = "communityId";
    public static final String PARTNER_ID = "partnerId";
    /** The idempotency key of the thread's version. */
    public static final String INTAKE_KEY = "intakeKey";
    public static final String INTAKE_STARTED = "intakeStarted";
    /** When an earlier attempt of the same write to a partner began (link/PartnerWrites), or null for the first. */
    public static final String EARLIER_ATTEMPT = "tgbEarlierAttempt";
    /** Whether the partner's thread already holds the bridge's post (link/PartnerWrites). */
    public static final String ALREADY_POSTED = "tgbAlreadyPosted";
    /** A webhook delivery as the receiver read it (intake/WebhookReceiver.Delivery). */
    public static final String DELIVERY = "delivery";
    /** The id of the webhook event being handled. */
    public static final String EVENT_ID = "eventId";
    /** A webhook event taken from the store's inbox (intake/WebhookInbox.Event). */
    public static final String INBOX_EVENT = "inboxEvent";
    /** Set once the journey holds its thread's claim in the store (intake/ThreadClaims), which it gives up when done. */
    public static final String CLAIMED = "tgbClaimed";
    /** The thread as taken in (IncomingThread). */
    public static final String INCOMING = "incoming";
    /** Where the thread goes and why (Decision). */
    public static final String DECISION = "decision";
    /** The system the thread goes to: servicenow or workflow (also what its dead letters wait for). */
    public static final String TARGET_SYSTEM = "targetSystem";

    // the record made for it, and the link between the two
    /** The record in the target system (TargetRecord). */
    public static final String RECORD = "record";
    /** The stored link between thread and record (ThreadLink). */
    public static final String LINK = "link";

    // paging over a system's list API (the paged-walk template)
    public static final String CURSOR = "cursor";

    /** The file being copied (AttachmentPolicy.Accepted). */
    public static final String ATTACHMENT = "attachment";
    /** The verdict on the downloaded bytes of the attachment (AttachmentBytesCheck.Verdict). */
    public static final String ATTACHMENT_CHECK = "attachmentCheck";
    /** The write-ahead key of the file's upload to its record (documents/AttachmentUploads). */
    public static final String UPLOAD_KEY = "tgbUploadKey";
    /** Whether the record already holds the file (documents/AttachmentUploads). */
    public static final String ALREADY_UPLOADED = "tgbAlreadyUploaded";
    /** The downloaded file, kept while the record's files are listed. */
    public static final String DOWNLOAD = "download";
    /** Why a file could not be copied, as the record and the partner are told. */
    public static final String NOT_COPIED_REASON = "notCopiedReason";
    /** The status note the partner was last shown. */
    public static final String STATUS_NOTE = "statusNote";
    /** The bridge's PATCH of a linked thread, merged into the thread as it is now before each attempt (patch-linked-thread). */
    public static final String THREAD_PATCH = "threadPatch";
    /** The open links a Workflow status poll watches, read before the list of running processes. */
    public static final String OPEN_LINKS = "openLinks";
    /** A linked process as the poll read it: from the running list, or from history once it left the runtime (null: gone). */
    public static final String WORKFLOW_PROCESS = "process";

    // writes to the partner, each once
    public static final String PUBLISH_KEY = "publishKey";
    /** The post being written to the thread (publish-partner-post), kept for the work note if the thread refuses it. */
    public static final String PARTNER_POST = "partnerPost";

    // failure handling: the original message, where to replay it, and why it waits
    /** The message as it came in, kept for the dead-letter store (set on entry, error-handling.camel.yaml). */
    public static final String ORIGINAL = "tgbOriginal";
    /** The entry endpoint a dead letter is replayed through. */
    public static final String REPLAY_URI = "tgbReplayUri";
    /** The dead letter a replay came from. */
    public static final String REPLAY_OF = "tgbReplayOf";
    /** The attempts a replayed or resumed message made before this run (the dead letter's count). */
    public static final String ATTEMPTS_BEFORE = "tgbAttemptsBefore";
    /** The route the message entered by, set on entry (error-handling.camel.yaml). */
    public static final String REPLAY_ROUTE_ID = "replayRouteId";
    /** Why the message waits in the store instead of being retried now. */
    public static final String WAIT_REASON = "tgbWaitReason";
    /** The system the waiting message waits for. */
    public static final String WAITING_FOR = "tgbWaitingFor";
    /** Consecutive retries since the last call that succeeded. */
    public static final String RETRIES = "tgbRetries";
    /** All retries of the message. */
    public static final String RETRIES_TOTAL = "tgbRetriesTotal";
    /** The most retries in all the message's route allows, when fewer than the configured total (an item of a walk). */
    public static final String RETRIES_ALLOWED = "tgbRetriesAllowed";
    /** The system the system API route is calling now (servicenow, workflow or community). */
    public static final String SYSTEM = "tgbSystem";
    /**
     * What a piece of work is about when it is not the whole thread's journey (one file of the thread): its dead letter
     * is kept per work key, and superseded when that work succeeds another way. Unset: the thread id.
     */
    public static final String WORK_KEY = "tgbWorkKey";
    /** Where a flow reports work it had to give up on (a dead letter, not waiting work), e.g. to the record and the partner. */
    public static final String ON_DEAD_LETTER = "tgbOnDeadLetter";
    /** The system whose call failed last on this exchange. */
    public static final String FAILED_TARGET = "tgbFailedTarget";

    // the admin API
    public static final String OPERATOR = "adminOperator";

    // partner onboarding
    /** The community's onboarding request being started. */
    public static final String ONBOARDING_REQUEST = "onboardingRequest";
    /** The onboarding process whose progress is published. */
    public static final String ONBOARDING_PROCESS = "onboardingProcess";

    // compliance documents
    /** The compliance document being reviewed or reminded of. */
    public static final String COMPLIANCE_DOCUMENT = "document";
    /**
     * What the document's review (or renewal review) is about: its thread and business key, and what a submission lacks
     * or how a renewal is reminded of (ComplianceWatch.Submission or ComplianceWatch.Renewal).
     */
    public static final String COMPLIANCE_REVIEW = "review";
    /** none, running, or the end event the review reached. */
    public static final String COMPLIANCE_REVIEW_STATE = "reviewState";
    /** The outcome written to the document (ComplianceWatch.Outcome). */
    public static final String COMPLIANCE_OUTCOME = "documentOutcome";

    // the return paths of status to the partner (servicenow-status, workflow-status, thread-status)
    /** The ServiceNow table of the record whose status is shown. */
    public static final String STATUS_TABLE = "statusTable";
    /** What the partner is to see of a linked record (status.PartnerView). */
    public static final String STATUS_VIEW = "statusView";
    /** A file shared with the partner (status.PartnerFile). */
    public static final String PARTNER_FILE = "partnerFile";
    /** The Workflow task whose files are read. */
    public static final String FILE_TASK_ID = "fileTaskId";

    // community intake and linked threads
    /** The partner post being carried to the record (link.PartnerPost). */
    public static final String POST = "post";

    // knowledge publishing
    /** The changed article and the community it is made right in (KnowledgePublisher.ArticleInCommunity). */
    public static final String KNOWLEDGE_ARTICLE = "kbArticle";
    /** What that community needs for it (KnowledgePublisher.ArticleChange). */
    public static final String KNOWLEDGE_CHANGE = "kbChange";

    // partner provisioning
    /** The approved access request being provisioned (PartnerProvisioning.AccessRequest). */
    public static final String ACCESS_REQUEST = "accessRequest";
}
