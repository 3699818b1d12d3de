using System.Collections.Immutable;
using System.Text.Json;
using Entitlements.Policy.Engine;
using Entitlements.Policy.Expressions;
using Entitlements.Policy.Functions;
using Entitlements.Policy.Model;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy;

/// <summary>Selects the request, policy, effect and matcher definitions of a call (<c>r2</c>, <c>p2</c>, <c>e2</c>, <c>m2</c>).</summary>
public sealed record EnforceContext(string RType = "r", string PType = "p", string EType = "e", string MType = "m")
{
    /// <summary>The default context: r, p, e, m.</summary>
    public static readonly EnforceContext Default = new();

    /// <summary><c>New("2")</c> is r2, p2, e2, m2.</summary>
    public static EnforceContext New(string suffix) => new("r" + suffix, "p" + suffix, "e" + suffix, "m" + suffix);
}

/// <summary>
/// A decision and its explanation: <see cref="Rule"/> is the rule that decided it (its fields
/// without the ptype) or empty when no single rule decided.
/// </summary>
public readonly record struct Decision(bool Allowed, IReadOnlyList<string> Rule, string PolicyType, int RuleIndex)
{
    /// <summary>True when a rule decided the outcome.</summary>
    public bool HasRule => Rule.Count > 0;
}

/// <summary>
/// A Casbin-compatible enforcer. Decisions read an immutable snapshot (model, rules, indexes, role
/// managers); every change builds the next snapshot and publishes it atomically, so decisions may
/// run on many threads while changes are made.
/// </summary>
public sealed partial class Enforcer
{
    private readonly Lock _writeLock = new();
    private Snapshot _snapshot;
    private string? _policyText;
    private string? _policyPath;
    private string? _policyName;
    private ImmutableDictionary<string, FunctionEntry> _functions;

    [ThreadStatic]
    private static EvalContext? _threadContext;

    /// <summary>Creates an enforcer from model text and optional policy CSV text.</summary>
    public Enforcer(string modelText, string? policyText = null)
        : this(PolicyModel.Parse(modelText), policyText)
    {
    }

    /// <summary>Creates an enforcer from a parsed model and optional policy CSV text.</summary>
    public Enforcer(PolicyModel model, string? policyText = null, string? policySourceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _functions = Builtins.Table;
        var runtime = new ModelRuntime(model, _functions);
        _snapshot = EmptySnapshot(runtime);
        _policyText = policyText;
        _policyName = policySourceName;
        if (policyText is not null)
        {
            LoadPolicy();
        }
    }

    /// <summary>Same as the constructor.</summary>
    public static Enforcer FromText(string modelText, string? policyText = null) => new(modelText, policyText);

    /// <summary>Reads a model file and an optional policy file; <see cref="LoadPolicy"/> re-reads the policy file.</summary>
    public static Enforcer FromFiles(string modelPath, string? policyPath = null)
    {
        var model = PolicyModel.Load(modelPath);
        var enforcer = new Enforcer(model);
        if (policyPath is not null)
        {
            enforcer.SetPolicyFile(policyPath);
            enforcer.LoadPolicy();
        }

        return enforcer;
    }

