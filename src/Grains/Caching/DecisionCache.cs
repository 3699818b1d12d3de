using System.Collections.Concurrent;
using Entitlements.Policy.Regulation;

namespace Entitlements.Grains.Caching;

/// <summary>
/// One per silo: the facts a decision needs (subjects, customers, units) and the compiled policy, so a check
/// costs a few dictionary lookups and no grain call. Correct after every change, on every silo:
/// <list type="bullet">
/// <item>Writers persist, then publish an <see cref="Invalidation"/> through the <see cref="IInvalidationHubGrain"/>,
/// which returns only after this cache acknowledged (<see cref="InvalidateAsync"/>) or its lease ran out.</item>
/// <item>Entries are used only while the lease from the hub is valid; otherwise facts are read through the grains
/// and not stored. A renewal that answers <see cref="CacheLease.Reset"/> (missed notifications) empties the cache.</item>
/// <item>A fill that raced with an invalidation is not kept: every invalidation bumps an epoch first, and a fill
/// that sees a different epoch after storing removes what it stored.</item>
/// </list>
/// Facts derived from the unit tree (paths, suspension of an ancestor) are dropped on any unit change; unit
/// changes are rare, checks are not.
/// </summary>
internal sealed partial class DecisionCache(
    IGrainFactory grains,
    TimeProvider time,
    ILogger<DecisionCache> logger) : ICacheObserver
{
    private readonly ConcurrentDictionary<string, SubjectFacts> _subjects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CustomerFacts> _customers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UnitRecord> _units = new(StringComparer.Ordinal);
    private readonly Lock _policyLock = new();
    private RegulationPolicy? _policy;
    private RegulationPolicy? _lastCompiled;
    private long _epoch;
    private long _leaseEnd = long.MinValue;
    private int _registered;

    /// <summary>This cache's identity at the hub; new per process.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>True while the hub's lease lets this silo serve from memory.</summary>
    public bool HasLease => time.GetTimestamp() < Volatile.Read(ref _leaseEnd);

    /// <summary>Changes the hub told this cache about (for tests and metrics).</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    public Task InvalidateAsync(Invalidation invalidation)
    {
        Interlocked.Increment(ref _epoch);
        switch (invalidation.Kind)
        {
            case InvalidationKind.User:
                _subjects.TryRemove(invalidation.Id, out _);
                break;
            case InvalidationKind.Customer:
                _customers.TryRemove(invalidation.Id, out _);
                break;
            case InvalidationKind.Unit:
                _units.TryRemove(invalidation.Id, out _);
                _subjects.Clear();
                _customers.Clear();
                break;
            case InvalidationKind.Policy:
                Volatile.Write(ref _policy, null);
                break;
            default:
                Clear();
                break;
        }

        return Task.CompletedTask;
    }

    /// <summary>Applies a lease granted for a request sent at <paramref name="sentAt"/> (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public void ApplyLease(CacheLease lease, long sentAt)
    {
        if (lease.Reset)
        {
            // Expected on the first registration; afterwards it means this silo missed invalidations.
            if (Interlocked.Exchange(ref _registered, 1) == 1)
            {
                LogReset(logger, Id);
            }

            Clear();
        }

        Volatile.Write(ref _leaseEnd, sentAt + (long)(lease.Duration.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>Stops serving from memory (lease lost or silo stopping).</summary>
    public void RevokeLease()
    {
        Volatile.Write(ref _leaseEnd, long.MinValue);
        Clear();
    }

    public ValueTask<RegulationPolicy> GetPolicyAsync()
    {
        if (HasLease && Volatile.Read(ref _policy) is { } policy)
        {
            return ValueTask.FromResult(policy);
        }

        return LoadPolicyAsync();
    }

    public ValueTask<SubjectFacts?> GetSubjectAsync(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return ValueTask.FromResult<SubjectFacts?>(null);
        }

        if (HasLease && _subjects.TryGetValue(userId, out var facts))
        {
            return ValueTask.FromResult<SubjectFacts?>(facts);
        }

        return LoadSubjectAsync(userId);
    }

    public ValueTask<CustomerFacts?> GetCustomerAsync(string? customerId)
    {
        if (string.IsNullOrEmpty(customerId))
        {
            return ValueTask.FromResult<CustomerFacts?>(null);
        }

        if (HasLease && _customers.TryGetValue(customerId, out var facts))
        {
            return ValueTask.FromResult<CustomerFacts?>(facts);
        }

        return LoadCustomerAsync(customerId);
    }

    private async ValueTask<RegulationPolicy> LoadPolicyAsync()
    {
        var epoch = Epoch;
        var document = await grains.GetPolicy().GetAsync();
        RegulationPolicy policy;
        lock (_policyLock)
        {
            // Compiling is the expensive part; a read-through without a lease must not repeat it per check.
            policy = _lastCompiled is { } last && last.Version == document.Version
                ? last
                : Compile(document);
            _lastCompiled = policy;
        }

        Keep(ref _policy, policy, epoch);
        return policy;
    }

    private async ValueTask<SubjectFacts?> LoadSubjectAsync(string userId)
    {
        var epoch = Epoch;
        var user = await grains.GetUser(userId).GetAsync();
        if (user is null)
        {
            return null;
        }

        var (path, suspended) = await GetUnitPathAsync(user.Unit);
        var facts = new SubjectFacts(user.Id, user.Unit, path, user.Roles, user.Employment, user.NdaSigned,
            user.DesignatedVipViewer, user.Status, suspended);
        Keep(_subjects, userId, facts, epoch);
        return facts;
    }

    private async ValueTask<CustomerFacts?> LoadCustomerAsync(string customerId)
    {
        var epoch = Epoch;
        var customer = await grains.GetCustomer(customerId).GetAsync();
        if (customer is null)
        {
            return null;
        }

        var (path, _) = await GetUnitPathAsync(customer.Unit);
        var facts = new CustomerFacts(customer.Id, customer.Unit, path, customer.Vip, customer.Agent,
            customer.ServicePerson, customer.ServedBy, customer.Consents.ThirdPartySharing, customer.Consents.Change);
        Keep(_customers, customerId, facts, epoch);
        return facts;
    }

    /// <summary>The unit and its ancestors up to the root, and whether any of them is suspended.</summary>
    private async ValueTask<(IReadOnlyList<string> Path, bool Suspended)> GetUnitPathAsync(string unitId)
    {
        var path = new List<string>(4);
        var suspended = false;
        for (var cursor = unitId; cursor is not null && path.Count < Directory.UnitGrain.MaxDepth;)
        {
            if (path.Contains(cursor, StringComparer.Ordinal))
            {
                break;
            }

            path.Add(cursor);
            var unit = await GetUnitAsync(cursor);
            if (unit is null)
            {
                break;
            }

            suspended |= unit.Suspended;
            cursor = unit.Parent;
        }

        return (path, suspended);
    }

    private async ValueTask<UnitRecord?> GetUnitAsync(string unitId)
    {
        if (HasLease && _units.TryGetValue(unitId, out var cached))
        {
            return cached;
        }

        var epoch = Epoch;
        var unit = await grains.GetUnit(unitId).GetAsync();
        if (unit is not null)
        {
            Keep(_units, unitId, unit, epoch);
        }

        return unit;
    }

    private void Keep<T>(ConcurrentDictionary<string, T> map, string key, T value, long epoch)
        where T : class
    {
        if (!HasLease)
        {
            return;
        }

        map[key] = value;
        if (Epoch != epoch)
        {
            // An invalidation overlapped the fill: what was read may be what it replaced.
            map.TryRemove(KeyValuePair.Create(key, value));
        }
    }

    private void Keep(ref RegulationPolicy? slot, RegulationPolicy value, long epoch)
    {
        if (!HasLease)
        {
            return;
        }

        Volatile.Write(ref slot, value);
        if (Epoch != epoch)
        {
            Interlocked.CompareExchange(ref slot, null, value);
        }
    }

    private void Clear()
    {
        Interlocked.Increment(ref _epoch);
        _subjects.Clear();
        _customers.Clear();
        _units.Clear();
        Volatile.Write(ref _policy, null);
    }

    // The stored document passed RegulationPolicy.Load when it was PUT; Restore keeps one stored by an earlier release deciding.
    private static RegulationPolicy Compile(PolicyDocument document) =>
        RegulationPolicy.Restore(document.Model, document.Policy, PolicyConversions.ToFieldSpecs(document.Fields), document.Version);
}
