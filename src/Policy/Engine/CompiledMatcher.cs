using System.Collections.Concurrent;
using Entitlements.Policy.Expressions;
using Entitlements.Policy.Model;

namespace Entitlements.Policy.Engine;

/// <summary>One matcher compiled for a (request type, policy type) pair, with its rule-index plan.</summary>
internal sealed class CompiledMatcher
{
    public required string Text { get; init; }
    public required Func<EvalContext, object?> Evaluate { get; init; }
    public Func<EvalContext, bool>? EvaluateBool { get; init; }
    public required bool UsesEval { get; init; }

    /// <summary>Number of <c>eval(p_X)</c> sites whose compiled text a plan keeps per rule position.</summary>
    public int EvalSites { get; init; }
    public required bool ReferencesPolicy { get; init; }
    public required int RequestSize { get; init; }
    public required int RuleSize { get; init; }

    /// <summary>Position of <c>&lt;ptype&gt;_eft</c> in the rule, or -1 (then every matched rule allows).</summary>
    public required int EffectIndex { get; init; }

    /// <summary>Top-level conjuncts in evaluation order: the equality they offer for indexing and what they need to be error-free.</summary>
    public required IReadOnlyList<(int Request, int Rule)?> Pairs { get; init; }
    public required IReadOnlyList<int[]?> Preconditions { get; init; }
}

/// <summary>Effect expressions the reference accepts, matched byte for byte.</summary>
internal enum EffectKind
{
    AllowOverride,
    DenyOverride,
    AllowAndDeny,
    Priority,
    SubjectPriority,
    Unsupported,
}

/// <summary>
/// What a model compiles to: matchers compiled on first use and kept for every later snapshot
/// with the same model and functions.
/// </summary>
internal sealed class ModelRuntime(PolicyModel model, IReadOnlyDictionary<string, FunctionEntry> functions)
{
    private readonly ConcurrentDictionary<(string R, string P, string M), CompiledMatcher> _matchers = new();

    public PolicyModel Model { get; } = model;
    public IReadOnlyDictionary<string, FunctionEntry> Functions { get; } = functions;

    public ModelRuntime WithFunctions(IReadOnlyDictionary<string, FunctionEntry> functions) => new(Model, functions);

    public static EffectKind ParseEffect(string value) => value switch
    {
        "some(where (p_eft == allow))" => EffectKind.AllowOverride,
        "!some(where (p_eft == deny))" => EffectKind.DenyOverride,
        "some(where (p_eft == allow)) && !some(where (p_eft == deny))" => EffectKind.AllowAndDeny,
        "priority(p_eft) || deny" => EffectKind.Priority,
        "subjectPriority(p_eft) || deny" => EffectKind.SubjectPriority,
        _ => EffectKind.Unsupported,
    };

    public CompiledMatcher Matcher(string rType, string pType, string mKey)
    {
        // TryGetValue first: GetOrAdd with a capturing lambda would allocate on every decision.
        if (_matchers.TryGetValue((rType, pType, mKey), out var matcher))
        {
            return matcher;
        }

        return _matchers.GetOrAdd((rType, pType, mKey), key => Compile(key.R, key.P, Model.Get(key.M).Value));
    }

    /// <summary>A matcher given at call time (EnforceWithMatcher); escaped like a model matcher.</summary>
    public CompiledMatcher AdHoc(string rType, string pType, string matcherText) =>
        _matchers.TryGetValue((rType, pType, "\0" + matcherText), out var matcher) ? matcher : _matchers.GetOrAdd((rType, pType, "\0" + matcherText), key => Compile(key.R, key.P, PolicyModel.PrepareMatcher(matcherText)));

    private CompiledMatcher Compile(string rType, string pType, string text)
    {
        var r = Model.Get(rType);
        var p = Model.Find(pType);
        var ruleTokens = p?.Tokens ?? [];
        var compiler = new MatcherCompiler(r.Tokens, ruleTokens, Model.RoleTypes, Functions);
        var node = Parser.Parse(text);
        var evaluate = compiler.Compile(node);
        Func<EvalContext, bool>? evaluateBool = node is BinaryNode { Operator: "&&" or "||" or "==" or "!=" or "<" or "<=" or ">" or ">=" or "=~" or "!~" or "in" } or UnaryNode { Operator: "!" }
            ? compiler.CompileBool(node)
            : null;

        var conjuncts = new List<Node>();
        Flatten(node, conjuncts);
        var pairs = new List<(int, int)?>();
        var preconditions = new List<int[]?>();
        foreach (var c in conjuncts)
        {
            pairs.Add(compiler.EqualityPair(c));
            preconditions.Add(compiler.SafetyPrecondition(c)?.ToArray());
        }

        return new CompiledMatcher
        {
            Text = text,
            Evaluate = evaluate,
            EvaluateBool = evaluateBool,
            UsesEval = compiler.UsesEval,
            EvalSites = compiler.EvalSites,
            ReferencesPolicy = text.Contains(pType + "_", StringComparison.Ordinal),
            RequestSize = r.Tokens.Count,
            RuleSize = ruleTokens.Count,
            EffectIndex = p?.IndexOf("eft") ?? -1,
            Pairs = pairs,
            Preconditions = preconditions,
        };
    }

    private static void Flatten(Node node, List<Node> into)
    {
        if (node is BinaryNode { Operator: "&&" } and)
        {
            Flatten(and.Left, into);
            Flatten(and.Right, into);
        }
        else
        {
            into.Add(node);
        }
    }
}
