namespace Entitlements.Grains.Interfaces;

/// <summary>What kind of directory object an <see cref="Invalidation"/> is about.</summary>
[GenerateSerializer, Alias("entitlements.InvalidationKind")]
public enum InvalidationKind
{
    User = 0,
    Customer = 1,
    Unit = 2,
    Policy = 3,
}

/// <summary>"What you cached about <see cref="Id"/> is out of date": sent after the change is persisted.</summary>
[GenerateSerializer, Immutable, Alias("entitlements.Invalidation")]
public sealed record Invalidation(
    [property: Id(0)] InvalidationKind Kind,
    [property: Id(1)] string Id);

/// <summary>
/// The hub's answer to a cache's (re)registration: serve from the cache for at most <see cref="Duration"/>
/// counted from when the request was sent. <see cref="Reset"/>: the hub did not know this cache (new hub state
/// or the cache was dropped after a missed notification), so the cache must forget everything first.
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.CacheLease")]
public sealed record CacheLease(
    [property: Id(0)] TimeSpan Duration,
    [property: Id(1)] bool Reset);

/// <summary>A silo's decision cache as the hub sees it. Acknowledging (returning) means the entries are gone.</summary>
[Alias("entitlements.ICacheObserver")]
public interface ICacheObserver : IGrainObserver
{
    [Alias("Invalidate")]
    Task InvalidateAsync(Invalidation invalidation);
}

/// <summary>
/// The registry of every silo's decision cache. Key: <see cref="GrainKeys.InvalidationHub"/>.
/// A writer calls <see cref="PublishAsync"/> after persisting; it returns once every cache has dropped what the
/// change replaced, or (for a cache that did not answer) once that cache's lease has run out.
/// </summary>
[Alias("entitlements.IInvalidationHubGrain")]
public interface IInvalidationHubGrain : IGrainWithStringKey
{
    /// <summary>Registers or renews <paramref name="cacheId"/>'s lease.</summary>
    [Alias("Register")]
    Task<CacheLease> RegisterAsync(Guid cacheId, ICacheObserver observer);

    /// <summary>Removes the cache (on orderly silo shutdown).</summary>
    [Alias("Unregister")]
    Task UnregisterAsync(Guid cacheId);

    [Alias("Publish")]
    Task PublishAsync(Invalidation invalidation);
}
