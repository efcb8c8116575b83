-- Portable between H2 (MODE=MySQL, IGNORECASE=TRUE) and MySQL/MariaDB: text compares ignoring case
-- (H2 IGNORECASE, the default *_ci collation of utf8mb4), except user ids, which are opaque and compare
-- exactly: ${exact_user_id} is set per database by Database (VARCHAR_CASESENSITIVE or COLLATE utf8mb4_bin).
-- Times are UTC wall-clock DATETIME(3); parameters are JSON text (no JSON type: H2 and MariaDB differ).

CREATE TABLE workflows (
    project_id   VARCHAR(100)     NOT NULL,
    user_id      ${exact_user_id} NOT NULL,
    name         VARCHAR(100)     NOT NULL,
    english_name VARCHAR(100)     NULL,
    description  VARCHAR(500)     NULL,
    version      VARCHAR(20)      NOT NULL,
    status       TINYINT          NOT NULL,
    parameters   LONGTEXT         NULL,
    tool_name    VARCHAR(64)      NOT NULL,
    revision     BIGINT           NOT NULL,
    created_at   DATETIME(3)      NOT NULL,
    updated_at   DATETIME(3)      NOT NULL,
    PRIMARY KEY (project_id),
    CONSTRAINT uq_workflows_user_tool UNIQUE (user_id, tool_name)
) DEFAULT CHARSET=utf8mb4;

-- the owner's list, newest first, with and without a status filter
CREATE INDEX ix_workflows_user_created ON workflows (user_id, created_at, project_id);
CREATE INDEX ix_workflows_user_status_created ON workflows (user_id, status, created_at, project_id);

CREATE TABLE api_keys (
    id           VARCHAR(36)      NOT NULL,
    user_id      ${exact_user_id} NOT NULL,
    name         VARCHAR(100)     NOT NULL,
    prefix       VARCHAR(16)      NOT NULL,
    -- lowercase hex of an HMAC: compared exactly everywhere (H2 never folds the case of CHAR)
    key_hash     CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at   DATETIME(3)      NOT NULL,
    last_used_at DATETIME(3)      NULL,
    expires_at   DATETIME(3)      NULL,
    revoked_at   DATETIME(3)      NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
) DEFAULT CHARSET=utf8mb4;

-- the owner's unrevoked keys, newest first
CREATE INDEX ix_api_keys_user_active ON api_keys (user_id, revoked_at, created_at);
