-- The fingerprint of the migrations the schema was last migrated with (SchemaFingerprint, issue 18): a start whose
-- build has the same one skips Flyway's validation of an unchanged history. One row (id = 1).

CREATE TABLE schema_state (
    id          INT          NOT NULL,
    fingerprint VARCHAR(80)  NOT NULL,
    migrated_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4;
