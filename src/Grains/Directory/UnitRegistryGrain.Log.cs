namespace Entitlements.Grains.Directory;

public sealed partial class UnitRegistryGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Unit {UnitId} registered; {Count} unit(s) known")]
    private static partial void LogUnitRegistered(ILogger logger, string unitId, int count);
}
