using System.Collections.Immutable;
using Entitlements.Policy.Model;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Engine;

/// <summary>
/// Everything a decision reads: model, compiled matchers, rules, role managers, switches. Never
/// mutated after publication; a change builds the next snapshot with <see cref="SnapshotBuilder"/>.
/// </summary>
internal sealed class Snapshot
{
    public required ModelRuntime Runtime { get; init; }
    public required ImmutableDictionary<string, RuleSet> Rules { get; init; }

    /// <summary>Aligned with <c>Model.RoleTypes</c>.</summary>
    public required IRoleManager?[] RoleManagers { get; init; }

    /// <summary>
    /// Memo of g() results per role definition, valid as long as the role managers are (it is carried to the next
    /// snapshot only when no role manager changed); null for conditional (time-dependent) role definitions.
    /// </summary>
    public GMemo?[] Memos { get; init; } = [];
    public bool Enabled { get; init; } = true;
    public bool AcceptJsonRequest { get; init; }
    public bool AutoBuildRoleLinks { get; init; } = true;
    public ImmutableDictionary<(string PType, string Name), int> FieldIndexes { get; init; } = ImmutableDictionary<(string, string), int>.Empty;

    /// <summary>Domain matching functions installed per role definition (used by domain-aware RBAC queries).</summary>
    public ImmutableDictionary<string, MatchingFunction> DomainMatchers { get; init; } = ImmutableDictionary<string, MatchingFunction>.Empty;

    public PolicyModel Model => Runtime.Model;

    private DecisionPlan? _defaultPlan;
    private System.Collections.Concurrent.ConcurrentDictionary<EnforceContext, DecisionPlan>? _plans;

    /// <summary>The resolved plan of a context (built on first use, kept for the snapshot's lifetime).</summary>
    public DecisionPlan Plan(EnforceContext context)
    {
        if (ReferenceEquals(context, EnforceContext.Default))
        {
            return Volatile.Read(ref _defaultPlan) ?? DefaultPlan();
        }

        var plans = Volatile.Read(ref _plans);
        if (plans is not null && plans.TryGetValue(context, out var plan))
        {
            return plan;
        }

        if (context.Equals(EnforceContext.Default))
        {
            return Volatile.Read(ref _defaultPlan) ?? DefaultPlan();
        }

        plan = DecisionPlan.Build(this, context, null);
        plans ??= Interlocked.CompareExchange(ref _plans, new(), null) ?? _plans!;
        if (plans.Count < 64)
        {
            plans.TryAdd(context, plan);
        }

        return plan;
    }

    private DecisionPlan DefaultPlan()
    {
        var plan = DecisionPlan.Build(this, EnforceContext.Default, null);
        return Interlocked.CompareExchange(ref _defaultPlan, plan, null) ?? plan;
    }

    public RuleSet RulesOf(string ptype) => Rules.GetValueOrDefault(ptype) ?? RuleSet.Empty;

    public int RoleIndex(string ptype)
    {
        var types = Model.RoleTypes;
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] == ptype)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Field index of a named token (<c>sub</c>, <c>priority</c>, ...): explicit override first, else the token name.</summary>
    public int FieldIndex(string ptype, string name)
    {
        if (FieldIndexes.TryGetValue((ptype, name), out var i))
        {
            return i;
        }

        return Model.Find(ptype)?.IndexOf(name) ?? -1;
    }
}

/// <summary>Copy-on-write staging of the next snapshot. Discarding it leaves the published snapshot untouched.</summary>
internal sealed class SnapshotBuilder(Snapshot current)
{
    private readonly Dictionary<string, List<string[]>> _rules = new(StringComparer.Ordinal);
    private IRoleManager?[]? _roleManagers;
    private bool[]? _copied;

    public Snapshot Base { get; } = current;
    public ModelRuntime Runtime { get; set; } = current.Runtime;
    public bool Enabled { get; set; } = current.Enabled;
    public bool AcceptJsonRequest { get; set; } = current.AcceptJsonRequest;
    public bool AutoBuildRoleLinks { get; set; } = current.AutoBuildRoleLinks;
    public ImmutableDictionary<(string PType, string Name), int> FieldIndexes { get; set; } = current.FieldIndexes;
    public ImmutableDictionary<string, MatchingFunction> DomainMatchers { get; set; } = current.DomainMatchers;
    public bool RulesReplaced { get; private set; }

