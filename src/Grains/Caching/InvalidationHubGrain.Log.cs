namespace Entitlements.Grains.Caching;

public sealed partial class InvalidationHubGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Decision cache {CacheId} registered; {Count} cache(s) known")]
    private static partial void LogRegistered(ILogger logger, Guid cacheId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision cache {CacheId} did not acknowledge {Kind} '{Id}'; waiting out its lease")]
    private static partial void LogNotificationFailed(ILogger logger, Exception exception, Guid cacheId, InvalidationKind kind, string id);
}
