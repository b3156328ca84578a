package io.tradinggrid.emulator.servicenow;

/** A failure answered in ServiceNow's error envelope {"error":{"message","detail"},"status":"failure"}. */
final class SnException extends RuntimeException {

    private final int status;
    private final String detail;

    SnException(int status, String message, String detail) {
        super(message);
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    String detail() {
        return detail;
    }

    static SnException notFound() {
        return new SnException(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
    }

    static SnException invalidTable(String table) {
        return new SnException(400, "Invalid table " + table, null);
    }
}
