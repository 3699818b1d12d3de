using Entitlements.Policy.Engine;
using Entitlements.Policy.Model;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy;

public sealed partial class Enforcer
{
    // ------------------------------------------------------------------ loading

    /// <summary>Makes <see cref="LoadPolicy"/> read this file from now on.</summary>
    public void SetPolicyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_writeLock)
        {
            _policyPath = path;
            _policyText = null;
            _policyName = path;
        }
    }

    /// <summary>Makes <see cref="LoadPolicy"/> read this text from now on.</summary>
    public void SetPolicyText(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_writeLock)
        {
            _policyPath = null;
            _policyText = text;
            _policyName = sourceName;
        }
    }

    /// <summary>
    /// Replaces all rules with the policy source's (file or text), sorts by priority, rebuilds role
    /// links and checks for cycles. On any error the previous policy stays in place.
    /// </summary>
    public void LoadPolicy() => LoadFilteredPolicy(null, clear: true);

    /// <summary>Loads only lines whose fields match the non-empty filter values (per ptype, positional after the ptype).</summary>
    public void LoadFilteredPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>>? filter, bool clear = true)
    {
        lock (_writeLock)
        {
            string text;
            if (_policyPath is not null)
            {
                text = ReadFile(_policyPath, isModel: false);
            }
            else
            {
                text = _policyText ?? "";
            }

            var lines = PolicyCsv.Parse(text, _policyName);
            Mutate(b =>
            {
                if (clear)
                {
                    b.ClearRules();
                }

                foreach (var line in lines)
                {
                    if (filter is not null && !PassesFilter(line.Fields, filter))
                    {
                        continue;
                    }

                    AddLoadedLine(b, line, _policyName);
                }

                SortByPriority(b);
                RebuildRoleLinks(b);
                DetectCycles(b);
            });
        }
    }

    private static bool PassesFilter(IReadOnlyList<string> fields, IReadOnlyDictionary<string, IReadOnlyList<string>> filter)
    {
        var key = fields[0];
        if (!filter.TryGetValue(key.ToUpperInvariant(), out var values) && !filter.TryGetValue(key, out values))
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                continue;
            }

            if (i + 1 >= fields.Count || fields[i + 1] != values[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void AddLoadedLine(SnapshotBuilder b, PolicyLine line, string? source)
    {
        var ptype = line.Fields[0].Trim();
        var def = b.Model.Find(ptype);
        if (def is null || PolicyModel.SectionOf(ptype) is not ("p" or "g"))
        {
            throw new PolicyParseException($"unknown policy type \"{ptype}\"", line.Line, source);
        }

        var rule = line.Fields.Skip(1).ToArray();
        ValidateSize(def, rule, line.Line, source);
        var rows = b.Write(ptype);
        if (!rows.Any(r => RuleComparer.Instance.Equals(r, rule)))
        {
            rows.Add(rule);
        }
    }

    private static void ValidateSize(Definition def, string[] rule, int? line, string? source)
    {
        if (PolicyModel.SectionOf(def.Key) == "p" && rule.Length != def.Tokens.Count)
        {
            throw new PolicyParseException($"invalid policy size: \"{def.Key}\" expects {def.Tokens.Count} fields, got {rule.Length} ({string.Join(", ", rule)})", line, source);
        }

        if (PolicyModel.SectionOf(def.Key) == "g" && rule.Length < def.Arity)
        {
            throw new PolicyParseException($"grouping policy elements do not meet role definition: \"{def.Key}\" expects {def.Arity} fields, got {rule.Length} ({string.Join(", ", rule)})", line, source);
        }
    }

    /// <summary>Stable sort by the integer priority field (lower first) for every ptype that has one; subject priority first when that effect is used.</summary>
    private static void SortByPriority(SnapshotBuilder b)
    {
        foreach (var ptype in b.Model.PolicyTypes)
        {
            var index = FieldIndexOf(b, ptype, "priority");
            if (index < 0)
            {
                continue;
            }

            var rows = b.Write(ptype);
            var sorted = rows.Select((r, i) => (r, i)).OrderBy(x => ParsePriority(x.r, index)).ThenBy(x => x.i).Select(x => x.r).ToList();
            rows.Clear();
            rows.AddRange(sorted);
        }
    }

    private static long ParsePriority(string[] rule, int index) =>
        index < rule.Length && long.TryParse(rule[index], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;

    private static int FieldIndexOf(SnapshotBuilder b, string ptype, string name) =>
        b.FieldIndexes.TryGetValue((ptype, name), out var i) ? i : b.Model.Find(ptype)?.IndexOf(name) ?? -1;

    /// <summary>Rebuilds every role manager from the grouping rules.</summary>
    public void BuildRoleLinks() => Mutate(RebuildRoleLinks);

    private static void RebuildRoleLinks(SnapshotBuilder b)
    {
        var roleTypes = b.Model.RoleTypes;
        for (var i = 0; i < roleTypes.Count; i++)
        {
            var rm = b.RoleManager(i);
            rm.Clear();
            var def = b.Model.Get(roleTypes[i]);
            foreach (var rule in b.Read(roleTypes[i]))
            {
                AddLink(rm, def, rule);
            }
        }
    }

    private static void AddLink(IRoleManager rm, Definition def, string[] rule)
    {
        var domain = def.Arity >= 3 && rule.Length >= 3 ? rule[2] : "";
        IReadOnlyList<string> parameters = def.ParameterCount > 0 && rule.Length > def.Arity ? rule[def.Arity..] : [];
        RoleManagers.AddLink(rm, rule[0], rule[1], domain, parameters);
    }

    private static void DeleteLink(IRoleManager rm, Definition def, string[] rule)
    {
        var domain = def.Arity >= 3 && rule.Length >= 3 ? rule[2] : "";
        rm.DeleteLink(rule[0], rule[1], domain);
    }

    private static void DetectCycles(SnapshotBuilder b)
    {
        if (b.Model.Find("g") is null)
        {
            return;
        }

        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var rule in b.Read("g"))
        {
            if (!edges.TryGetValue(rule[0], out var list))
            {
                edges[rule[0]] = list = [];
            }

            list.Add(rule[1]);
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in edges.Keys)
        {
            Visit(start);
        }

        void Visit(string node)
        {
            if (state.TryGetValue(node, out var st))
            {
                if (st == 1)
                {
                    var from = path.IndexOf(node);
                    throw new PolicyException("cycle detected: " + string.Join(" -> ", path.Skip(from).Append(node)));
                }

                return;
            }

            state[node] = 1;
            path.Add(node);
            if (edges.TryGetValue(node, out var next))
            {
                foreach (var n in next)
                {
                    Visit(n);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }
    }

    /// <summary>Checks the g rules for cycles (the default detector); throws <see cref="PolicyException"/> "cycle detected".</summary>
    public void RunDetections()
    {
        var b = new SnapshotBuilder(Current);
        DetectCycles(b);
    }
}
