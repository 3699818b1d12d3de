using Entitlements.Policy.Engine;
using Entitlements.Policy.Model;

namespace Entitlements.Policy;

public sealed partial class Enforcer
{
    private static string[][] Rows(IEnumerable<IReadOnlyList<string>> rules) => [.. rules.Select(r => r.ToArray())];

    // ------------------------------------------------------------------ reading

    public IReadOnlyList<IReadOnlyList<string>> GetPolicy() => GetNamedPolicy("p");
    public IReadOnlyList<IReadOnlyList<string>> GetNamedPolicy(string ptype) => Current.RulesOf(ptype).Rows;
    public IReadOnlyList<IReadOnlyList<string>> GetGroupingPolicy() => GetNamedPolicy("g");
    public IReadOnlyList<IReadOnlyList<string>> GetNamedGroupingPolicy(string ptype) => GetNamedPolicy(ptype);

    public IReadOnlyList<IReadOnlyList<string>> GetFilteredPolicy(int fieldIndex, params string[] values) => GetFilteredNamedPolicy("p", fieldIndex, values);
    public IReadOnlyList<IReadOnlyList<string>> GetFilteredGroupingPolicy(int fieldIndex, params string[] values) => GetFilteredNamedPolicy("g", fieldIndex, values);
    public IReadOnlyList<IReadOnlyList<string>> GetFilteredNamedGroupingPolicy(string ptype, int fieldIndex, params string[] values) => GetFilteredNamedPolicy(ptype, fieldIndex, values);

    /// <summary>Rules whose fields from <paramref name="fieldIndex"/> on equal <paramref name="values"/> (<c>""</c> matches anything).</summary>
    public IReadOnlyList<IReadOnlyList<string>> GetFilteredNamedPolicy(string ptype, int fieldIndex, params string[] values) =>
        [.. Current.RulesOf(ptype).Rows.Where(r => MatchesFilter(r, fieldIndex, values))];

    private static bool MatchesFilter(string[] rule, int fieldIndex, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                continue;
            }

