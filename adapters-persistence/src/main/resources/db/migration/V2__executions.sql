-- Executions and their log lines, portable like V1. Execution and event ids are service-made (UUIDs) and, like
-- user ids, compare exactly: ${exact_id} is VARCHAR(64) compared exactly on each database (see Database).
-- Project ids compare ignoring case, as in workflows. No foreign key to workflows: a deleted workflow's
-- executions stay readable. deadline_at is Execution.deadline(), rewritten on every change, NULL once terminal.

CREATE TABLE executions (
    id                ${exact_id}      NOT NULL,
    project_id        VARCHAR(100)     NOT NULL,
    user_id           ${exact_user_id} NOT NULL,
    status            VARCHAR(16)      NOT NULL,
    params            LONGTEXT         NOT NULL,
    result            LONGTEXT         NULL,
    -- a robot's error sentence has no length limit of its own
    error             LONGTEXT         NULL,
    error_code        VARCHAR(32)      NULL,
    exec_position     VARCHAR(32)      NOT NULL,
    robot_id          VARCHAR(128)     NULL,
    event_id          ${exact_id}      NULL,
    start_time        DATETIME(3)      NOT NULL,
    dispatched_at     DATETIME(3)      NULL,
    end_time          DATETIME(3)      NULL,
    timeout_seconds   INT              NOT NULL,
    dispatch_deadline DATETIME(3)      NOT NULL,
    deadline_at       DATETIME(3)      NULL,
    version           BIGINT           NOT NULL,
    PRIMARY KEY (id),
    -- a robot's reply finds its execution; many NULLs are allowed on both databases
    CONSTRAINT uq_executions_event UNIQUE (event_id)
) DEFAULT CHARSET=utf8mb4;

-- the owner's list, newest first: unfiltered, by workflow, by status; the last one is also the owner's FIFO head
CREATE INDEX ix_executions_user_start ON executions (user_id, start_time, id);
CREATE INDEX ix_executions_user_project_start ON executions (user_id, project_id, start_time, id);
CREATE INDEX ix_executions_user_status_start ON executions (user_id, status, start_time, id);
-- owners with PENDING executions, and the counts per status, read from the index alone
CREATE INDEX ix_executions_status_user ON executions (status, user_id);
-- the deadline sweep, oldest deadline first
CREATE INDEX ix_executions_deadline ON executions (deadline_at, id);

CREATE TABLE execution_logs (
    execution_id ${exact_id}  NOT NULL,
    seq          BIGINT       NOT NULL,
    logged_at    DATETIME(3)  NOT NULL,
    level        VARCHAR(16)  NOT NULL,
    -- at most LogLine.MAX_MESSAGE (8192) UTF-16 units and an ellipsis: under 64 KiB in utf8mb4
    message      TEXT         NOT NULL,
    PRIMARY KEY (execution_id, seq)
) DEFAULT CHARSET=utf8mb4;
