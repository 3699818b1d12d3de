using System.Globalization;
using System.Text.RegularExpressions;

namespace Entitlements.Policy.Model.Constraints;

/// <summary>
/// The <c>[constraint_definition]</c> section: <c>sod</c>, <c>sodMax</c>, <c>roleMax</c>, <c>rolePre</c>
/// checked against the direct assignments of <c>g</c> (user, role).
/// </summary>
internal sealed partial class ConstraintSet
{
    private readonly List<(string Key, Func<IReadOnlyList<string[]>, bool> Holds)> _rules = [];

    [GeneratedRegex("^\\s*(\\w+)\\s*\\((.*)\\)\\s*$", RegexOptions.Singleline)]
    private static partial Regex CallPattern();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedPattern();

    public static ConstraintSet Parse(PolicyModel model, string? source)
    {
        var set = new ConstraintSet();
        foreach (var key in model.ConstraintTypes)
        {
            var def = model.Get(key);
            var m = CallPattern().Match(def.Value);
            if (!m.Success)
            {
                throw new ModelParseException($"constraint parsing error: \"{def.Value}\" is not a constraint call", def.Line, source);
            }

            var args = m.Groups[2].Value;
            var names = QuotedPattern().Matches(args).Select(x => x.Groups[1].Value).ToList();
            var lastComma = args.LastIndexOf(',');
            int Number() =>
                lastComma >= 0 && int.TryParse(args[(lastComma + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new ModelParseException($"constraint parsing error: \"{def.Value}\" needs a number", def.Line, source);
            Func<IReadOnlyList<string[]>, bool> holds = m.Groups[1].Value switch
            {
                "sod" when names.Count == 2 => g => !Users(g).Any(u => Has(g, u, names[0]) && Has(g, u, names[1])),
                "sodMax" when names.Count >= 1 => SodMax(names, Number()),
                "roleMax" when names.Count == 1 => RoleMax(names[0], Number()),
                "rolePre" when names.Count == 2 => g => Users(g).All(u => !Has(g, u, names[0]) || Has(g, u, names[1])),
                _ => throw new ModelParseException($"constraint parsing error: \"{def.Value}\" is not sod, sodMax, roleMax or rolePre with valid arguments", def.Line, source),
            };
            set._rules.Add((key, holds));
        }

        return set;
    }

    private static Func<IReadOnlyList<string[]>, bool> SodMax(List<string> roles, int max) =>
        g => Users(g).All(u => roles.Count(r => Has(g, u, r)) <= max);

    private static Func<IReadOnlyList<string[]>, bool> RoleMax(string role, int max) =>
        g => Users(g).Count(u => Has(g, u, role)) <= max;

    private static IEnumerable<string> Users(IReadOnlyList<string[]> g) => g.Select(r => r[0]).Distinct(StringComparer.Ordinal);

    private static bool Has(IReadOnlyList<string[]> g, string user, string role) =>
        g.Any(r => r.Length >= 2 && r[0] == user && r[1] == role);

    /// <summary>Throws <see cref="PolicyException"/> ("constraint violation") when a rule does not hold for <paramref name="g"/>.</summary>
    public void Check(IReadOnlyList<string[]> g)
    {
        foreach (var (key, holds) in _rules)
        {
            if (!holds(g))
            {
                throw new PolicyException($"constraint violation: {key}");
            }
        }
    }
}
