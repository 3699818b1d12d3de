namespace Entitlements.Grains.Directory;

public sealed partial class UnitTreeGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Unit {UnitId} may move under {Parent}")]
    private static partial void LogMoveAdmitted(ILogger logger, string unitId, string parent);
}
