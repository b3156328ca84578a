-- Operators' corrections of the bridge's routing: a linked record that an operator gave another team than the one the
-- bridge routed it to. `rules suggest` proposes vocabulary edits that these corrections support; nothing is applied
-- without an operator. One row per thread: the latest correction.
CREATE TABLE routing_correction (
    thread_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    record_ref   VARCHAR(300) NOT NULL,  -- servicenow:incident:<sys_id>
    from_key     VARCHAR(100) NOT NULL,  -- the exception type the bridge gave the thread
    from_team    VARCHAR(200) NOT NULL,
    to_team      VARCHAR(200) NOT NULL,  -- the team the operator gave the record
    corrected_at TIMESTAMP    NOT NULL
);