            if (fieldIndex + i >= rule.Length || rule[fieldIndex + i] != values[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Rules of <paramref name="ptype"/> for which <paramref name="matcher"/> (over <c>p.*</c>) is true.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GetFilteredNamedPolicyWithMatcher(string ptype, string matcher)
    {
        var s = Current;
        var compiled = s.Runtime.AdHoc("r", ptype, matcher);
        var ctx = new Expressions.EvalContext
        {
            Request = new object?[compiled.RequestSize],
            RoleManagers = s.RoleManagers,
        };
        Array.Fill(ctx.Request, "");
        var result = new List<IReadOnlyList<string>>();
        foreach (var rule in s.RulesOf(ptype).Rows)
        {
            ctx.Rule = rule;
            if (IsMatch(compiled, ctx))
            {
                result.Add(rule);
            }
        }

        return result;
    }

    public bool HasPolicy(params string[] rule) => HasNamedPolicy("p", rule);
    public bool HasNamedPolicy(string ptype, params string[] rule) => Current.RulesOf(ptype).Contains(rule);
    public bool HasGroupingPolicy(params string[] rule) => HasNamedPolicy("g", rule);
    public bool HasNamedGroupingPolicy(string ptype, params string[] rule) => HasNamedPolicy(ptype, rule);

    private IReadOnlyList<string> DistinctField(string section, string ptypeFilter, string name, int fallback)
    {
        var s = Current;
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var types = section == "g" ? s.Model.RoleTypes : s.Model.PolicyTypes;
        foreach (var ptype in types)
        {
            if (ptypeFilter.Length > 0 && ptype != ptypeFilter)
            {
                continue;
            }

            var index = s.FieldIndex(ptype, name);
            if (index < 0)
            {
                index = fallback;
            }

            foreach (var rule in s.RulesOf(ptype).Rows)
            {
                if (index < rule.Length && seen.Add(rule[index]))
                {
                    result.Add(rule[index]);
                }
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetAllSubjects() => DistinctField("p", "", "sub", 0);
    public IReadOnlyList<string> GetAllNamedSubjects(string ptype) => DistinctField("p", ptype, "sub", 0);
    public IReadOnlyList<string> GetAllObjects() => DistinctField("p", "", "obj", 1);
    public IReadOnlyList<string> GetAllNamedObjects(string ptype) => DistinctField("p", ptype, "obj", 1);
    public IReadOnlyList<string> GetAllActions() => DistinctField("p", "", "act", 2);
    public IReadOnlyList<string> GetAllNamedActions(string ptype) => DistinctField("p", ptype, "act", 2);
    public IReadOnlyList<string> GetAllRoles() => DistinctField("g", "g", "\0", 1);
    public IReadOnlyList<string> GetAllNamedRoles(string ptype) => DistinctField("g", ptype, "\0", 1);

    /// <summary>Subjects of p rules that are not roles (not the second field of any g rule).</summary>
    public IReadOnlyList<string> GetAllUsers()
    {
        var roles = new HashSet<string>(GetAllRoles(), StringComparer.Ordinal);
        return [.. GetAllSubjects().Where(u => !roles.Contains(u))];
    }

    // ------------------------------------------------------------------ adding

    public bool AddPolicy(params string[] rule) => AddNamedPolicy("p", rule);
    public bool AddNamedPolicy(string ptype, params string[] rule) => Mutate(b => AddRules(b, ptype, [rule], skipExisting: false, single: true));
    public bool AddPolicies(IEnumerable<IReadOnlyList<string>> rules) => AddNamedPolicies("p", rules);
    public bool AddNamedPolicies(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => AddRules(b, ptype, Rows(rules), skipExisting: false, single: false));
    public bool AddPoliciesEx(IEnumerable<IReadOnlyList<string>> rules) => AddNamedPoliciesEx("p", rules);
    public bool AddNamedPoliciesEx(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => AddRules(b, ptype, Rows(rules), skipExisting: true, single: false));

    public bool AddGroupingPolicy(params string[] rule) => AddNamedGroupingPolicy("g", rule);
    public bool AddNamedGroupingPolicy(string ptype, params string[] rule) => Mutate(b => AddRules(b, ptype, [rule], skipExisting: false, single: true));
    public bool AddGroupingPolicies(IEnumerable<IReadOnlyList<string>> rules) => AddNamedGroupingPolicies("g", rules);
    public bool AddNamedGroupingPolicies(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => AddRules(b, ptype, Rows(rules), skipExisting: false, single: false));
    public bool AddGroupingPoliciesEx(IEnumerable<IReadOnlyList<string>> rules) => AddNamedGroupingPoliciesEx("g", rules);
    public bool AddNamedGroupingPoliciesEx(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => AddRules(b, ptype, Rows(rules), skipExisting: true, single: false));

    /// <summary>Adds a rule to the stored rules only: no role links, no priority placement (the reference's <c>model.AddPolicy</c>).</summary>
    public bool AddRuleWithoutSideEffects(string ptype, params string[] rule) => Mutate(b =>
    {
        var rows = b.Write(ptype);
        if (rows.Any(r => RuleComparer.Instance.Equals(r, rule)))
        {
            return false;
        }

        rows.Add(rule);
        return true;
    });

    private static Definition DefinitionOf(SnapshotBuilder b, string ptype) =>
        b.Model.Find(ptype) is { } def && PolicyModel.SectionOf(ptype) is "p" or "g"
            ? def
            : throw new PolicyException($"model has no policy type \"{ptype}\"");

    private static bool AddRules(SnapshotBuilder b, string ptype, string[][] rules, bool skipExisting, bool single)
    {
        var def = DefinitionOf(b, ptype);
        var stored = new HashSet<string[]>(b.Read(ptype), RuleComparer.Instance);
        var batch = new HashSet<string[]>(RuleComparer.Instance);
        var toAdd = new List<string[]>();
        foreach (var rule in rules)
        {
            if (stored.Contains(rule))
            {
                if (!skipExisting)
                {
                    return false;
                }

                continue;
            }

            if (batch.Add(rule))
            {
                toAdd.Add(rule);
            }
        }

        if (toAdd.Count == 0)
        {
            return false;
        }

        var isRole = PolicyModel.SectionOf(ptype) == "g";
        var rows = b.Write(ptype);
        var priority = isRole ? -1 : FieldIndexOf(b, ptype, "priority");
        foreach (var rule in toAdd)
        {
            if (isRole)
            {
                ValidateSize(def, rule, null, null);
            }

            if (priority >= 0 && priority < rule.Length)
            {
                var p = ParsePriority(rule, priority);
                var at = rows.Count;
                while (at > 0 && ParsePriority(rows[at - 1], priority) > p)
                {
                    at--;
                }

                rows.Insert(at, rule);
            }
            else
            {
                rows.Add(rule);
            }
        }

        if (isRole)
        {
            var roleIndex = b.Base.RoleIndex(ptype);
            // Reference quirk: a single add does not update a conditional role manager.
            var skipLinks = single && def.ParameterCount > 0;
            if (b.AutoBuildRoleLinks && roleIndex >= 0 && !skipLinks)
            {
                var rm = b.RoleManager(roleIndex);
                foreach (var rule in toAdd)
                {
                    AddLink(rm, def, rule);
                }
            }

            CheckConstraints(b);
        }

        return true;
    }

    private static void CheckConstraints(SnapshotBuilder b) => b.Model.Constraints?.Check(b.Read("g"));

    // ------------------------------------------------------------------ removing

    public bool RemovePolicy(params string[] rule) => RemoveNamedPolicy("p", rule);
    public bool RemoveNamedPolicy(string ptype, params string[] rule) => Mutate(b => RemoveRules(b, ptype, [rule], single: true));
    public bool RemovePolicies(IEnumerable<IReadOnlyList<string>> rules) => RemoveNamedPolicies("p", rules);
    public bool RemoveNamedPolicies(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => RemoveRules(b, ptype, Rows(rules), single: false));
    public bool RemoveGroupingPolicy(params string[] rule) => RemoveNamedGroupingPolicy("g", rule);
    public bool RemoveNamedGroupingPolicy(string ptype, params string[] rule) => Mutate(b => RemoveRules(b, ptype, [rule], single: true));
    public bool RemoveGroupingPolicies(IEnumerable<IReadOnlyList<string>> rules) => RemoveNamedGroupingPolicies("g", rules);
    public bool RemoveNamedGroupingPolicies(string ptype, IEnumerable<IReadOnlyList<string>> rules) => Mutate(b => RemoveRules(b, ptype, Rows(rules), single: false));

    public bool RemoveFilteredPolicy(int fieldIndex, params string[] values) => RemoveFilteredNamedPolicy("p", fieldIndex, values);
    public bool RemoveFilteredNamedPolicy(string ptype, int fieldIndex, params string[] values) => Mutate(b => RemoveFiltered(b, ptype, fieldIndex, values));
    public bool RemoveFilteredGroupingPolicy(int fieldIndex, params string[] values) => RemoveFilteredNamedGroupingPolicy("g", fieldIndex, values);
    public bool RemoveFilteredNamedGroupingPolicy(string ptype, int fieldIndex, params string[] values) => Mutate(b => RemoveFiltered(b, ptype, fieldIndex, values));

    /// <summary>The stored position of each rule (its first occurrence), or null when any of them is not stored.</summary>
    private static List<int>? PositionsOf(IReadOnlyList<string[]> current, string[][] rules)
    {
        var positions = new List<int>(rules.Length);
        foreach (var rule in rules)
        {
            var at = -1;
            for (var i = 0; i < current.Count; i++)
            {
                if (RuleComparer.Instance.Equals(current[i], rule))
                {
                    at = i;
                    break;
                }
            }

            if (at < 0)
            {
                return null;
            }

            positions.Add(at);
        }

        return positions;
    }

    private static bool RemoveRules(SnapshotBuilder b, string ptype, string[][] rules, bool single)
    {
        var def = DefinitionOf(b, ptype);
        if (PositionsOf(b.Read(ptype), rules) is not { } positions)
        {
            return false;
        }

        var rows = b.Write(ptype);
        var removed = positions.Distinct().Select(i => rows[i]).ToList();
        if (single)
        {
            // Reference behaviour: the last rule moves into the hole.
            var i = positions[0];
            rows[i] = rows[^1];
            rows.RemoveAt(rows.Count - 1);
        }
        else
        {
            var drop = new HashSet<int>(positions);
            var kept = rows.Where((_, i) => !drop.Contains(i)).ToList();
            rows.Clear();
            rows.AddRange(kept);
        }

        AfterRoleRemoval(b, ptype, def, removed);
        return true;
    }

    private static bool RemoveFiltered(SnapshotBuilder b, string ptype, int fieldIndex, string[] values)
    {
        var def = DefinitionOf(b, ptype);
        if (!b.Read(ptype).Any(r => MatchesFilter(r, fieldIndex, values)))
        {
            return false;
        }

        var rows = b.Write(ptype);
        var removed = rows.Where(r => MatchesFilter(r, fieldIndex, values)).ToList();
        rows.RemoveAll(r => MatchesFilter(r, fieldIndex, values));
        AfterRoleRemoval(b, ptype, def, removed);
        return true;
    }

    private static void AfterRoleRemoval(SnapshotBuilder b, string ptype, Definition def, List<string[]> removed)
    {
        if (PolicyModel.SectionOf(ptype) != "g" || !b.AutoBuildRoleLinks)
        {
            return;
        }

        var roleIndex = b.Base.RoleIndex(ptype);
        if (roleIndex < 0)
        {
            return;
        }

        var rm = b.RoleManager(roleIndex);
        foreach (var rule in removed)
        {
            DeleteLink(rm, def, rule);
        }

        CheckConstraints(b);
    }

    // ------------------------------------------------------------------ updating

    public bool UpdatePolicy(IReadOnlyList<string> oldRule, IReadOnlyList<string> newRule) => UpdateNamedPolicy("p", oldRule, newRule);
    public bool UpdateNamedPolicy(string ptype, IReadOnlyList<string> oldRule, IReadOnlyList<string> newRule) =>
        Mutate(b => UpdateRules(b, ptype, [oldRule.ToArray()], [newRule.ToArray()]));
    public bool UpdatePolicies(IEnumerable<IReadOnlyList<string>> oldRules, IEnumerable<IReadOnlyList<string>> newRules) => UpdateNamedPolicies("p", oldRules, newRules);
    public bool UpdateNamedPolicies(string ptype, IEnumerable<IReadOnlyList<string>> oldRules, IEnumerable<IReadOnlyList<string>> newRules) =>
        Mutate(b => UpdateRules(b, ptype, Rows(oldRules), Rows(newRules)));
    public bool UpdateGroupingPolicy(IReadOnlyList<string> oldRule, IReadOnlyList<string> newRule) => UpdateNamedPolicy("g", oldRule, newRule);
    public bool UpdateNamedGroupingPolicy(string ptype, IReadOnlyList<string> oldRule, IReadOnlyList<string> newRule) => UpdateNamedPolicy(ptype, oldRule, newRule);
    public bool UpdateGroupingPolicies(IEnumerable<IReadOnlyList<string>> oldRules, IEnumerable<IReadOnlyList<string>> newRules) => UpdateNamedPolicies("g", oldRules, newRules);

    private static bool UpdateRules(SnapshotBuilder b, string ptype, string[][] oldRules, string[][] newRules)
    {
        var def = DefinitionOf(b, ptype);
        if (oldRules.Length != newRules.Length)
        {
            throw new PolicyException("the old rules and new rules must have the same length");
        }

        if (PositionsOf(b.Read(ptype), oldRules) is not { } positions)
        {
            return false;
        }

        var rows = b.Write(ptype);
        for (var k = 0; k < positions.Count; k++)
        {
            rows[positions[k]] = newRules[k];
        }

        if (PolicyModel.SectionOf(ptype) == "g" && b.AutoBuildRoleLinks && b.Base.RoleIndex(ptype) is var roleIndex and >= 0)
        {
            var rm = b.RoleManager(roleIndex);
            foreach (var rule in oldRules)
            {
                DeleteLink(rm, def, rule);
            }

            foreach (var rule in newRules)
            {
                ValidateSize(def, rule, null, null);
                AddLink(rm, def, rule);
            }

            CheckConstraints(b);
        }

        return true;
    }

    /// <summary>Removes every rule (p and g); role managers keep their links (reference behaviour).</summary>
    public void ClearPolicy() => Mutate(b => b.ClearRules());

    // ------------------------------------------------------------------ field indexes

    /// <summary>Names the field <paramref name="index"/> of <paramref name="ptype"/> as <paramref name="name"/> (<c>sub</c>, <c>priority</c>, ...).</summary>
    public void SetFieldIndex(string ptype, string name, int index) =>
        Mutate(b => b.FieldIndexes = b.FieldIndexes.SetItem((ptype, name), index));

    /// <summary>The index of the named field; throws when the model neither names it nor was told with <see cref="SetFieldIndex"/>.</summary>
    public int GetFieldIndex(string ptype, string name)
    {
        var i = Current.FieldIndex(ptype, name);
        return i >= 0 ? i : throw new PolicyException($"{name} index is not set, please use enforcer.SetFieldIndex() to set index");
    }
}
