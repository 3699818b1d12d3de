using Microsoft.Extensions.Options;

namespace Entitlements.Grains.Caching;

/// <summary>
/// The registry of every silo's <see cref="DecisionCache"/>. Key: <see cref="GrainKeys.InvalidationHub"/>; one per
/// cluster. Decides when a change is visible everywhere:
/// <list type="number">
/// <item>A cache registers and renews a lease (<see cref="DecisionCacheOptions.LeaseDuration"/>); it serves cached facts only
/// inside its lease, counted from when it sent the request, so its lease ends no later than the hub's record of it.</item>
/// <item><see cref="PublishAsync"/> sends the invalidation to every registered cache and awaits each acknowledgement.</item>
/// <item>A cache that does not acknowledge in time is marked suspect: its next renewal answers <see cref="CacheLease.Reset"/>
/// (it forgets everything), and the publish waits until the lease the hub last granted it has run out. After that
/// instant the cache either has reset or serves nothing from memory, so returning is safe.</item>
/// </list>
/// Reentrant so that one slow cache does not hold up renewals or other writers; state writes are serialized.
/// </summary>
[Reentrant]
public sealed partial class InvalidationHubGrain(
    [PersistentState("caches", EntitlementsNames.Storage)] IPersistentState<InvalidationHubGrainState> state,
    IOptions<DecisionCacheOptions> options,
    TimeProvider time,
    ILogger<InvalidationHubGrain> logger) : Grain, IInvalidationHubGrain
{
    private readonly Dictionary<Guid, Registration> _caches = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private TimeSpan Lease => options.Value.LeaseDuration;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A cache registered with an earlier activation may still hold a lease granted up to one lease ago.
        var leaseEnd = time.GetTimestamp() + ToTicks(Lease);
        foreach (var (id, observer) in state.State.Caches)
        {
            _caches[id] = new Registration(observer, leaseEnd);
        }

        return Task.CompletedTask;
    }

    public async Task<CacheLease> RegisterAsync(Guid cacheId, ICacheObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var leaseEnd = time.GetTimestamp() + ToTicks(Lease);
        if (_caches.TryGetValue(cacheId, out var known))
        {
            known.Observer = observer;
            known.LeaseEnd = leaseEnd;
            var reset = known.Suspect;
            known.Suspect = false;
            return new CacheLease(Lease, reset);
        }

        _caches[cacheId] = new Registration(observer, leaseEnd);
        await PersistAsync();
        LogRegistered(logger, cacheId, _caches.Count);
        return new CacheLease(Lease, Reset: true);
    }

    public async Task UnregisterAsync(Guid cacheId)
    {
        if (_caches.Remove(cacheId))
        {
            await PersistAsync();
        }
    }

    public async Task PublishAsync(Invalidation invalidation)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        var now = time.GetTimestamp();
        var expired = _caches.Where(c => c.Value.LeaseEnd <= now).Select(c => c.Key).ToList();
        foreach (var id in expired)
        {
            // Its lease is over: it serves nothing from memory and must re-register (and reset) to do so again.
            _caches.Remove(id);
        }

        if (expired.Count > 0)
        {
            await PersistAsync();
        }

        await Task.WhenAll(_caches.Select(c => NotifyAsync(c.Key, c.Value, invalidation)));
    }

    private async Task NotifyAsync(Guid cacheId, Registration registration, Invalidation invalidation)
    {
        try
        {
            await registration.Observer.InvalidateAsync(invalidation).WaitAsync(options.Value.NotificationTimeout, time);
            return;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotificationFailed(logger, exception, cacheId, invalidation.Kind, invalidation.Id);
        }

        registration.Suspect = true;
        var wait = time.GetElapsedTime(time.GetTimestamp(), registration.LeaseEnd);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }

        if (registration.Suspect && _caches.TryGetValue(cacheId, out var current) && ReferenceEquals(current, registration))
        {
            _caches.Remove(cacheId);
            await PersistAsync();
        }
    }

    private async Task PersistAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            state.State = new InvalidationHubGrainState { Caches = _caches.ToDictionary(c => c.Key, c => c.Value.Observer) };
            await state.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class Registration(ICacheObserver observer, long leaseEnd)
    {
        public ICacheObserver Observer { get; set; } = observer;

        /// <summary>The end of the last lease granted, in <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
        public long LeaseEnd { get; set; } = leaseEnd;

        /// <summary>Missed a notification: its next renewal must reset it.</summary>
        public bool Suspect { get; set; }
    }
}
