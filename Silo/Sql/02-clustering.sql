-- Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet), used by silos and by
-- clients that discover gateways.
--
-- Contract with the provider: it binds parameters by name (@DeploymentId, @Address, ...)
-- and reads result columns by name, so parameter and column names below must not change.
-- Time values arrive as UTC DateTime and are stored as timestamptz (microseconds).
--
-- Every membership write is one statement: the version row is bumped (optimistic
-- concurrency on @Version) and the member row written in the same statement, so a write
-- either does both or neither, without PL/pgSQL and without relying on ASSERT (which a
-- server may have disabled).

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0,

    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text        NOT NULL,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,

    CONSTRAINT orleans_membership_pk PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Creates the deployment's version row once. Returns 1 when it was created, 0 when it existed.
    'InsertMembershipVersionKey', $query$
    WITH created AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created;
    $query$
),
(
    -- Adds a silo if the table is still at @Version and the silo is not there yet.
    -- Returns 1 on success, 0 when the version moved on or the row exists.
    'InsertMembershipKey', $query$
    WITH version_bump AS
    (
        UPDATE OrleansMembershipVersionTable AS v
        SET Version = v.Version + 1,
            Timestamp = now()
        WHERE v.DeploymentId = @DeploymentId
            AND v.Version = @Version
            AND NOT EXISTS
            (
                SELECT 1 FROM OrleansMembershipTable AS m
                WHERE m.DeploymentId = @DeploymentId
                    AND m.Address = @Address
                    AND m.Port = @Port
                    AND m.Generation = @Generation
            )
        RETURNING v.DeploymentId
    ),
    inserted AS
    (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM version_bump
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM inserted;
    $query$
),
(
    -- Changes a silo's status and suspicions if the table is still at @Version.
    -- Returns 1 on success, 0 when the version moved on or the silo is unknown.
    'UpdateMembershipKey', $query$
    WITH version_bump AS
    (
        UPDATE OrleansMembershipVersionTable AS v
        SET Version = v.Version + 1,
            Timestamp = now()
        WHERE v.DeploymentId = @DeploymentId
            AND v.Version = @Version
            AND EXISTS
            (
                SELECT 1 FROM OrleansMembershipTable AS m
                WHERE m.DeploymentId = @DeploymentId
                    AND m.Address = @Address
                    AND m.Port = @Port
                    AND m.Generation = @Generation
            )
        RETURNING v.DeploymentId
    ),
    updated AS
    (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status,
            SuspectTimes = @SuspectTimes,
            IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime)
        FROM version_bump AS b
        WHERE m.DeploymentId = b.DeploymentId
            AND m.Address = @Address
            AND m.Port = @Port
            AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer FROM updated;
    $query$
),
(
    -- A silo's heartbeat. Never moves the time backwards and does not touch the version.
    'UpdateIAmAlivetimeKey', $query$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
    WHERE DeploymentId = @DeploymentId
        AND Address = @Address
        AND Port = @Port
        AND Generation = @Generation;
    $query$
),
(
    -- The version row, joined with one silo's row when it exists.
    'MembershipReadRowKey', $query$
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address
        AND m.Port = @Port
        AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    -- The version row, joined with every silo's row.
    'MembershipReadAllKey', $query$
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    -- Removes a whole deployment (used by tooling and tests).
    'DeleteMembershipTableEntriesKey', $query$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
    $query$
),
(
    -- Gateways clients may connect to: active silos (@Status) with a gateway port.
    'GatewaysQueryKey', $query$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
        AND Status = @Status
        AND ProxyPort > 0;
    $query$
),
(
    -- Bulk clean-up of silos that are dead (status 6) and were last alive before @IAmAliveTime.
    -- The provider requires this key; it prefers CleanupDefunctSiloEntryKey when that exists.
    'CleanupDefunctSiloEntriesKey', $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
        AND Status = 6
        AND IAmAliveTime < @IAmAliveTime
        AND StartTime < @IAmAliveTime
        AND COALESCE(SuspectTimes, '') = '';
    $query$
),
(
    -- Deletes one dead silo row, only if it still holds exactly the values the provider read,
    -- so a row that changed in between is left alone. Does not touch the version.
    'CleanupDefunctSiloEntryKey', $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
        AND Address = @Address
        AND Port = @Port
        AND Generation = @Generation
        AND Status = 6
        AND StartTime = @StartTime
        AND IAmAliveTime = @IAmAliveTime
        AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
