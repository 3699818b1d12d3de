namespace Entitlements.Silo.Storage;

/// <summary>The statements the Orleans ADO.NET providers (persistence, clustering, reminders) load by key from
/// <c>orleansquery</c>. Each is atomic on its own: the providers open no transaction. Parameter names and result
/// column names are the providers' (see orleans-adonet-contract.md); the tables are ours (Sql/001-tables.sql).</summary>
internal static class OrleansQueries
{
    private const string GrainIdentity = """
        service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND coalesce(grain_id_ext, '') = coalesce(@GrainIdExtensionString, '')
          AND (grain_id_ext IS NULL) = (@GrainIdExtensionString IS NULL)
        """;

    private const string MemberColumns = """
        m.address AS address, m.port AS port, m.generation AS generation, m.silo_name AS siloname,
        m.host_name AS hostname, m.status AS status, m.proxy_port AS proxyport, m.suspect_times AS suspecttimes,
        m.start_time AS starttime, m.i_am_alive_time AS iamalivetime, v.version AS version
        """;

    private const string ReminderColumns =
        "grain_id AS grainid, reminder_name AS remindername, start_time AS starttime, period, version";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // ---- persistence -------------------------------------------------------------------------------------
        ["ReadFromStorageKey"] = $"""
            SELECT payload AS payloadbinary, version FROM grain_state WHERE {GrainIdentity}
            """,

        // A NULL expected version creates the record at version 1 unless it exists (then no row comes back, which the
        // provider reports as a conflict); a version v updates only a record still at v.
        ["WriteToStorageKey"] = $"""
            INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version)
            SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
            WHERE @GrainStateVersion IS NULL
            ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, (coalesce(grain_id_ext, '')), (grain_id_ext IS NULL)) DO NOTHING
            RETURNING 1 AS newgrainstateversion;
            UPDATE grain_state SET payload = @PayloadBinary, version = version + 1, modified_at = now()
            WHERE {GrainIdentity} AND version = @GrainStateVersion
            RETURNING version AS newgrainstateversion;
            """,

        // Clearing keeps the row so the version sequence continues.
        ["ClearStorageKey"] = $"""
            UPDATE grain_state SET payload = NULL, version = version + 1, modified_at = now()
            WHERE {GrainIdentity} AND version = @GrainStateVersion
            RETURNING version
            """,

        ["DeleteStorageKey"] = $"""
            DELETE FROM grain_state WHERE {GrainIdentity} AND version = @GrainStateVersion
            RETURNING version + 1
            """,

        // ---- clustering --------------------------------------------------------------------------------------
        ["InsertMembershipVersionKey"] = """
            WITH created AS (
                INSERT INTO cluster_version (deployment_id) VALUES (@DeploymentId)
                ON CONFLICT (deployment_id) DO NOTHING RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM created) THEN 1 ELSE 0 END
            """,

        // Always at least the version row: a deployment without members yields one row of NULL member columns.
        ["MembershipReadAllKey"] = $"""
            SELECT {MemberColumns}
            FROM cluster_version v LEFT JOIN cluster_member m ON m.deployment_id = v.deployment_id
            WHERE v.deployment_id = @DeploymentId
            """,

        ["MembershipReadRowKey"] = $"""
            SELECT {MemberColumns}
            FROM cluster_version v LEFT JOIN cluster_member m ON m.deployment_id = v.deployment_id
              AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deployment_id = @DeploymentId
            """,

        // Lock the version row at the expected version first: a racing writer that moved the version makes this
        // one change nothing (PostgreSQL re-checks the predicate after waiting for the lock).
        ["InsertMembershipKey"] = """
            WITH expected AS (
                SELECT deployment_id FROM cluster_version
                WHERE deployment_id = @DeploymentId AND version = @Version
                FOR UPDATE),
            inserted AS (
                INSERT INTO cluster_member (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, suspect_times, start_time, i_am_alive_time)
                SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime FROM expected
                ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
                RETURNING 1),
            bumped AS (
                UPDATE cluster_version SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND EXISTS (SELECT 1 FROM inserted)
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM bumped) THEN 1 ELSE 0 END
            """,

        ["UpdateMembershipKey"] = """
            WITH expected AS (
                SELECT deployment_id FROM cluster_version
                WHERE deployment_id = @DeploymentId AND version = @Version
                FOR UPDATE),
            updated AS (
                UPDATE cluster_member m SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                FROM expected e
                WHERE m.deployment_id = e.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                RETURNING 1),
            bumped AS (
                UPDATE cluster_version SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND EXISTS (SELECT 1 FROM updated)
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM bumped) THEN 1 ELSE 0 END
            """,

        ["UpdateIAmAlivetimeKey"] = """
            UPDATE cluster_member SET i_am_alive_time = @IAmAliveTime
            WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
            """,

        ["GatewaysQueryKey"] = """
            SELECT address, proxy_port AS proxyport, generation FROM cluster_member
            WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,

        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM cluster_member WHERE deployment_id = @DeploymentId;
            DELETE FROM cluster_version WHERE deployment_id = @DeploymentId;
            """,

        // Only silos no longer Active (3) whose last heartbeat is older than the cutoff.
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM cluster_member
            WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
            """,

        // ---- reminders ---------------------------------------------------------------------------------------
        ["UpsertReminderRowKey"] = """
            INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
              SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
                  version = reminder.version + 1
            RETURNING version
            """,

        ["ReadReminderRowKey"] = $"""
            SELECT {ReminderColumns} FROM reminder
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
            """,

        ["ReadReminderRowsKey"] = $"""
            SELECT {ReminderColumns} FROM reminder WHERE service_id = @ServiceId AND grain_id = @GrainId
            """,

        // The ring range is exclusive at the start and inclusive at the end, in signed hash space.
        ["ReadRangeRows1Key"] = $"""
            SELECT {ReminderColumns} FROM reminder
            WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
            """,

        ["ReadRangeRows2Key"] = $"""
            SELECT {ReminderColumns} FROM reminder
            WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
            """,

        ["DeleteReminderRowKey"] = """
            WITH deleted AS (
                DELETE FROM reminder
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM deleted) THEN 1 ELSE 0 END
            """,

        ["DeleteReminderRowsKey"] = """
            DELETE FROM reminder WHERE service_id = @ServiceId
            """,
    };
}
