-- Robots known by id (issue 13): one row per (owner, robot id), connected or not. The id is exact (case matters:
-- ${exact_id}); labels and capabilities are small JSON texts read whole (a JSON object of strings, a JSON array of
-- strings) — nothing selects by them in the database: dispatch matches labels against the connected robots in
-- memory.
CREATE TABLE robots (
    user_id        ${exact_user_id} NOT NULL,
    robot_id       ${exact_id}      NOT NULL,
    name           VARCHAR(100)     NOT NULL,
    machine        VARCHAR(255)     NULL,
    labels         VARCHAR(4000)    NOT NULL,
    client_kind    VARCHAR(40)      NOT NULL,
    client_version VARCHAR(40)      NULL,
    capabilities   VARCHAR(4000)    NOT NULL,
    draining       BOOLEAN          NOT NULL,
    first_seen     DATETIME(3)      NOT NULL,
    last_seen      DATETIME(3)      NOT NULL,
    revision       BIGINT           NOT NULL,
    PRIMARY KEY (user_id, robot_id)
) DEFAULT CHARSET=utf8mb4;

-- the owner's list, the robot first seen most recently first
CREATE INDEX ix_robots_user_first_seen ON robots (user_id, first_seen, robot_id);
