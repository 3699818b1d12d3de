using Entitlements.Grains.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Entitlements.Grains.Tests;

/// <summary>
/// The lease is what protects a cache that misses notifications. These caches are deliberately not registered
/// with the hub, so they hear of no change: only the lease and the hub's reset keep them correct.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DecisionCacheTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task GetSubjectAsync_ReadsThrough_WhenLeaseHasRunOut()
    {
        var s = await Scenario.CreateAsync(fixture.Cluster.Client);
        var cache = NewCache();
        cache.ApplyLease(new CacheLease(Lease, Reset: true), _time.GetTimestamp());
        Assert.Equal(UserStatuses.Active, (await cache.GetSubjectAsync(s.User))!.Status);

        await fixture.Cluster.Client.GetUser(s.User).SetStatusAsync(UserStatuses.Departed);
        _time.Advance(Lease);

        Assert.False(cache.HasLease);
        Assert.Equal(UserStatuses.Departed, (await cache.GetSubjectAsync(s.User))!.Status);
    }

    [Fact]
    public async Task ApplyLease_ForgetsEverything_WhenHubAnswersReset()
    {
        var s = await Scenario.CreateAsync(fixture.Cluster.Client);
        var cache = NewCache();
        cache.ApplyLease(new CacheLease(Lease, Reset: true), _time.GetTimestamp());
        Assert.False((await cache.GetCustomerAsync(s.Customer))!.Vip);

        await fixture.Cluster.Client.GetCustomer(s.Customer).PutAsync(Scenario.CustomerOf(s.Branch, vip: true, agent: s.User));
        cache.ApplyLease(new CacheLease(Lease, Reset: true), _time.GetTimestamp());

        Assert.True(cache.HasLease);
        Assert.True((await cache.GetCustomerAsync(s.Customer))!.Vip);
    }

    [Fact]
    public async Task GetSubjectAsync_DoesNotStore_WithoutLease()
    {
        var s = await Scenario.CreateAsync(fixture.Cluster.Client);
        var cache = NewCache();
        Assert.Equal(UserStatuses.Active, (await cache.GetSubjectAsync(s.User))!.Status);

        await fixture.Cluster.Client.GetUser(s.User).SetStatusAsync(UserStatuses.Handover);
        cache.ApplyLease(new CacheLease(Lease, Reset: false), _time.GetTimestamp());

        Assert.Equal(UserStatuses.Handover, (await cache.GetSubjectAsync(s.User))!.Status);
    }

    [Fact]
    public async Task InvalidateAsync_DropsDerivedFacts_WhenAUnitChanges()
    {
        var s = await Scenario.CreateAsync(fixture.Cluster.Client);
        var cache = NewCache();
        cache.ApplyLease(new CacheLease(Lease, Reset: true), _time.GetTimestamp());
        Assert.False((await cache.GetSubjectAsync(s.User))!.UnitSuspended);

        await fixture.Cluster.Client.GetUnit(s.Root).SuspendAsync("inspection", "finding");
        await cache.InvalidateAsync(new Invalidation(InvalidationKind.Unit, s.Root));
        var after = await cache.GetSubjectAsync(s.User);
        await fixture.Cluster.Client.GetUnit(s.Root).ReinstateAsync("rectified");

        Assert.True(after!.UnitSuspended);
        Assert.Equal([s.Branch, s.Root], after.UnitPath);
    }

    [Fact]
    public async Task GetSubjectAsync_ReturnsNull_ForUnknownOrEmptyIds()
    {
        var cache = NewCache();
        cache.ApplyLease(new CacheLease(Lease, Reset: true), _time.GetTimestamp());

        Assert.Null(await cache.GetSubjectAsync($"nobody-{Guid.NewGuid():N}"));
        Assert.Null(await cache.GetSubjectAsync(""));
        Assert.Null(await cache.GetCustomerAsync(null));
    }

    private DecisionCache NewCache() => new(fixture.Cluster.Client, _time, NullLogger<DecisionCache>.Instance);
}
