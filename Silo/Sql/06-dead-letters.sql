-- Readings Databricks refused as invalid, parked for operators to see and replay. Parking moves a
-- reading from lakegate_journal into this table in one statement, so it is never both lost and sent.
CREATE TABLE IF NOT EXISTS lakegate_dead_letters
(
    device_id       text        NOT NULL,
    seq             bigint      NOT NULL,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    payload         text        NOT NULL,
    idempotency_key text        NULL,
    reason          text        NOT NULL,
    parked_at       timestamptz NOT NULL,

    CONSTRAINT lakegate_dead_letters_pk PRIMARY KEY (device_id, seq)
);

CREATE INDEX IF NOT EXISTS lakegate_dead_letters_parked_at ON lakegate_dead_letters (parked_at);
