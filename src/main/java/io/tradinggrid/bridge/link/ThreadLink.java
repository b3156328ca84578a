package io.tradinggrid.bridge.link;

/**
 * A community thread and the record the bridge created for it.
 *
 * @param recordSeen a fingerprint of what the bridge last read of the record (null until the first read)
 */
public record ThreadLink(long id, String communityId, String threadId, String exceptionType, String targetSystem,
        String targetType, String recordId, String recordNumber, String recordStatus, String lastSyncedHash, String recordSeen) {

    /** e.g. servicenow:incident:<sys_id> or workflow:claim:<process instance id>: the bridge's own, never shown to partners. */
    public String ref() {
        return targetSystem + ":" + targetType + ":" + recordId;
    }

    /**
     * The origin.ref of the bridge's writes in the thread, e.g. servicenow:incident:INC0010001: the record number
     * the partner already sees in the thread's external reference, never the sys_id or process instance id.
     */
    public String originRef() {
        return Origin.ref(targetSystem, targetType, recordNumber);
    }
}
