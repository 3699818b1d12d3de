using Entitlements.Grains;
using Entitlements.Grains.Caching;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Entitlements.Grains.Tests;

/// <summary>Two in-process silos with memory storage, shared by every test of the "cluster" collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Short enough that the missed-notification test finishes quickly, long enough to survive a busy machine.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    public ClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(EntitlementsNames.Storage);
            silo.AddEntitlementsGrains(o =>
            {
                o.LeaseDuration = Lease;
                o.NotificationTimeout = TimeSpan.FromSeconds(2);
            });
        });
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The services of silo <paramref name="index"/> (0 or 1).</summary>
    public SiloView Silo(int index) => new(Cluster.Silos[index].ServiceProvider);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>What a test needs from one silo: its grain factory, its check service, its audit sink and cache.</summary>
public sealed class SiloView(IServiceProvider services)
{
    public IGrainFactory Grains { get; } = services.GetRequiredService<IGrainFactory>();

    public IAccessChecker Checker { get; } = services.GetRequiredService<IAccessChecker>();

    public InMemoryAuditSink Audit { get; } = services.GetRequiredService<InMemoryAuditSink>();

    internal DecisionCache Cache { get; } = services.GetRequiredService<DecisionCache>();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
