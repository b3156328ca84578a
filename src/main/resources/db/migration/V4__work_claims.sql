-- One owner at a time for a piece of work (a thread from look-up to stored link), whichever process or node holds
-- it. The primary key decides between two nodes that claim at once; a claim expires so that work a crashed owner held
-- is taken over.
CREATE TABLE work_claim (
    claim_key  VARCHAR(300) NOT NULL PRIMARY KEY,   -- e.g. thread:THR-000123
    owner      VARCHAR(300) NOT NULL,               -- node and exchange that hold it
    claimed_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL
);
CREATE INDEX ix_work_claim_expires ON work_claim (expires_at);
