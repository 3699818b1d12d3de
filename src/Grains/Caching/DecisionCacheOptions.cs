namespace Entitlements.Grains.Caching;

/// <summary>Settings of the per-silo decision cache and its invalidation hub.</summary>
public sealed class DecisionCacheOptions
{
    public const string SectionName = "Entitlements:Cache";

    /// <summary>
    /// How long a silo may serve cached facts without hearing from the hub. Also, with
    /// <see cref="NotificationTimeout"/>, the longest a write can wait for a silo that does not acknowledge an
    /// invalidation; keep the sum well below Orleans' response timeout (30 s). Default: 15 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the hub waits for one cache to acknowledge an invalidation before it relies on the lease. Default: 5 seconds.</summary>
    public TimeSpan NotificationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
