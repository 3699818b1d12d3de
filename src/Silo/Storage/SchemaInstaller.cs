using Npgsql;

namespace Entitlements.Silo.Storage;

/// <summary>Brings the PostgreSQL schema up to date before anything else starts (a lifecycle "starting" hook runs
/// before every hosted service's start, the Orleans silo's included).</summary>
internal sealed partial class SchemaInstaller(NpgsqlDataSource dataSource, ILogger<SchemaInstaller> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgresSchema.EnsureAsync(dataSource, cancellationToken);
        LogSchema(logger, applied.Count == 0 ? "up to date" : "applied " + string.Join(", ", applied));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema {Outcome}")]
    private static partial void LogSchema(ILogger logger, string outcome);
}
