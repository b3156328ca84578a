-- Webhook events accepted and answered, waiting to be taken in. A delivery is answered once its event is here, and
-- intake runs behind the answer on whichever node takes the event, so a slow intake never makes the community time
-- out and deliver again, and a crash after the answer loses nothing.
CREATE TABLE webhook_inbox (
    event_id        VARCHAR(200) NOT NULL PRIMARY KEY,
    event_type      VARCHAR(100),
    community_id    VARCHAR(100),
    thread_id       VARCHAR(100) NOT NULL,
    received_at     TIMESTAMP    NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP    NOT NULL,
    taken_by        VARCHAR(300),            -- the node working on it, until it is done or its lease ends
    taken_at        TIMESTAMP,
    last_error      TEXT
);
CREATE INDEX ix_webhook_inbox_next ON webhook_inbox (next_attempt_at);
