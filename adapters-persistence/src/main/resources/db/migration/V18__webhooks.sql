-- Webhook subscriptions and their deliveries (issue 15). A subscription row holds its definition — the topics
-- comma-joined in the API's order, the workflow keys as a JSON array of strings (keys may hold commas), both read
-- whole — and its signing secrets sealed (SecretBox: "v1.…", never the plain secret), the previous one with the end of
-- its overlap. Times are UTC to the millisecond; ids compare exactly (${exact_id}: see Database).
CREATE TABLE webhooks (
    id                   ${exact_id}      NOT NULL,
    user_id              ${exact_user_id} NOT NULL,
    url                  VARCHAR(2048)    NOT NULL,
    events               VARCHAR(512)     NOT NULL,
    project_ids          TEXT             NOT NULL,
    active               BOOLEAN          NOT NULL,
    disabled_reason      VARCHAR(512)     NULL,
    secret               VARCHAR(512)     NOT NULL,
    previous_secret      VARCHAR(512)     NULL,
    previous_until       DATETIME(3)      NULL,
    consecutive_failures INT              NOT NULL,
    created_at           DATETIME(3)      NOT NULL,
    updated_at           DATETIME(3)      NOT NULL,
    revision             BIGINT           NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4;

-- the owner's list, newest first
CREATE INDEX ix_webhooks_user_created ON webhooks (user_id, created_at, id);
-- the subscriptions an owner's event goes to
CREATE INDEX ix_webhooks_user_active ON webhooks (user_id, active);

-- One row per receiver and event: a subscription's (webhook_id) or an execution's callback (callback_of, with its
-- url); subscriber is "webhook:<id>" or "callback:<execution id>", unique with the event id, so an event relayed twice
-- makes one delivery. status: pending | delivered | failed; a pending one is due at next_attempt_at, and is attempted
-- by the instance that claimed it (claimed_by until claimed_until). The last attempt is repeated here (last_…) for
-- the log's list; every attempt is a row of webhook_attempts. body is the JSON sent at each attempt, compared never
-- (${exact_body}: exact text on H2, which would otherwise fold the case of each value it writes).
CREATE TABLE webhook_deliveries (
    id               ${exact_id}         NOT NULL,
    subscriber       ${exact_subscriber} NOT NULL,
    webhook_id       ${exact_id}         NULL,
    callback_of      ${exact_id}         NULL,
    url              VARCHAR(2048)       NULL,
    user_id          ${exact_user_id}    NOT NULL,
    event_id         ${exact_id}         NOT NULL,
    topic            VARCHAR(64)         NOT NULL,
    body             ${exact_body}       NOT NULL,
    status           VARCHAR(16)         NOT NULL,
    attempts         INT                 NOT NULL,
    next_attempt_at  DATETIME(3)         NULL,
    claimed_by       ${exact_key}        NULL,
    claimed_until    DATETIME(3)         NULL,
    last_number      INT                 NULL,
    last_attempt_at  DATETIME(3)         NULL,
    last_status_code INT                 NULL,
    last_latency_ms  BIGINT              NULL,
    last_error       VARCHAR(1024)       NULL,
    last_response    TEXT                NULL,
    created_at       DATETIME(3)         NOT NULL,
    since            DATETIME(3)         NOT NULL,
    finished_at      DATETIME(3)         NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_webhook_deliveries_event UNIQUE (subscriber, event_id)
) DEFAULT CHARSET=utf8mb4;

-- the claims: pending ones by due time
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at, id);
-- a subscription's log, newest first; and of one status
CREATE INDEX ix_webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at, id);
CREATE INDEX ix_webhook_deliveries_log_status ON webhook_deliveries (webhook_id, status, created_at, id);
-- the purge of finished ones, oldest first
CREATE INDEX ix_webhook_deliveries_finished ON webhook_deliveries (finished_at);

-- The attempts of each delivery by number (from 1): when, the receiver's status (NULL: no answer), how long it took,
-- why it failed, and the start of its answer (at most 1,024 characters).
CREATE TABLE webhook_attempts (
    delivery_id   ${exact_id}    NOT NULL,
    number        INT            NOT NULL,
    at            DATETIME(3)    NOT NULL,
    status_code   INT            NULL,
    latency_ms    BIGINT         NOT NULL,
    error         VARCHAR(1024)  NULL,
    response_body TEXT           NULL,
    PRIMARY KEY (delivery_id, number)
) DEFAULT CHARSET=utf8mb4;

-- Each user's secret for the callbacks their executions ask for (POST /executions with "callback"), sealed like a
-- subscription's; the previous one signs beside it until previous_until after a rotation.
CREATE TABLE callback_secrets (
    user_id         ${exact_user_id} NOT NULL,
    secret          VARCHAR(512)     NOT NULL,
    previous_secret VARCHAR(512)     NULL,
    previous_until  DATETIME(3)      NULL,
    created_at      DATETIME(3)      NOT NULL,
    updated_at      DATETIME(3)      NOT NULL,
    PRIMARY KEY (user_id)
) DEFAULT CHARSET=utf8mb4;
