-- Schedules (issue 14) and the history of their occurrences. A schedule row holds its definition and where it stands;
-- next_fire_at is the fire time of its next occurrence (its time plus jitter), NULL when it is paused or has none left:
-- the scheduler's scan reads the due ones from its index, earliest first. buffered is an occurrence waiting for the
-- previous run to end (overlap buffer_one); last_settled says whether the end of last_execution's run was counted
-- (failures in a row). Times are UTC to the millisecond; a cron is kept as given and read again.
CREATE TABLE schedules (
    id                     ${exact_id}      NOT NULL,
    user_id                ${exact_user_id} NOT NULL,
    project_id             VARCHAR(100)     NOT NULL,
    project_key            ${exact_project_key} NOT NULL,
    params                 LONGTEXT         NOT NULL,
    cron                   VARCHAR(200)     NULL,
    interval_seconds       BIGINT           NULL,
    timezone               VARCHAR(64)      NOT NULL,
    start_at               DATETIME(3)      NULL,
    end_at                 DATETIME(3)      NULL,
    jitter_seconds         INT              NOT NULL,
    target                 VARCHAR(700)     NOT NULL,
    timeout_seconds        INT              NULL,
    enabled                BOOLEAN          NOT NULL,
    overlap_policy         VARCHAR(16)      NOT NULL,
    catchup_window_seconds INT              NOT NULL,
    pause_after_failures   INT              NULL,
    paused_reason          VARCHAR(500)     NULL,
    consecutive_failures   INT              NOT NULL,
    next_occurrence        DATETIME(3)      NULL,
    next_fire_at           DATETIME(3)      NULL,
    buffered               DATETIME(3)      NULL,
    last_execution         ${exact_id}      NULL,
    last_settled           BOOLEAN          NOT NULL,
    created_at             DATETIME(3)      NOT NULL,
    updated_at             DATETIME(3)      NOT NULL,
    revision               BIGINT           NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4;

-- the owner's list, newest first; a workflow's schedules (paused when it is deleted)
CREATE INDEX ix_schedules_user_created ON schedules (user_id, created_at, id);
CREATE INDEX ix_schedules_user_project ON schedules (user_id, project_key);
-- the scan: due schedules, earliest first (NULL: paused or none left)
CREATE INDEX ix_schedules_next_fire ON schedules (next_fire_at, id);
-- occurrences waiting for the previous run
CREATE INDEX ix_schedules_buffered ON schedules (buffered, id);

-- One row per occurrence: the schedule and the time it was scheduled for are its identity, so of several instances
-- deciding it, one writes it. outcome: fired | skipped | missed | failed_to_fire.
CREATE TABLE schedule_occurrences (
    schedule_id  ${exact_id}      NOT NULL,
    scheduled_at DATETIME(3)      NOT NULL,
    user_id      ${exact_user_id} NOT NULL,
    fired_at     DATETIME(3)      NULL,
    outcome      VARCHAR(16)      NOT NULL,
    execution_id ${exact_id}      NULL,
    reason       VARCHAR(1000)    NULL,
    PRIMARY KEY (schedule_id, scheduled_at)
) DEFAULT CHARSET=utf8mb4;
