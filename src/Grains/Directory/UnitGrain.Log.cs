namespace Entitlements.Grains.Directory;

public sealed partial class UnitGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} written (version {Version})")]
    private static partial void LogUnitWritten(ILogger logger, string unitId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} suspended: {Reason}")]
    private static partial void LogUnitSuspended(ILogger logger, string unitId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {UnitId} reinstated: {Rectification}")]
    private static partial void LogUnitReinstated(ILogger logger, string unitId, string rectification);
}
