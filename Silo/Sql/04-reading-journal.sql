-- Lakegate's reading journal: every accepted reading is committed here before the device
-- gets its 202, and deleted once Databricks has it. (device_id, seq) identifies a reading
-- forever, so appends are idempotent (ON CONFLICT DO NOTHING).
--
-- payload is text, not jsonb: the reading is kept verbatim as the device sent it (jsonb
-- would reorder keys and drop duplicates), and text is cheaper to write.
-- silo names the silo that appended the row (diagnostics; NULL when unknown).
CREATE TABLE IF NOT EXISTS lakegate_journal
(
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    event_time  timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    payload     text        NOT NULL,
    silo        text        NULL,

    CONSTRAINT lakegate_journal_pk PRIMARY KEY (device_id, seq)
);

-- The orphan sweep looks for the oldest undelivered rows ("received before X"): rows whose
-- device grain died with its silo and was never reactivated.
CREATE INDEX IF NOT EXISTS lakegate_journal_received_at ON lakegate_journal (received_at);

-- Readings delivered per device, exact across crashes and re-deliveries: a remove deletes the
-- journal rows and adds the number of rows it actually deleted, in the same statement, so a
-- reading removed twice is counted once. Pending readings are the device's rows in lakegate_journal.
CREATE TABLE IF NOT EXISTS lakegate_device_delivered
(
    device_id         text        NOT NULL,
    delivered         bigint      NOT NULL,
    last_delivered_at timestamptz NULL,

    CONSTRAINT lakegate_device_delivered_pk PRIMARY KEY (device_id)
);

-- The Idempotency-Key of the request that brought each reading. A request with a key claims
-- (device_id, idempotency_key) in lakegate_idempotency in the statement that journals its rows; a
-- request whose key is already claimed writes nothing. So a retry is answered as the first time instead
-- of being stored again, even when it reaches another activation of the device (after a crash, or while
-- the cluster still runs two), or follows an attempt whose answer was lost. Claims outlive delivery
-- and are forgotten once the Idempotency-Key window has passed.
ALTER TABLE lakegate_journal ADD COLUMN IF NOT EXISTS idempotency_key text NULL;

CREATE TABLE IF NOT EXISTS lakegate_idempotency
(
    device_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    first_seq       bigint      NOT NULL,
    last_seq        bigint      NOT NULL,
    accepted        integer     NOT NULL,
    received_at     timestamptz NOT NULL,

    CONSTRAINT lakegate_idempotency_pk PRIMARY KEY (device_id, idempotency_key)
);

CREATE INDEX IF NOT EXISTS lakegate_idempotency_received_at ON lakegate_idempotency (received_at);
