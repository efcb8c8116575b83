-- Robot enrollment tokens and robot credentials (issue 13), stored only as keyed hashes of their secrets, like API
-- keys. A token is used once (used_at) before it expires; a credential lets in one robot of its owner over /ws, until
-- it is revoked.
CREATE TABLE robot_enrollments (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id    ${exact_user_id} NOT NULL,
    robot_id   ${exact_id}      NULL,
    name       VARCHAR(100)     NULL,
    labels     VARCHAR(4000)    NOT NULL,
    created_at DATETIME(3)      NOT NULL,
    expires_at DATETIME(3)      NOT NULL,
    used_at    DATETIME(3)      NULL,
    PRIMARY KEY (token_hash)
) DEFAULT CHARSET=utf8mb4;

CREATE TABLE robot_credentials (
    id              VARCHAR(36)      NOT NULL,
    credential_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id         ${exact_user_id} NOT NULL,
    robot_id        ${exact_id}      NOT NULL,
    prefix          VARCHAR(16)      NOT NULL,
    created_at      DATETIME(3)      NOT NULL,
    revoked_at      DATETIME(3)      NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_robot_credentials_hash UNIQUE (credential_hash)
) DEFAULT CHARSET=utf8mb4;

-- a robot's credentials, to revoke them together
CREATE INDEX ix_robot_credentials_robot ON robot_credentials (user_id, robot_id);
