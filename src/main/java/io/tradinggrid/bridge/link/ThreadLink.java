package io.tradinggrid.bridge.link;

/** A community thread and the record the bridge created for it. */
public record ThreadLink(long id, String communityId, String threadId, String exceptionType, String targetSystem,
        String targetType, String recordId, String recordNumber, String recordStatus, String lastSyncedHash) {

    /** e.g. servicenow:incident:<sys_id> or workflow:claim:<process instance id>; used as origin.ref. */
    public String ref() {
        return targetSystem + ":" + targetType + ":" + recordId;
    }
}
