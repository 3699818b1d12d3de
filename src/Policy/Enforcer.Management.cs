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
                text = ReadPolicyFile(_policyPath);
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

                var seen = new Dictionary<string, HashSet<string[]>>(StringComparer.Ordinal);
                foreach (var line in lines)
                {
                    if (filter is not null && !PassesFilter(line.Fields, filter))
                    {
                        continue;
                    }

                    AddLoadedLine(b, line, _policyName, seen);
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
        if (!filter.TryGetValue(key.Trim().ToUpperInvariant(), out var values) && !filter.TryGetValue(key.Trim(), out values))
        {
            return true;
        }

        if (fields.Count < values.Count + 1)
        {
            return true;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                continue;
            }

            if (values[i].Trim() != fields[i + 1].Trim())
            {
                return false;
            }
        }

        return true;
    }

    private static void AddLoadedLine(SnapshotBuilder b, PolicyLine line, string? source, Dictionary<string, HashSet<string[]>> seen)
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
        if (!seen.TryGetValue(ptype, out var members))
        {
            seen[ptype] = members = new HashSet<string[]>(rows, RuleComparer.Instance);
        }

        if (members.Add(rule))
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
        if (b.Model.Find("e") is { } e && ModelRuntime.ParseEffect(e.Value) == EffectKind.SubjectPriority)
        {
            SortBySubjectHierarchy(b);
        }

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

    private static void SortBySubjectHierarchy(SnapshotBuilder b)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var rule in b.Read("g"))
        {
            var domain = rule.Length > 2 ? rule[2] : "";
            var child = domain + "::" + rule[0];
            var parent = domain + "::" + rule[1];
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(child);
            if (depth.TryAdd(child, 0))
            {
                order.Add(child);
            }

            if (depth.TryAdd(parent, 0))
            {
                order.Add(parent);
            }

            depth[child] = 1;
        }

        foreach (var root in order.Where(k => depth[k] == 0).ToList())
        {
            var level = 0;
            var queue = new List<string> { root };
            while (queue.Count > 0 && level <= depth.Count)
            {
                var next = new List<string>();
                foreach (var node in queue)
                {
                    depth[node] = level;
                    if (children.TryGetValue(node, out var kids))
                    {
                        next.AddRange(kids);
                    }
                }

                queue = next;
                level++;
            }
        }

        foreach (var ptype in b.Model.PolicyTypes)
        {
            var domainIndex = FieldIndexOf(b, ptype, "dom");
            var rows = b.Write(ptype);
            int Depth(string[] r) =>
                depth.GetValueOrDefault((domainIndex >= 0 && domainIndex < r.Length ? r[domainIndex] : "") + "::" + (r.Length > 0 ? r[0] : ""));
            var sorted = rows.Select((r, i) => (r, i)).OrderByDescending(x => Depth(x.r)).ThenBy(x => x.i).Select(x => x.r).ToList();
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
            rm.AddLinks(b.Read(roleTypes[i]).Select(rule => new RoleLink(
                rule[0],
                rule[1],
                def.Arity >= 3 && rule.Length >= 3 ? rule[2] : "",
                def.ParameterCount > 0 && rule.Length > def.Arity ? rule[def.Arity..] : null)));
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

    /// <summary>Replaces model and rules with <paramref name="other"/>'s (the reference's <c>SetModel(other.GetModel())</c>); role links are rebuilt.</summary>
    public void SetModelFrom(Enforcer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var source = other.Current;
        lock (_writeLock)
        {
            var runtime = new ModelRuntime(source.Model, _functions);
            var next = new SnapshotBuilder(new Snapshot
            {
                Runtime = runtime,
                Rules = source.Rules,
                RoleManagers = NewRoleManagers(source.Model),
                DomainMatchers = AutoDomainMatchers(source.Model),
                Enabled = _snapshot.Enabled,
                AcceptJsonRequest = _snapshot.AcceptJsonRequest,
                AutoBuildRoleLinks = _snapshot.AutoBuildRoleLinks,
            });
            RebuildRoleLinks(next);
            Volatile.Write(ref _snapshot, next.Build());
        }
    }
}
