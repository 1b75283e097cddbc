-- Orleans grain state (Microsoft.Orleans.Persistence.AdoNet).
--
-- A grain's state is identified by (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
-- GrainIdExtensionString); GrainTypeString holds the state's *name*, so every persistent
-- state in Lakegate must have a unique name. The unique index below makes that identity
-- one row: two activations racing to write a first state can no longer both insert (the
-- loser gets a version conflict instead of leaving a duplicate that makes the grain
-- unreadable). A NULL extension and an empty one are different keys, hence the two
-- expressions for it.
--
-- Versions: a state row carries an integer Version that Orleans treats as the ETag. Every
-- write names the version it read (@GrainStateVersion, NULL for "never stored") and
-- succeeds only if the row still has it; the query returns the new version, or nothing
-- when the check failed (Orleans then raises InconsistentStateException).
--
-- GrainIdHash and GrainTypeHash are stored for diagnostics only; lookups go by identity.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_grain_key ON OrleansStorage
(
    ServiceId,
    GrainTypeString,
    GrainIdN0,
    GrainIdN1,
    (COALESCE(GrainIdExtensionString, '')),
    (GrainIdExtensionString IS NULL)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Upsert on the grain key with the version check in the conflict branch:
    --   no ETag, no row         -> inserted as version 1
    --   no ETag, row exists     -> conflict, WHERE fails, nothing returned (racing first write lost)
    --   ETag n, row at n        -> conflict, updated to n + 1
    --   ETag n, row elsewhere   -> conflict, WHERE fails, nothing returned
    --   ETag n, no row          -> nothing inserted (the row was deleted under us), nothing returned
    'WriteToStorageKey', $query$
    INSERT INTO OrleansStorage AS s
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
        OR EXISTS
        (
            SELECT 1 FROM OrleansStorage AS e
            WHERE e.ServiceId = @ServiceId
                AND e.GrainTypeString = @GrainTypeString
                AND e.GrainIdN0 = @GrainIdN0
                AND e.GrainIdN1 = @GrainIdN1
                AND COALESCE(e.GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
                AND (e.GrainIdExtensionString IS NULL) = (@GrainIdExtensionString IS NULL)
        )
    ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
                 (COALESCE(GrainIdExtensionString, '')), (GrainIdExtensionString IS NULL))
    DO UPDATE SET
        PayloadBinary = EXCLUDED.PayloadBinary,
        GrainIdHash = EXCLUDED.GrainIdHash,
        GrainTypeHash = EXCLUDED.GrainTypeHash,
        ModifiedOn = now(),
        Version = s.Version + 1
    WHERE s.Version = @GrainStateVersion
    RETURNING s.Version AS NewGrainStateVersion;
    $query$
),
(
    'ReadFromStorageKey', $query$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
        AND (GrainIdExtensionString IS NULL) = (@GrainIdExtensionString IS NULL);
    $query$
),
(
    -- Empties the state but keeps the row and moves its version on.
    'ClearStorageKey', $query$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
        AND (GrainIdExtensionString IS NULL) = (@GrainIdExtensionString IS NULL)
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
    $query$
),
(
    -- Deletes the row (when the provider is configured with DeleteStateOnClear). Returns a
    -- value different from the ETag on success, as the provider expects.
    'DeleteStorageKey', $query$
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
        AND (GrainIdExtensionString IS NULL) = (@GrainIdExtensionString IS NULL)
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
