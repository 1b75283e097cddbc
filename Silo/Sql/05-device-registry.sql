-- Lakegate's device registry: what operators query across the fleet without waking every grain
-- (keys expiring soon, silent devices), kept up to date by the device grains. Never a secret.
CREATE TABLE IF NOT EXISTS lakegate_device_registry
(
    device_id       text        NOT NULL,
    enabled         boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    active_keys     integer     NOT NULL,
    next_key_expiry timestamptz NULL,
    last_seen_at    timestamptz NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT lakegate_device_registry_pk PRIMARY KEY (device_id)
);

CREATE INDEX IF NOT EXISTS lakegate_device_registry_next_key_expiry ON lakegate_device_registry (next_key_expiry);
CREATE INDEX IF NOT EXISTS lakegate_device_registry_last_seen_at ON lakegate_device_registry (last_seen_at);

-- Credential events (created, rotated, revoked, disabled, enabled, failed-authentication bursts).
CREATE TABLE IF NOT EXISTS lakegate_audit
(
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    at        timestamptz NOT NULL,
    device_id text        NOT NULL,
    event     text        NOT NULL,
    key_id    text        NULL,
    detail    text        NULL,

    CONSTRAINT lakegate_audit_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS lakegate_audit_device ON lakegate_audit (device_id, id DESC);
