using System.Reflection;
using Npgsql;

namespace Entitlements.Silo.Storage;

/// <summary>Creates or upgrades the product's PostgreSQL schema, idempotently: numbered migration scripts
/// (embedded <c>Sql/NNN-*.sql</c>) applied once each, then the provider statements upserted. A transaction-scoped
/// advisory lock makes silos that start together take turns.</summary>
public static class PostgresSchema
{
    // An arbitrary constant that names "the entitlements schema" among advisory locks.
    private const long MigrationLockKey = 0x456E_7469_746C_656D;

    /// <summary>The migrations shipped with this build, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>Brings the database to this build's schema. Returns the migrations it applied (none when up to date).</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migration (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_migration", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<string>();
        foreach (var (version, name, sql) in Migrations)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migration (version, name) VALUES (@version, @name)", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            record.Parameters.AddWithValue("name", name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            done.Add(name);
        }

        // Statements are data: upserting them every start lets a new build correct a statement in place.
        foreach (var (key, text) in OrleansQueries.All)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO orleansquery (querykey, querytext) VALUES (@key, @text)
                ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext
                WHERE orleansquery.querytext IS DISTINCT FROM excluded.querytext
                """, connection, transaction);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        const string prefix = "Entitlements.Silo.Storage.Sql.";
        var result = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('-')), System.Globalization.CultureInfo.InvariantCulture);
            result.Add((version, name, Read(assembly, resource)));
        }

        return result;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new System.Diagnostics.UnreachableException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
