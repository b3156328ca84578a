package io.tradinggrid.bridge.routing;

/**
 * The record a thread became in its target system.
 *
 * @param id      the system's id (ServiceNow sys_id, Workflow process instance id)
 * @param number  what people quote: INC0010023, or WF-1A2B3C4D for a process instance
 * @param existed found by its correlation id or business key rather than created now (a retry after a lost answer)
 */
public record TargetRecord(String id, String number, boolean existed) {

    public TargetRecord {
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the target system answered without a record id");
        }
    }
}
