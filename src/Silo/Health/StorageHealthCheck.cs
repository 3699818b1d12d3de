using Entitlements.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Entitlements.Silo.Health;

/// <summary>Ready only when storage answers: a round trip to PostgreSQL, or nothing to check in memory.</summary>
internal sealed class StorageHealthCheck(SiloMode mode, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (mode.Mode == StorageMode.Embedded)
        {
            return HealthCheckResult.Healthy("in-memory storage (not durable)");
        }

        try
        {
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}
