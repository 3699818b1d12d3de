namespace Entitlements.Grains.Tests;

/// <summary>The hub's guarantee when a cache does not answer: the publish waits out its lease and the cache must reset.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InvalidationHubTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PublishAsync_ReturnsAfterLease_AndResetsCache_WhenCacheDoesNotAcknowledge()
    {
        var client = fixture.Cluster.Client;
        var hub = client.GetInvalidationHub();
        var deaf = new DeafCache();
        var observer = client.CreateObjectReference<ICacheObserver>(deaf);
        var cacheId = Guid.NewGuid();
        var first = await hub.RegisterAsync(cacheId, observer);

        await hub.PublishAsync(new Invalidation(InvalidationKind.User, "u-" + cacheId.ToString("N")));
        var renewed = await hub.RegisterAsync(cacheId, observer);
        await hub.UnregisterAsync(cacheId);

        Assert.True(first.Reset, "a new cache starts empty");
        Assert.True(deaf.Calls > 0, "the hub never tried the cache");
        Assert.True(renewed.Reset, "a cache that missed an invalidation must forget everything before serving again");
        client.DeleteObjectReference<ICacheObserver>(observer);
    }

    [Fact]
    public async Task RegisterAsync_DoesNotReset_WhenCacheAcknowledgedEverything()
    {
        var client = fixture.Cluster.Client;
        var hub = client.GetInvalidationHub();
        var cache = new ListeningCache();
        var observer = client.CreateObjectReference<ICacheObserver>(cache);
        var cacheId = Guid.NewGuid();
        await hub.RegisterAsync(cacheId, observer);
        var invalidation = new Invalidation(InvalidationKind.Customer, "c-" + cacheId.ToString("N"));

        await hub.PublishAsync(invalidation);
        var renewed = await hub.RegisterAsync(cacheId, observer);
        await hub.UnregisterAsync(cacheId);

        Assert.Contains(invalidation, cache.Seen);
        Assert.False(renewed.Reset);
        client.DeleteObjectReference<ICacheObserver>(observer);
    }

    private sealed class DeafCache : ICacheObserver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task InvalidateAsync(Invalidation invalidation)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("this cache is unreachable");
        }
    }

    private sealed class ListeningCache : ICacheObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Invalidation> _seen = new();

        public IReadOnlyCollection<Invalidation> Seen => _seen;

        public Task InvalidateAsync(Invalidation invalidation)
        {
            _seen.Enqueue(invalidation);
            return Task.CompletedTask;
        }
    }
}
