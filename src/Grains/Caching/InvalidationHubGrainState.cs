namespace Entitlements.Grains.Caching;

/// <summary>
/// Persisted state of <see cref="InvalidationHubGrain"/>: which caches are registered. Persisted so a hub that is
/// re-activated elsewhere still notifies every cache that may hold a lease.
/// </summary>
[GenerateSerializer, Alias("entitlements.InvalidationHubGrainState")]
public sealed class InvalidationHubGrainState
{
    [Id(0)] public Dictionary<Guid, ICacheObserver> Caches { get; set; } = [];
}
