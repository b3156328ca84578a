-- What the bridge last read of a linked record (a fingerprint of its stage, variables and comments), so a status poll
-- reads the details only of records that changed; and when the link was closed (its record ended or was removed), so
-- it is polled no more.
ALTER TABLE thread_link ADD COLUMN record_seen VARCHAR(64);
ALTER TABLE thread_link ADD COLUMN closed_at TIMESTAMP;
