-- Start requests remembered by their Idempotency-Key, portable like V1 and V2. The key is the client's text and,
-- like the ids, compares exactly: ${exact_key} is VARCHAR(255) compared exactly on each database (see Database).
-- The primary key is at most (64 + 255) characters x 4 bytes = 1276 bytes of utf8mb4, within InnoDB's 3072.
-- The fingerprint (SHA-256 hex of the request body) is only compared by the service, never in SQL.

CREATE TABLE idempotency_keys (
    user_id      ${exact_user_id} NOT NULL,
    idem_key     ${exact_key}     NOT NULL,
    fingerprint  VARCHAR(128)     NOT NULL,
    execution_id ${exact_id}      NOT NULL,
    created_at   DATETIME(3)      NOT NULL,
    PRIMARY KEY (user_id, idem_key)
) DEFAULT CHARSET=utf8mb4;

-- the purge of records older than the validity window, oldest first
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
