using Npgsql;

namespace Entitlements.Storage.Tests;

/// <summary>A database of its own inside the private PostgreSQL that <c>scripts/test.sh</c> starts
/// (<c>ENTITLEMENTS_TEST_POSTGRES</c>), created per test class and dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string Variable = "ENTITLEMENTS_TEST_POSTGRES";

    private readonly string _name = $"ent_{Guid.NewGuid():N}";
    private string? _server;

    public string ConnectionString { get; private set; } = string.Empty;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: the storage tests need a PostgreSQL server. Run scripts/test.sh (it starts a private one), "
                + $"or export {Variable}=\"$(scripts/pg.sh start)\".");
        }

        await using (var admin = NpgsqlDataSource.Create(_server))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {_name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name, Pooling = true }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (string.IsNullOrWhiteSpace(_server) || string.IsNullOrEmpty(ConnectionString))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(_server);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
