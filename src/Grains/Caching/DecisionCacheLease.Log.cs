namespace Entitlements.Grains.Caching;

internal sealed partial class DecisionCacheLease
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision cache {CacheId} could not renew its lease; checks read through the grains until it does")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, Guid cacheId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision cache {CacheId} could not unregister on stop")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, Guid cacheId);
}
