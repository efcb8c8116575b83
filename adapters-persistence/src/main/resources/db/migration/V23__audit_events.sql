-- The audit log (issue 16): one row per audited change, written by JdbiAuditLog in the change's own transaction
-- (AuditedDomainEvents), and one per failed authentication (written at a limited rate, on its own). Rows are only
-- inserted, and deleted by the retention purge (AUDIT_RETENTION_DAYS); nothing updates them. `owner` is the user whose
-- log shows the row (NULL only for a credential nobody owns); `actor_id` is the id `?actor=` compares (key id, robot
-- id, schedule id, user id, 'system'). Never parameter values, results, URLs or secrets (AuditTrail).

CREATE TABLE audit_events (
    id            ${exact_id}      NOT NULL,
    owner         ${exact_user_id} NULL,
    occurred_at   DATETIME(3)      NOT NULL,
    actor_type    VARCHAR(16)      NOT NULL,
    actor_id      ${exact_key}     NOT NULL,
    actor_user    ${exact_user_id} NULL,
    key_id        ${exact_id}      NULL,
    key_prefix    VARCHAR(32)      NULL,
    robot_id      ${exact_id}      NULL,
    schedule_id   ${exact_id}      NULL,
    action        VARCHAR(64)      NOT NULL,
    resource_type VARCHAR(32)      NULL,
    resource_id   ${exact_key}     NULL,
    project_id    VARCHAR(100)     NULL,
    outcome       VARCHAR(16)      NOT NULL,
    reason        VARCHAR(1000)    NULL,
    source_ip     VARCHAR(64)      NULL,
    request_id    VARCHAR(128)     NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4;

-- an owner's log, newest first (time, then id), and its time range
CREATE INDEX ix_audit_owner_time ON audit_events (owner, occurred_at, id);
-- an owner's log of one actor (?actor=<type>:<id>) and of one resource (?resource=<type>:<id>), newest first
CREATE INDEX ix_audit_owner_actor ON audit_events (owner, actor_id, occurred_at, id);
CREATE INDEX ix_audit_owner_resource ON audit_events (owner, resource_id, occurred_at, id);
-- the retention purge, oldest first
CREATE INDEX ix_audit_time ON audit_events (occurred_at);
