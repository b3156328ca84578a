-- The console's overview counts the last 24 hours of records created and of failures: without these, both are scans
-- of tables that grow for as long as the bridge runs.
CREATE INDEX ix_thread_link_created ON thread_link (created_at);
CREATE INDEX ix_dead_letter_first_failed ON dead_letter (first_failed_at);
