-- What the console finds a thread by: one row per thread taken in, with its partner and the business references it
-- carried in its latest version. The thread's steps themselves are audit_event rows (the timeline); housekeeping
-- removes both after tgb.housekeeping.retention-days.
CREATE TABLE thread_seen (
    thread_id        VARCHAR(100) NOT NULL PRIMARY KEY,
    community_id     VARCHAR(100) NOT NULL,
    partner_id       VARCHAR(100),
    partner_name     VARCHAR(300),
    title            VARCHAR(500),
    purchase_order   VARCHAR(100),
    invoice          VARCHAR(100),
    claim            VARCHAR(100),
    shipment         VARCHAR(100),
    ship_notice      VARCHAR(100),
    exception_type   VARCHAR(100),            -- where the rules sent it (null until routed)
    target_system    VARCHAR(30),
    team             VARCHAR(200),
    version          BIGINT       NOT NULL,
    first_seen_at    TIMESTAMP    NOT NULL,
    last_seen_at     TIMESTAMP    NOT NULL
);
CREATE INDEX ix_thread_seen_last ON thread_seen (last_seen_at);
CREATE INDEX ix_thread_seen_po ON thread_seen (purchase_order);
CREATE INDEX ix_thread_seen_invoice ON thread_seen (invoice);
CREATE INDEX ix_thread_seen_claim ON thread_seen (claim);
CREATE INDEX ix_thread_seen_shipment ON thread_seen (shipment);
CREATE INDEX ix_thread_seen_asn ON thread_seen (ship_notice);
CREATE INDEX ix_thread_link_number ON thread_link (record_number);
CREATE INDEX ix_audit_event_action ON audit_event (action, occurred_at);
