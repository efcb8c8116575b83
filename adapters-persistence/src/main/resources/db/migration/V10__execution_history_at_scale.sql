-- Execution history at any size (issue 12): exact totals without counting rows, an index for each list filter,
-- and what the retention purge reads by.

-- How many executions each owner has, by workflow (project_key, as V5 keys it) and status: moved in the transaction
-- of every insert, status change and purge, so that a list's total is a sum over a few rows of this table.
CREATE TABLE execution_counts (
    user_id     ${exact_user_id}     NOT NULL,
    project_key ${exact_project_key} NOT NULL,
    status      VARCHAR(16)          NOT NULL,
    n           BIGINT               NOT NULL,
    PRIMARY KEY (user_id, project_key, status)
) DEFAULT CHARSET=utf8mb4;

INSERT INTO execution_counts (user_id, project_key, status, n)
SELECT user_id, project_key, status, COUNT(*) AS n FROM executions GROUP BY user_id, project_key, status;

-- the list filters, each read newest first from its own index: a workflow's executions of some statuses, a robot's,
-- and those that failed with an error code (V2 and V5 serve the owner's list, by status and by workflow)
CREATE INDEX ix_executions_user_project_status_start ON executions (user_id, project_key, status, start_time, id);
CREATE INDEX ix_executions_user_robot_start ON executions (user_id, robot_id, start_time, id);
CREATE INDEX ix_executions_user_error_start ON executions (user_id, error_code, start_time, id);

-- the retention purge: finished executions oldest end first (only finished ones have an end time), log lines by age
CREATE INDEX ix_executions_end ON executions (end_time, id);
CREATE INDEX ix_execution_logs_logged ON execution_logs (logged_at);

-- background jobs that one instance at a time runs (the retention purge): who holds each, and until when
CREATE TABLE job_leases (
    name       VARCHAR(64)  NOT NULL,
    holder     VARCHAR(128) NOT NULL,
    held_until DATETIME(3) NOT NULL,
    PRIMARY KEY (name)
) DEFAULT CHARSET=utf8mb4;
