-- Runs started with API keys that limit their unfinished runs (issue 16, max_concurrent_executions; see JdbiKeyRuns):
-- a start reserves its run's id here first, counted with the run's status while it is unfinished. Only such keys
-- write here; rows older than any run can live (KeyRuns.HORIZON) are deleted by the next start with the key.

CREATE TABLE key_runs (
    execution_id ${exact_id}      NOT NULL,
    api_key_id   ${exact_id}      NOT NULL,
    reserved_at  DATETIME(3)      NOT NULL,
    PRIMARY KEY (execution_id)
) DEFAULT CHARSET=utf8mb4;

-- a key's reservations, newest last: the count at each start, and the deletion of old ones
CREATE INDEX ix_key_runs_key ON key_runs (api_key_id, reserved_at);
