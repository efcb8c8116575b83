-- The transactional outbox (see JdbiOutbox): each domain event is appended in the transaction of the change it
-- describes, then claimed by one relay at a time (claimed_by until claimed_until), published, and purged some time
-- after published_at. id orders the rows as they were appended; the payload is the event as JSON text (no JSON
-- column type: H2 and MySQL differ). Ids compare exactly (${exact_id}, ${exact_key}: see Database); aggregate ids are
-- execution ids, project ids (up to 100 characters) and key ids.

CREATE TABLE outbox (
    id             BIGINT           NOT NULL AUTO_INCREMENT,
    event_id       ${exact_id}      NOT NULL,
    event_type     VARCHAR(64)      NOT NULL,
    aggregate_type VARCHAR(32)      NOT NULL,
    aggregate_id   ${exact_key}     NOT NULL,
    sequence_no    BIGINT           NOT NULL,
    payload        LONGTEXT         NOT NULL,
    created_at     DATETIME(3)      NOT NULL,
    claimed_by     ${exact_id}      NULL,
    claimed_until  DATETIME(3)      NULL,
    published_at   DATETIME(3)      NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_outbox_event UNIQUE (event_id)
) DEFAULT CHARSET=utf8mb4;

-- the relays' claim: unpublished rows in order
CREATE INDEX ix_outbox_unpublished ON outbox (published_at, id);
-- the ordering check: earlier unpublished rows of the same aggregates
CREATE INDEX ix_outbox_aggregate ON outbox (aggregate_id, id);
