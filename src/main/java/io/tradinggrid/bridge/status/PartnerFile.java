package io.tradinggrid.bridge.status;

/**
 * A file attached for the partner in ServiceNow or Workflow Service (PartnerFiles), as the thread will show it.
 *
 * @param system      servicenow or workflow
 * @param id          the attachment's id in that system
 * @param taskId      the Workflow task it hangs on (null for ServiceNow)
 * @param name        the name the partner sees: without the prefix, made safe
 * @param contentType the file's media type
 */
public record PartnerFile(String system, String id, String taskId, String name, String contentType) {

    /** Names the file in the published store, so it is shared once (the announcing post adds ":post"). */
    public String publishKey() {
        return system + ":attachment:" + id;
    }
}
