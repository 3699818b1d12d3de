namespace Entitlements.Grains.Caching;

internal sealed partial class DecisionCache
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision cache {CacheId} reset by the hub (it may have missed invalidations)")]
    private static partial void LogReset(ILogger logger, Guid cacheId);
}
