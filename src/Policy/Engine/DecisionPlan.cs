using Entitlements.Policy.Expressions;

namespace Entitlements.Policy.Engine;

/// <summary>
/// Everything a decision needs for one context of one snapshot, resolved once: the effect, the compiled
/// matcher, the rules and whether the rule index may be used, and the per-rule compiled <c>eval()</c> texts.
/// </summary>
internal sealed class DecisionPlan
{
    /// <summary>Rule count from which candidate rules come from a column index instead of a scan.</summary>
    public const int IndexThreshold = 4;

    private DecisionPlan(string pType, EffectKind effect, CompiledMatcher matcher, RuleSet rules, bool cacheEval)
    {
        PType = pType;
        Effect = effect;
        Matcher = matcher;
        Rules = rules;
        Indexed = rules.Count >= IndexThreshold && matcher.ReferencesPolicy && rules.AllOfSize(matcher.RuleSize);
        var sites = cacheEval && rules.Count > 0 ? matcher.EvalSites : 0;
        EvalSlots = new Delegate?[sites][];
        for (var i = 0; i < sites; i++)
        {
            EvalSlots[i] = new Delegate?[rules.Count];
        }
    }

    public string PType { get; }
    public EffectKind Effect { get; }
    public CompiledMatcher Matcher { get; }
    public RuleSet Rules { get; }

    /// <summary>True when candidates may come from the rule index (enough rules, all of the matcher's size).</summary>
    public bool Indexed { get; }

    /// <summary>Per eval site of the matcher, the compiled text of each rule (filled on first use; benign races).</summary>
    public Delegate?[][] EvalSlots { get; }

    /// <summary>
    /// Resolves a context against a snapshot, failing as a decision would: a missing effect, an unsupported
    /// effect, a missing request definition, then a missing matcher. An ad-hoc matcher keeps no eval slots.
    /// </summary>
    public static DecisionPlan Build(Snapshot s, EnforceContext context, string? adHocMatcher)
    {
        var model = s.Model;
        var effectDef = model.Find(context.EType) ?? throw new PolicyException($"model has no effect definition \"{context.EType}\"");
        var effect = ModelRuntime.ParseEffect(effectDef.Value);
        if (effect == EffectKind.Unsupported)
        {
            throw new EvaluationException($"unsupported effect: {effectDef.Value}");
        }

        if (model.Find(context.RType) is null)
        {
            throw new PolicyException($"model has no request definition \"{context.RType}\"");
        }

        var matcher = adHocMatcher is null
            ? (model.Find(context.MType) is null
                ? throw new PolicyException($"model has no matcher \"{context.MType}\"")
                : s.Runtime.Matcher(context.RType, context.PType, context.MType))
            : s.Runtime.AdHoc(context.RType, context.PType, adHocMatcher);
        return new DecisionPlan(context.PType, effect, matcher, s.RulesOf(context.PType), cacheEval: adHocMatcher is null);
    }
}
