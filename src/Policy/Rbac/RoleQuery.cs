using System.Collections.Immutable;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// A read over one immutable <see cref="DomainGraph"/> with the reference's query semantics, including the
/// temporary nodes it creates for unknown names (here virtual: nothing is written). With a name matching function
/// the effective edges of a name are the reference's <c>rangeRoles</c>/<c>rangeUsers</c>: its own links, the names
/// matched by the patterns it links to, and the links of the patterns it matches.
/// </summary>
internal readonly struct RoleQuery
{
    private static readonly IReadOnlyList<string> NoParameters = [];

    private readonly DomainGraph _graph;
    private readonly MatchingFunction? _matcher;
    private readonly string? _temp1;
    private readonly string? _temp2;
    private readonly bool _checkConditions;
    private readonly Func<DateTimeOffset> _now;

    public RoleQuery(DomainGraph graph, string name1, string? name2, bool checkConditions, Func<DateTimeOffset> now)
    {
        _graph = graph;
        _matcher = graph.Matcher;
        _temp1 = graph.Nodes.ContainsKey(name1) ? null : name1;
        _temp2 = name2 is null || name2 == name1 || graph.Nodes.ContainsKey(name2) ? null : name2;
        _checkConditions = checkConditions;
        _now = now;
    }

    /// <summary>The reference's <c>Match(str, pattern)</c> for names.</summary>
    public bool Match(string name, string pattern) => name == pattern || (_matcher is not null && _matcher(name, pattern));

    /// <summary>
    /// BFS from <paramref name="user"/> for at most <paramref name="maxLevel"/> hops. Conditions of the first hop are
    /// looked up under <paramref name="domainKey"/>, deeper ones under <c>""</c> (the reference's quirk).
    /// </summary>
    public bool HasLink(string user, string role, int maxLevel, string domainKey)
    {
        if (user == role || (_matcher is not null && _matcher(user, role)))
        {
            return true;
        }

        var frontier = new List<string> { user };
        // A node's edges do not depend on the hop at which it is reached, except the start node's (first-hop
        // condition key), so one visit per node suffices, plus one deeper re-visit of the start under conditions.
        var visited = new HashSet<string>(StringComparer.Ordinal) { user };
        var startRevisited = false;
        var edges = new List<string>();
        for (var depth = 0; depth <= maxLevel && frontier.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var name in frontier)
            {
                if (name == role || (_matcher is not null && _matcher(name, role)))
                {
                    return true;
                }

                if (depth == maxLevel)
                {
                    continue;
                }

                edges.Clear();
                RangeRoles(name, edges);
                foreach (var target in edges)
                {
                    if (_checkConditions && !PassesCondition(name, target, depth == 0 ? domainKey : ""))
                    {
                        continue;
                    }

                    if (visited.Add(target))
                    {
                        next.Add(target);
                    }
                    else if (_checkConditions && target == user && !startRevisited && domainKey.Length > 0)
                    {
                        startRevisited = true;
                        next.Add(target);
                    }
                }
            }

            frontier = next;
        }

        return false;
    }

    /// <summary>Direct roles (pattern-derived included), each once, that pass their link condition.</summary>
    public List<string> GetRoles(string name, string domainKey)
    {
        var edges = new List<string>();
        RangeRoles(name, edges);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(edges.Count);
        foreach (var role in edges)
        {
            if (seen.Add(role) && (!_checkConditions || PassesCondition(name, role, domainKey)))
            {
                result.Add(role);
            }
        }

        return result;
    }

    /// <summary>Direct users (pattern-derived included) that pass their link condition; duplicates kept as in the reference.</summary>
    public List<string> GetUsers(string name, string domainKey)
    {
        var edges = new List<string>();
        RangeUsers(name, edges);
        if (!_checkConditions)
        {
            return edges;
        }

        var result = new List<string>(edges.Count);
        foreach (var user in edges)
        {
            if (PassesCondition(user, name, domainKey))
            {
                result.Add(user);
            }
        }

        return result;
    }

    /// <summary>BFS over roles, at most <paramref name="maxLevel"/> levels, without the start name.</summary>
    public List<string> GetImplicit(string name, int maxLevel, string domainKey, bool users)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        var frontier = new List<string> { name };
        var edges = new List<string>();
        for (var level = 0; level < maxLevel && frontier.Count > 0; level++)
        {
            var next = new List<string>();
            foreach (var current in frontier)
            {
                edges.Clear();
                if (users)
                {
                    RangeUsers(current, edges);
                }
                else
                {
                    RangeRoles(current, edges);
                }

                foreach (var other in edges)
                {
                    if (seen.Contains(other))
                    {
                        continue;
                    }

                    var passes = !_checkConditions ||
                        (users ? PassesCondition(other, current, domainKey) : PassesCondition(current, other, domainKey));
                    if (passes)
                    {
                        seen.Add(other);
                        result.Add(other);
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        return result;
    }

    /// <summary>The reference's <c>GetDomains</c> test: does the name have any role or user in this graph?</summary>
    public bool HasAnyLink(string name)
    {
        var edges = new List<string>();
        RangeRoles(name, edges);
        if (edges.Count > 0)
        {
            return true;
        }

        RangeUsers(name, edges);
        return edges.Count > 0;
    }

    /// <summary>The reference's <c>rangeRoles</c>: own roles, names matched by those roles, roles of the patterns this name matches.</summary>
    private void RangeRoles(string name, List<string> output)
    {
        var roles = RolesOf(name);
        roles.AddTo(output);
        if (_matcher is null)
        {
            return;
        }

        foreach (var role in roles)
        {
            AddMatched(role, output);
        }

        foreach (var pattern in MatchedBy(name))
        {
            RolesOf(pattern).AddTo(output);
        }
    }

    /// <summary>The reference's <c>rangeUsers</c>: own users, names matched by those users, users of the patterns this name matches.</summary>
    private void RangeUsers(string name, List<string> output)
    {
        var users = UsersOf(name);
        users.AddTo(output);
        if (_matcher is null)
        {
            return;
        }

        foreach (var user in users)
        {
            AddMatched(user, output);
        }

        foreach (var pattern in MatchedBy(name))
        {
            UsersOf(pattern).AddTo(output);
        }
    }

    private NameSet RolesOf(string name) =>
        _graph.Nodes.TryGetValue(name, out var node) ? node.Roles : NameSet.Empty;

    private NameSet UsersOf(string name) =>
        _graph.Nodes.TryGetValue(name, out var node) ? node.Users : NameSet.Empty;

    /// <summary>Names that match <paramref name="pattern"/>: stored ones plus temporary ones of this query.</summary>
    private void AddMatched(string pattern, List<string> output)
    {
        if (_graph.Nodes.TryGetValue(pattern, out var node))
        {
            node.Matched.AddTo(output);
        }
        else
        {
            output.AddRange(_graph.ScanTemporary(pattern).Matched);
        }

        AddTemporaryIf(_temp1, pattern, asPattern: false, output);
        AddTemporaryIf(_temp2, pattern, asPattern: false, output);
    }

    /// <summary>Patterns that <paramref name="name"/> matches: stored ones plus temporary ones of this query.</summary>
    private List<string> MatchedBy(string name)
    {
        var result = new List<string>();
        if (_graph.Nodes.TryGetValue(name, out var node))
        {
            node.MatchedBy.AddTo(result);
        }
        else
        {
            result.AddRange(_graph.ScanTemporary(name).MatchedBy);
        }

        AddTemporaryIf(_temp1, name, asPattern: true, result);
        AddTemporaryIf(_temp2, name, asPattern: true, result);
        return result;
    }

    /// <summary>Adds temporary name <paramref name="temp"/> when it relates to <paramref name="other"/> (temp matches other, or other matches temp).</summary>
    private void AddTemporaryIf(string? temp, string other, bool asPattern, List<string> output)
    {
        if (temp is null || temp == other)
        {
            return;
        }

        if (asPattern ? _matcher!(other, temp) : _matcher!(temp, other))
        {
            output.Add(temp);
        }
    }

    /// <summary>
    /// The reference's <c>checkLinkCondition</c>: a condition exists only between stored names, under the given
    /// domain key; no condition passes; a condition that throws fails.
    /// </summary>
    private bool PassesCondition(string user, string role, string domainKey)
    {
        if (!_graph.Nodes.TryGetValue(user, out var node) ||
            !_graph.Nodes.ContainsKey(role) ||
            !node.Conditions.TryGetValue((role, domainKey), out var condition))
        {
            return true;
        }

        IReadOnlyList<string> parameters = node.Parameters.TryGetValue((role, domainKey), out var stored) ? stored : NoParameters;
        try
        {
            return condition(parameters, _now());
        }
#pragma warning disable CA1031 // The reference logs any condition error and treats the link as absent.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
