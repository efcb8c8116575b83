-- Every count row exists before an execution moves it: made here for the workflows (and counted owners) there are,
-- and from now on with each new workflow. A start or status change then only updates its count row. On H2 a first
-- insert that lost a race to a concurrent one failed inside its transaction, and a transaction that had a failed
-- statement made every transaction waiting for its row locks spin instead of wait: with the requests on virtual
-- threads, two such spinners held both carriers of a two-core machine and the holder never ran again (the service
-- hung on concurrent starts of one workflow).
INSERT INTO execution_counts (user_id, project_key, status, n)
SELECT owners.user_id, owners.project_key, statuses.status, 0
  FROM (SELECT user_id, project_key FROM workflows
        UNION SELECT user_id, project_key FROM execution_counts) owners
 CROSS JOIN (SELECT 'PENDING' AS status UNION ALL SELECT 'RUNNING' UNION ALL SELECT 'COMPLETED'
             UNION ALL SELECT 'FAILED' UNION ALL SELECT 'CANCELLED') statuses
 WHERE NOT EXISTS (SELECT 1 FROM execution_counts c
                    WHERE c.user_id = owners.user_id AND c.project_key = owners.project_key
                      AND c.status = statuses.status);