    public PolicyModel Model => Runtime.Model;

    /// <summary>Read view of a policy type's rules (staged if touched).</summary>
    public IReadOnlyList<string[]> Read(string ptype) =>
        _rules.TryGetValue(ptype, out var list) ? list : Base.RulesOf(ptype).Rows;

    /// <summary>Mutable staged copy of a policy type's rules.</summary>
    public List<string[]> Write(string ptype)
    {
        if (!_rules.TryGetValue(ptype, out var list))
        {
            _rules[ptype] = list = [.. (RulesReplaced ? [] : Base.RulesOf(ptype).Rows)];
        }

        return list;
    }

    /// <summary>Drops every rule of every type (the staged rule set starts empty).</summary>
    public void ClearRules()
    {
        _rules.Clear();
        RulesReplaced = true;
        foreach (var key in Model.PolicyTypes.Concat(Model.RoleTypes))
        {
            _rules[key] = [];
        }
    }

    public IEnumerable<string> PolicyTypes(string section) => section == "g" ? Model.RoleTypes : Model.PolicyTypes;

    private IRoleManager?[] RoleManagerArray()
    {
        if (_roleManagers is null)
        {
            _roleManagers = [.. Base.RoleManagers];
            _copied = new bool[_roleManagers.Length];
        }

        return _roleManagers;
    }

    /// <summary>A private copy of the role manager of <paramref name="index"/> to mutate.</summary>
    public IRoleManager RoleManager(int index)
    {
        var array = RoleManagerArray();
        if (!_copied![index])
        {
            array[index] = array[index] is { } rm ? RoleManagers.Clone(rm) : RoleManagers.Create();
            _copied[index] = true;
        }

        return array[index]!;
    }

    /// <summary>Installs a fresh role manager (not copied from the current one).</summary>
    public void ReplaceRoleManager(int index, IRoleManager rm)
    {
        var array = RoleManagerArray();
        array[index] = rm;
        _copied![index] = true;
    }

    public IRoleManager? PeekRoleManager(int index) => (_roleManagers ?? Base.RoleManagers)[index];

    public Snapshot Build()
    {
        var rules = Base.Rules;
        if (RulesReplaced)
        {
            rules = ImmutableDictionary<string, RuleSet>.Empty.WithComparers(StringComparer.Ordinal);
        }

        foreach (var (ptype, list) in _rules)
        {
            rules = rules.SetItem(ptype, new RuleSet([.. list]));
        }

        return new Snapshot
        {
            Runtime = Runtime,
            Rules = rules,
            RoleManagers = _roleManagers ?? Base.RoleManagers,
            Memos = _roleManagers is null && Base.Memos.Length == Base.RoleManagers.Length ? Base.Memos : GMemo.For(Runtime.Model),
            Enabled = Enabled,
            AcceptJsonRequest = AcceptJsonRequest,
            AutoBuildRoleLinks = AutoBuildRoleLinks,
            FieldIndexes = FieldIndexes,
            DomainMatchers = DomainMatchers,
        };
    }
}

/// <summary>A bounded, thread-safe memo of HasLink results for one role manager state.</summary>
internal sealed class GMemo
{
    private const int Capacity = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string), bool> _results = new();

    public static GMemo?[] For(PolicyModel model) =>
        [.. model.RoleTypes.Select(t => model.Get(t).ParameterCount > 0 ? null : new GMemo())];

    public bool HasLink(IRoleManager rm, string user, string role, string domain)
    {
        if (_results.TryGetValue((user, role, domain), out var known))
        {
            return known;
        }

        var result = rm.HasLink(user, role, domain);
        if (_results.Count >= Capacity)
        {
            _results.Clear();
        }

        _results[(user, role, domain)] = result;
        return result;
    }
}
