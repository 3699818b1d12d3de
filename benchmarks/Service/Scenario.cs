using Entitlements.Grains.Interfaces;

namespace Entitlements.Benchmarks.Service;

/// <summary>The benchmarked check: a serving sales agent views five fields of a customer of the agent's own unit
/// (two level-1 masked, one level-2 served, one level-3, and ID masked) — the common case on the MSS screen.</summary>
internal static class Scenario
{
    public static async Task<AccessCheckRequest> SeedAsync(IGrainFactory grains)
    {
        await grains.GetUnit("bench-hq").PutAsync(new UnitDefinition("Head office", null, UnitKinds.Hq, null, null, []));
        await grains.GetUnit("bench-branch").PutAsync(new UnitDefinition("Branch", "bench-hq", UnitKinds.Branch, null, null, []));
        await grains.GetUser("bench-agent").PutAsync(new UserDefinition("bench-branch", ["agent"], Employments.Staff, true, false));
        await grains.GetCustomer("bench-customer").PutAsync(new CustomerDefinition(
            "bench-branch", false, "bench-agent", null, [], new CustomerConsents(false, false)));
        return new AccessCheckRequest("bench-agent", "bench-customer", AccessActions.View, ["name", "mobile", "idNumber", "health", "gender"], "mss");
    }

    /// <summary>The timed answer must be the real one: every field allowed, level-1 fields masked.</summary>
    public static void AssertExpected(AccessCheckResponse response)
    {
        if (response.Fields.Count != 5 || response.Decision != Decisions.Allow || response.Fields.Any(f => f.Effect != Decisions.Allow))
        {
            throw new InvalidOperationException($"unexpected benchmark decision: {response}");
        }
    }
}

/// <summary>Counts audit records instead of keeping them.</summary>
internal sealed class CountingAuditSink : IAuditSink
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _count, records.Count);
        return ValueTask.CompletedTask;
    }
}