    private static string ReadPolicyFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyParseException($"cannot read the policy: {ex.Message}", null, path);
        }
    }

    private static Snapshot EmptySnapshot(ModelRuntime runtime) => new()
    {
        Runtime = runtime,
        Rules = ImmutableDictionary<string, RuleSet>.Empty.WithComparers(StringComparer.Ordinal),
        RoleManagers = NewRoleManagers(runtime.Model),
        Memos = GMemo.For(runtime.Model),
        DomainMatchers = AutoDomainMatchers(runtime.Model),
    };

    private static ImmutableDictionary<string, MatchingFunction> AutoDomainMatchers(PolicyModel model) =>
        UsesAutoKeyMatch(model)
            ? model.RoleTypes.Where(t => model.Get(t).Arity >= 3).ToImmutableDictionary(t => t, _ => (MatchingFunction)BuiltinFunctions.KeyMatch)
            : ImmutableDictionary<string, MatchingFunction>.Empty;

    private static bool UsesAutoKeyMatch(PolicyModel model)
    {
        var r = model.Find("r");
        var p = model.Find("p");
        var m = model.Find("m");
        return r is { Tokens.Count: >= 2 } && p is { Tokens.Count: >= 2 } && m is not null
            && m.Value.Contains($"keyMatch({r.Tokens[1]}, {p.Tokens[1]})", StringComparison.Ordinal);
    }

    /// <summary>The model in use.</summary>
    public PolicyModel Model => Volatile.Read(ref _snapshot).Model;

    internal Snapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Applies a change to a staged copy and publishes it; an exception publishes nothing.</summary>
    private T Mutate<T>(Func<SnapshotBuilder, T> change)
    {
        lock (_writeLock)
        {
            var builder = new SnapshotBuilder(_snapshot);
            var result = change(builder);
            Volatile.Write(ref _snapshot, builder.Build());
            return result;
        }
    }

    private void Mutate(Action<SnapshotBuilder> change) => Mutate<bool>(b =>
    {
        change(b);
        return true;
    });

    // ------------------------------------------------------------------ switches

    /// <summary>When disabled every Enforce returns true.</summary>
    public void EnableEnforce(bool enabled) => Mutate(b => b.Enabled = enabled);

    /// <summary>When enabled, string request values starting with <c>{</c> or <c>[</c> are parsed as JSON.</summary>
    public void EnableAcceptJsonRequest(bool enabled) => Mutate(b => b.AcceptJsonRequest = enabled);

    /// <summary>When disabled, grouping changes do not update the role managers until <see cref="BuildRoleLinks"/>.</summary>
    public void EnableAutoBuildRoleLinks(bool enabled) => Mutate(b => b.AutoBuildRoleLinks = enabled);

    /// <summary>Registers a host function callable from matchers (replaces one of the same name).</summary>
    public void AddFunction(string name, MatcherFunction function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        lock (_writeLock)
        {
            _functions = _functions.SetItem(name, new FunctionEntry(function));
            var functions = _functions;
            Mutate(b => b.Runtime = b.Runtime.WithFunctions(functions));
        }
    }

    // ------------------------------------------------------------------ enforcement

    /// <summary>Decides a request (values in the order of the <c>r</c> definition). A leading <see cref="EnforceContext"/> selects other sections.</summary>
    public bool Enforce(params ReadOnlySpan<object?> request)
    {
        if (request.Length > 0 && request[0] is EnforceContext context)
        {
            return Decide(Current, context, request[1..], null).Allowed;
        }

        return Decide(Current, EnforceContext.Default, request, null).Allowed;
    }

    /// <summary>Decides a request against the sections named by <paramref name="context"/>.</summary>
    public bool Enforce(EnforceContext context, params ReadOnlySpan<object?> request) =>
        Decide(Current, context, request, null).Allowed;

    /// <summary>Decides a request and returns the deciding rule.</summary>
    public Decision EnforceEx(params ReadOnlySpan<object?> request)
    {
        if (request.Length > 0 && request[0] is EnforceContext context)
        {
            return Decide(Current, context, request[1..], null);
        }

        return Decide(Current, EnforceContext.Default, request, null);
    }

    /// <summary>Decides a request against the sections named by <paramref name="context"/> and returns the deciding rule.</summary>
    public Decision EnforceEx(EnforceContext context, params ReadOnlySpan<object?> request) =>
        Decide(Current, context, request, null);

    /// <summary>Decides with a matcher given now instead of the model's (an empty matcher uses the model's).</summary>
    public bool EnforceWithMatcher(string matcher, params ReadOnlySpan<object?> request) =>
        EnforceExWithMatcher(matcher, request).Allowed;

    /// <summary>Decides with a matcher given now and returns the deciding rule.</summary>
    public Decision EnforceExWithMatcher(string matcher, params ReadOnlySpan<object?> request)
    {
        if (request.Length > 0 && request[0] is EnforceContext context)
        {
            return Decide(Current, context, request[1..], string.IsNullOrEmpty(matcher) ? null : matcher);
        }

        return Decide(Current, EnforceContext.Default, request, string.IsNullOrEmpty(matcher) ? null : matcher);
    }

    /// <summary>Decides many requests against one snapshot.</summary>
    public IReadOnlyList<bool> BatchEnforce(IEnumerable<object?[]> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var snapshot = Current;
        return [.. requests.Select(r => Decide(snapshot, EnforceContext.Default, r, null).Allowed)];
    }

    /// <summary>
    /// Decides one request per value of <paramref name="values"/>, each placed at <paramref name="position"/> of
    /// <paramref name="request"/> (the other values stay as given), against one snapshot. The decisions are those
    /// <see cref="EnforceEx(ReadOnlySpan{object?})"/> would give one by one; a rule whose match did not read that
    /// position is evaluated once and its outcome reused for the remaining values.
    /// </summary>
    public void EnforceExEach(ReadOnlySpan<object?> request, int position, ReadOnlySpan<object?> values, Span<Decision> results) =>
        EnforceExEach(EnforceContext.Default, request, position, values, results);

    /// <summary><see cref="EnforceExEach(ReadOnlySpan{object?}, int, ReadOnlySpan{object?}, Span{Decision})"/> against the sections named by <paramref name="context"/>.</summary>
    public void EnforceExEach(EnforceContext context, ReadOnlySpan<object?> request, int position, ReadOnlySpan<object?> values, Span<Decision> results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, request.Length);
        if (results.Length < values.Length)
        {
            throw new ArgumentException($"results holds {results.Length} decisions, but {values.Length} values were given", nameof(results));
        }

        var s = Current;
        if (!s.Enabled)
        {
            results[..values.Length].Fill(new Decision(true, NoRule, context.PType, -1));
            return;
        }

        var plan = s.Plan(context);
        var memo = plan.Rules.Count <= 512 ? stackalloc sbyte[plan.Rules.Count] : new sbyte[plan.Rules.Count];
        var ctx = Enter(s, plan, request);
        try
        {
            memo.Clear();
            var varying = EvalContext.ReadBit(position);
            for (var j = 0; j < values.Length; j++)
            {
                ctx.Request[position] = Normalize(s, values[j]);
                var (allowed, index) = Evaluate(plan, ctx, memo, varying);
                results[j] = new Decision(allowed, index >= 0 ? plan.Rules.Rows[index] : NoRule, plan.PType, index);
            }
        }
        finally
        {
            Leave(ctx);
        }
    }

    private static readonly string[] NoRule = [];

    private static Decision Decide(Snapshot s, EnforceContext context, ReadOnlySpan<object?> request, string? adHocMatcher)
    {
        if (!s.Enabled)
        {
            return new Decision(true, NoRule, context.PType, -1);
        }

        var plan = adHocMatcher is null ? s.Plan(context) : DecisionPlan.Build(s, context, adHocMatcher);
        var ctx = Enter(s, plan, request);
        try
        {
            var (allowed, index) = Evaluate(plan, ctx, [], 0);
            return new Decision(allowed, index >= 0 ? plan.Rules.Rows[index] : NoRule, plan.PType, index);
        }
        finally
        {
            Leave(ctx);
        }
    }

    /// <summary>Checks the request size and takes this thread's evaluation context, loaded with the normalized request.</summary>
    private static EvalContext Enter(Snapshot s, DecisionPlan plan, ReadOnlySpan<object?> request)
    {
        if (request.Length != plan.Matcher.RequestSize)
        {
            throw new EvaluationException($"invalid request size: expected {plan.Matcher.RequestSize}, got {request.Length}");
        }

        var ctx = _threadContext;
        if (ctx is null || ctx.InUse)
        {
            ctx = new EvalContext();
            _threadContext ??= ctx;
        }

        ctx.InUse = true;
        var buffer = ctx.Request.Length == request.Length ? ctx.Request : new object?[request.Length];
        ctx.Request = buffer;
        try
        {
            for (var i = 0; i < request.Length; i++)
            {
                buffer[i] = Normalize(s, request[i]);
            }
        }
        catch
        {
            Leave(ctx);
            throw;
        }

        ctx.RoleManagers = s.RoleManagers;
        ctx.Memos = s.Memos;
        ctx.EvalSlots = plan.EvalSlots;
        return ctx;
    }

    private static void Leave(EvalContext ctx)
    {
        Array.Clear(ctx.Request);
        ctx.Rule = NoRule;
        ctx.RuleIndex = -1;
        ctx.EvalSlots = null;
        ctx.RoleManagers = [];
        ctx.Memos = [];
        ctx.InUse = false;
    }

    /// <summary>A request value as matchers see it: numbers as doubles, and JSON text parsed when the snapshot accepts it.</summary>
    private static object? Normalize(Snapshot s, object? value)
    {
        if (value is string text)
        {
            return s.AcceptJsonRequest && text.Length > 0 && text[0] is '{' or '[' ? ParseJson(text) : text;
        }

        return value is null ? null : Values.Normalize(value);
    }

    private static object? ParseJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return Values.FromJson(doc.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new EvaluationException($"failed to parse JSON parameter: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The deciding rule of the loaded request. With a non-empty <paramref name="memo"/> (one entry per rule), a
    /// rule's match that read none of the request positions in <paramref name="varying"/> is remembered there
    /// (1 matched, -1 did not) and reused while only those positions change.
    /// </summary>
    private static (bool Allowed, int Index) Evaluate(DecisionPlan plan, EvalContext ctx, Span<sbyte> memo, ulong varying)
    {
        var rules = plan.Rules;
        var matcher = plan.Matcher;
        var effect = plan.Effect;
        if (rules.Count == 0 || !matcher.ReferencesPolicy)
        {
            if (matcher.UsesEval && rules.Count == 0)
            {
                throw new EvaluationException("please make sure rule exists in policy when using eval() in matcher");
            }

            ctx.Rule = EmptyRule(matcher.RuleSize);
            var matched = IsMatch(matcher, ctx);
            return effect switch
            {
                EffectKind.DenyOverride => (true, -1),
                _ => (matched, -1),
            };
        }

        var candidates = plan.Indexed ? Candidates(matcher, rules, ctx.Request) : null;
        var eft = matcher.EffectIndex;
        var rows = rules.Rows;
        var count = candidates?.Length ?? rows.Length;
        var firstAllow = -1;
        for (var k = 0; k < count; k++)
        {
            var i = candidates is null ? k : candidates[k];
            var row = rows[i];
            if (row.Length != matcher.RuleSize)
            {
                throw new EvaluationException($"invalid policy size: expected {matcher.RuleSize}, got {row.Length}, pvals: [{string.Join(' ', row)}]");
            }

            if (!Matches(matcher, ctx, row, i, memo, varying))
            {
                continue;
            }

            var ruleEffect = eft < 0 ? 1 : row[eft] switch
            {
                "allow" => 1,
                "deny" => -1,
                _ => 0,
            };
            switch (effect)
            {
                case EffectKind.AllowOverride when ruleEffect == 1:
                    return (true, i);
                case EffectKind.DenyOverride when ruleEffect == -1:
                case EffectKind.AllowAndDeny when ruleEffect == -1:
                    return (false, i);
                case EffectKind.AllowAndDeny when ruleEffect == 1 && firstAllow < 0:
                    firstAllow = i;
                    break;
                case EffectKind.Priority or EffectKind.SubjectPriority when ruleEffect != 0:
                    return (ruleEffect == 1, i);
            }
        }

        return effect switch
        {
            EffectKind.DenyOverride => (true, -1),
            EffectKind.AllowAndDeny when firstAllow >= 0 => (true, firstAllow),
            _ => (false, -1),
        };
    }

    private static readonly string[][] EmptyRules = [.. Enumerable.Range(0, 16).Select(n => Enumerable.Repeat("", n).ToArray())];

    private static string[] EmptyRule(int size) => size < EmptyRules.Length ? EmptyRules[size] : [.. Enumerable.Repeat("", size)];

    private static bool Matches(CompiledMatcher matcher, EvalContext ctx, string[] row, int i, Span<sbyte> memo, ulong varying)
    {
        if (memo.IsEmpty)
        {
            ctx.Rule = row;
            ctx.RuleIndex = i;
            return IsMatch(matcher, ctx);
        }

        if (memo[i] != 0)
        {
            return memo[i] > 0;
        }

        ctx.Rule = row;
        ctx.RuleIndex = i;
        ctx.Reads = 0;
        var matched = IsMatch(matcher, ctx);
        if ((ctx.Reads & varying) == 0)
        {
            memo[i] = matched ? (sbyte)1 : (sbyte)-1;
        }

        return matched;
    }

    private static bool IsMatch(CompiledMatcher matcher, EvalContext ctx)
    {
        if (matcher.EvaluateBool is { } b)
        {
            return b(ctx);
        }

        return matcher.Evaluate(ctx) switch
        {
            bool value => value,
            double d => d != 0,
            var other when Values.IsNumber(other) => Values.ToDouble(other!) != 0,
            _ => throw new EvaluationException("matcher result should be bool, int or float"),
        };
    }

    /// <summary>
    /// The positions of the rules that can match, from the most selective usable equality conjunct,
    /// or null to scan. A conjunct is usable only when every conjunct before it cannot fail.
    /// </summary>
    private static int[]? Candidates(CompiledMatcher matcher, RuleSet rules, object?[] request)
    {
        int[]? best = null;
        for (var k = 0; k < matcher.Pairs.Count; k++)
        {
            if (matcher.Pairs[k] is { } pair && request[pair.Request] is string value)
            {
                var positions = rules.Lookup(pair.Rule, value);
                if (best is null || positions.Length < best.Length)
                {
                    best = positions;
                    if (best.Length == 0)
                    {
                        return best;
                    }
                }
            }

            var needs = matcher.Preconditions[k];
            if (needs is null)
            {
                break;
            }

            foreach (var i in needs)
            {
                if (request[i] is not string)
                {
                    return best;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Fresh role managers for a model. When matcher <c>m</c> contains <c>keyMatch(r_X, p_Y)</c> with X and Y the second
    /// request and policy tokens, keyMatch becomes the domain matching function of every domain role definition (reference behaviour).
    /// </summary>
    private static IRoleManager?[] NewRoleManagers(PolicyModel model)
    {
        var managers = model.RoleTypes.Select(_ => RoleManagers.Create()).ToArray<IRoleManager?>();
        if (UsesAutoKeyMatch(model))
        {
            for (var i = 0; i < managers.Length; i++)
            {
                if (model.Get(model.RoleTypes[i]).Arity >= 3)
                {
                    managers[i]!.AddDomainMatchingFunction("keyMatch", BuiltinFunctions.KeyMatch);
                }
            }
        }

        return managers;
    }
}
