-- The exact total of a workflow list narrowed by an API key's allow-list (issue 16), without probing the allow-list
-- for each of the owner's workflows at every request: each owner's workflow set has a generation, moved on in the
-- transaction of every workflow insert and delete (JdbiWorkflowRepository); a key's total is kept with the key's
-- revision and the generation it was counted at, and used while both still hold (WorkflowListQuery). An owner with no
-- generation row is at generation 0.

CREATE TABLE workflow_generations (
    user_id    ${exact_user_id} NOT NULL,
    generation BIGINT           NOT NULL,
    PRIMARY KEY (user_id)
) DEFAULT CHARSET=utf8mb4;

CREATE TABLE api_key_list_totals (
    key_id       ${exact_id} NOT NULL,
    key_revision BIGINT      NOT NULL,
    generation   BIGINT      NOT NULL,
    total        BIGINT      NOT NULL,
    PRIMARY KEY (key_id)
) DEFAULT CHARSET=utf8mb4;
