using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// One name in one domain's role graph (the reference's <c>Role</c>): its direct roles and users, and, when a
/// name-matching function is installed, the pattern relations — <see cref="Matched"/> are the stored names that
/// match this name used as a pattern, <see cref="MatchedBy"/> the stored patterns this name matches.
/// Link conditions and their parameters hang off the user end of a link, keyed by (role, domain key).
/// Immutable: every change produces a new node.
/// </summary>
internal sealed record RoleNode(string Name)
{
    public NameSet Roles { get; init; } = NameSet.Empty;

    public NameSet Users { get; init; } = NameSet.Empty;

    public NameSet Matched { get; init; } = NameSet.Empty;

    public NameSet MatchedBy { get; init; } = NameSet.Empty;

    public ImmutableDictionary<(string Role, string Domain), LinkConditionFunction> Conditions { get; init; } =
        ImmutableDictionary<(string Role, string Domain), LinkConditionFunction>.Empty;

    public ImmutableDictionary<(string Role, string Domain), ImmutableArray<string>> Parameters { get; init; } =
        ImmutableDictionary<(string Role, string Domain), ImmutableArray<string>>.Empty;
}

/// <summary>
/// The immutable role graph of one domain, tied to the name-matching function it was built with. Also caches,
/// per graph, the pattern scans for names that are not stored (the reference creates and removes a temporary
/// node for them on every query; here the scan result is derived once and reused, which is safe because the
/// graph never changes).
/// </summary>
internal sealed class DomainGraph(StringMap<RoleNode> nodes, MatchingFunction? matcher)
{
    private const int MaxCachedScans = 4096;
    private ConcurrentDictionary<string, TemporaryMatches>? _scans;

    public static DomainGraph Empty { get; } = new(StringMap<RoleNode>.Empty, null);

    public StringMap<RoleNode> Nodes { get; } = nodes;

    public MatchingFunction? Matcher { get; } = matcher;

    /// <summary>Every stored link (user, role) of this graph.</summary>
    public IEnumerable<(string User, string Role)> Links()
    {
        foreach (var node in Nodes.Values)
        {
            foreach (var role in node.Roles)
            {
                yield return (node.Name, role);
            }
        }
    }

    /// <summary>
    /// For a name not stored here: the stored patterns it matches (<c>matcher(name, p)</c>) and the stored names that
    /// match it as a pattern (<c>matcher(x, name)</c>).
    /// </summary>
    public TemporaryMatches ScanTemporary(string name)
    {
        var matcher = Matcher!;
        var scans = LazyInitializer.EnsureInitialized(ref _scans, static () => new(StringComparer.Ordinal));
        if (scans.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var matchedBy = ImmutableArray.CreateBuilder<string>();
        var matched = ImmutableArray.CreateBuilder<string>();
        foreach (var stored in Nodes.Keys)
        {
            if (matcher(name, stored))
            {
                matchedBy.Add(stored);
            }

            if (matcher(stored, name))
            {
                matched.Add(stored);
            }
        }

        var result = new TemporaryMatches(matchedBy.ToImmutable(), matched.ToImmutable());
        if (scans.Count >= MaxCachedScans)
        {
            scans.Clear();
        }

        scans.TryAdd(name, result);
        return result;
    }
}

/// <summary>The pattern relations a temporary (unstored) name would get against the stored names of a graph.</summary>
internal sealed record TemporaryMatches(ImmutableArray<string> MatchedBy, ImmutableArray<string> Matched);

/// <summary>
/// Mutable editor over a <see cref="DomainGraph"/> with the reference's <c>RoleManagerImpl</c> write semantics:
/// names are created on first use and, with a matching function, linked to every stored name they match
/// (both directions); links are sets; deleting a link creates its names if missing.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly StringMap<RoleNode>.Builder _nodes;

    public GraphBuilder(DomainGraph graph)
    {
        _nodes = graph.Nodes.ToBuilder();
        Matcher = graph.Matcher;
    }

    public GraphBuilder(MatchingFunction? matcher)
    {
        _nodes = StringMap<RoleNode>.Empty.ToBuilder();
        Matcher = matcher;
    }

    public MatchingFunction? Matcher { get; private set; }

    public DomainGraph Build() => new(_nodes.ToImmutable(), Matcher);

    public List<(string User, string Role)> Links()
    {
        var links = new List<(string, string)>();
        foreach (var node in _nodes.Values())
        {
            foreach (var role in node.Roles)
            {
                links.Add((node.Name, role));
            }
        }

        return links;
    }

    public void AddLink(string user, string role)
    {
        Ensure(user);
        Ensure(role);
        Update(user, u => u.Roles.Contains(role) ? u : u with { Roles = u.Roles.Add(role) });
        Update(role, r => r with { Users = r.Users.Add(user) });
    }

    public void DeleteLink(string user, string role)
    {
        Ensure(user);
        Ensure(role);
        Update(user, u => u with { Roles = u.Roles.Remove(role) });
        Update(role, r => r with { Users = r.Users.Remove(user) });
    }

    public void SetCondition(string user, string role, string domainKey, LinkConditionFunction condition)
    {
        Ensure(user);
        Ensure(role);
        Update(user, u => u with { Conditions = u.Conditions.SetItem((role, domainKey), condition) });
    }

    public void SetParameters(string user, string role, string domainKey, ImmutableArray<string> parameters)
    {
        Ensure(user);
        Ensure(role);
        Update(user, u => u with { Parameters = u.Parameters.SetItem((role, domainKey), parameters) });
    }

    /// <summary>The reference's <c>AddMatchingFunc</c>: install <paramref name="matcher"/>, drop every node and re-add the links.</summary>
    public void Rebuild(MatchingFunction? matcher)
    {
        var links = Links();
        _nodes.Clear();
        Matcher = matcher;
        foreach (var (user, role) in links)
        {
            AddLink(user, role);
        }
    }

    /// <summary>The reference's <c>getRole</c>: load or create, linking a new name to the patterns it matches and vice versa.</summary>
    private void Ensure(string name)
    {
        if (_nodes.ContainsKey(name))
        {
            return;
        }

        var node = new RoleNode(name);
        if (Matcher is { } matcher)
        {
            var patterns = new List<string>();
            var matches = new List<string>();
            foreach (var other in _nodes.Keys)
            {
                if (matcher(name, other))
                {
                    patterns.Add(other);
                }

                if (matcher(other, name))
                {
                    matches.Add(other);
                }
            }

            node = node with { MatchedBy = NameSet.Of(patterns), Matched = NameSet.Of(matches) };
            foreach (var pattern in patterns)
            {
                Update(pattern, p => p with { Matched = p.Matched.Add(name) });
            }

            foreach (var match in matches)
            {
                Update(match, m => m.MatchedBy.Contains(name) ? m : m with { MatchedBy = m.MatchedBy.Add(name) });
            }
        }

        _nodes[name] = node;
    }

    private void Update(string name, Func<RoleNode, RoleNode> change)
    {
        var before = _nodes[name];
        var after = change(before);
        if (!ReferenceEquals(before, after))
        {
            _nodes[name] = after;
        }
    }
}
