-- Writes to a partner that were attempted and not yet known to have landed. A POST can commit and still fail for the
-- bridge (a timeout, a 5xx after commit, kill -9 before its key is confirmed): before posting again, the bridge looks
-- in the thread for its own post, and posts only if it is not there.
CREATE TABLE write_attempt (
    write_key    VARCHAR(512) NOT NULL PRIMARY KEY,  -- the publish key of the write
    attempted_at TIMESTAMP    NOT NULL
);
