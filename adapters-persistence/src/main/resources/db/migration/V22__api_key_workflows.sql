-- The workflow allow-lists of API keys (issue 16, workflow_ids) as rows, kept with the key's own column by
-- JdbiApiKeyStore in the key's transaction: a list of a limited key's workflows probes this table by primary key for
-- each candidate row (one bound parameter) instead of comparing every row with up to 1,000 bound ids. Released
-- together with V20: no key had workflow_ids before this table.

CREATE TABLE api_key_workflows (
    key_id      ${exact_id}          NOT NULL,
    project_key ${exact_project_key} NOT NULL,
    PRIMARY KEY (key_id, project_key)
) DEFAULT CHARSET=utf8mb4;
