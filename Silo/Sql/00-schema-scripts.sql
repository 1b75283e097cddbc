-- Which of Lakegate's schema scripts are applied to this database, and in which version.
-- PostgresSchemaInstaller compares the SHA-256 of each embedded script with this table and
-- applies only scripts that are new or changed. Every script is idempotent on its own.
CREATE TABLE IF NOT EXISTS lakegate_schema_script
(
    script_name text        NOT NULL,
    sha256      text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT lakegate_schema_script_pk PRIMARY KEY (script_name)
);
