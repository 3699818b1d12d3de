using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Entitlements.Silo.Health;

/// <summary>Ready only once this silo is an Active member of its cluster.</summary>
internal sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {local.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {local.SiloAddress} is {status}"));
    }
}
