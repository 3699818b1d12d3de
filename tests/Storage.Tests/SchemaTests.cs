using Entitlements.Grains.Interfaces;
using Entitlements.Silo.Storage;
using Npgsql;

namespace Entitlements.Storage.Tests;

/// <summary>The schema the product creates for itself: idempotent, safe under concurrent starts, and meeting the
/// Orleans providers' contract (statement keys, atomic first writes and membership inserts).</summary>
public sealed class SchemaTests : IClassFixture<TestDatabase>
{
    private static readonly string[] RequiredKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private readonly TestDatabase _db;

    public SchemaTests(TestDatabase db)
    {
        _db = db;
        PostgresSchema.EnsureAsync(db.DataSource).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task EnsureAsync_AppliesNothing_WhenRunAgain()
    {
        var second = await PostgresSchema.EnsureAsync(_db.DataSource);
        var third = await PostgresSchema.EnsureAsync(_db.DataSource);

        Assert.Empty(second);
        Assert.Empty(third);
        Assert.Equal(PostgresSchema.Migrations.Count, (int)await _db.ScalarAsync<long>("SELECT count(*) FROM schema_migration"));
    }

    [Fact]
    public async Task EnsureAsync_Succeeds_WhenSeveralSilosStartAtOnce()
    {
        await using var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.EnsureAsync(fresh.DataSource))));

            Assert.Equal(1, runs.Count(r => r.Count > 0));
            Assert.Equal(PostgresSchema.Migrations.Count, (int)await fresh.ScalarAsync<long>("SELECT count(*) FROM schema_migration"));
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task EnsureAsync_InstallsEveryStatementTheProvidersRequire()
    {
        foreach (var key in RequiredKeys)
        {
            var text = await _db.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = @k", ("k", key));
            Assert.False(string.IsNullOrWhiteSpace(text), $"orleansquery lacks {key}");
        }
    }

    [Fact]
    public async Task WriteToStorage_HasExactlyOneWinner_WhenFirstWritesRace()
    {
        var sql = (await _db.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'"))!;
        var key = $"race-{Guid.NewGuid():N}";

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await using var command = _db.DataSource.CreateCommand(sql);
            AddIdentity(command, key);
            command.Parameters.Add(new NpgsqlParameter<int?>("GrainStateVersion", (int?)null) { DbType = System.Data.DbType.Int32 });
            command.Parameters.AddWithValue("PayloadBinary", new byte[] { (byte)i });
            var rows = await AllRowsAsync(command);
            return rows.Count == 1 ? rows[0] : null;
        })));

        Assert.Equal(1, results.Count(r => r is int v && v == 1));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM grain_state WHERE grain_id_ext = @k", ("k", key)));
    }

    [Fact]
    public async Task WriteToStorage_RefusesStaleVersion_AndAcceptsCurrent()
    {
        var sql = (await _db.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'"))!;
        var key = $"cas-{Guid.NewGuid():N}";

        Assert.Equal(1, await WriteAsync(sql, key, null));
        Assert.Equal(2, await WriteAsync(sql, key, 1));
        Assert.Null(await WriteAsync(sql, key, 1));
        Assert.Null(await WriteAsync(sql, key, null));
    }

    [Fact]
    public async Task InsertMembership_HasExactlyOneWinner_WhenSilosRace()
    {
        var deployment = $"race-{Guid.NewGuid():N}";
        var versionSql = (await _db.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'InsertMembershipVersionKey'"))!;
        await using (var create = _db.DataSource.CreateCommand(versionSql))
        {
            create.Parameters.AddWithValue("DeploymentId", deployment);
            await create.ExecuteScalarAsync();
        }

        var sql = (await _db.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'InsertMembershipKey'"))!;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await using var command = _db.DataSource.CreateCommand(sql);
            var now = DateTime.UtcNow;
            command.Parameters.AddWithValue("DeploymentId", deployment);
            command.Parameters.AddWithValue("Address", "127.0.0.1");
            command.Parameters.AddWithValue("Port", 11111 + i);
            command.Parameters.AddWithValue("Generation", 1);
            command.Parameters.AddWithValue("SiloName", $"s{i}");
            command.Parameters.AddWithValue("HostName", "h");
            command.Parameters.AddWithValue("Status", 2);
            command.Parameters.AddWithValue("ProxyPort", 30000 + i);
            command.Parameters.AddWithValue("StartTime", now);
            command.Parameters.AddWithValue("IAmAliveTime", now);
            command.Parameters.AddWithValue("Version", 0);
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        })));

        Assert.Equal(1, results.Count(r => r == 1));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM cluster_member WHERE deployment_id = @d", ("d", deployment)));
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT version FROM cluster_version WHERE deployment_id = @d", ("d", deployment)));
    }

    [Fact]
    public async Task PostgresAuditSink_StoresEachDecisionOnce_WhenABatchIsRetried()
    {
        var sink = new PostgresAuditSink(_db.DataSource);
        var id = $"d-{Guid.NewGuid():N}";
        var record = new AuditRecord(id, DateTimeOffset.UtcNow, "u-1", "unit-1", "app-caller", "c-1", null, "view", "mss", null, "partial",
            [new FieldResult("name", 1, "allow", "surname-only", null), new FieldResult("health", 2, "deny", null, "not-serving")],
            ["not-serving"], 7);

        await sink.AppendAsync([record]);
        await sink.AppendAsync([record]);

        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM audit_decision WHERE decision_id = @id", ("id", id)));
        Assert.Equal("not-serving", await _db.ScalarAsync<string>("SELECT fields->1->>'reason' FROM audit_decision WHERE decision_id = @id", ("id", id)));
        Assert.Equal(7L, await _db.ScalarAsync<long>("SELECT policy_version FROM audit_decision WHERE decision_id = @id", ("id", id)));
    }

    private async Task<int?> WriteAsync(string sql, string key, int? version)
    {
        await using var command = _db.DataSource.CreateCommand(sql);
        AddIdentity(command, key);
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", System.Data.DbType.Int32) { Value = (object?)version ?? DBNull.Value });
        command.Parameters.AddWithValue("PayloadBinary", new byte[] { 1, 2, 3 });
        var values = await AllRowsAsync(command);
        return values.Count == 1 && values[0] is int v ? v : null;
    }

    /// <summary>Column 0 of every row of every result set, as the providers read a multi-statement text.</summary>
    private static async Task<List<object?>> AllRowsAsync(NpgsqlCommand command)
    {
        var values = new List<object?>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
            }
        }
        while (await reader.NextResultAsync());

        return values;
    }

    private static void AddIdentity(NpgsqlCommand command, string key)
    {
        command.Parameters.AddWithValue("GrainIdHash", key.GetHashCode(StringComparison.Ordinal));
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 42);
        command.Parameters.AddWithValue("GrainTypeString", "probe");
        command.Parameters.AddWithValue("GrainIdExtensionString", key);
        command.Parameters.AddWithValue("ServiceId", "tests");
    }
}
