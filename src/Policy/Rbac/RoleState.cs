using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// Everything a <see cref="DefaultRoleManager"/> knows, immutable: one <see cref="DomainGraph"/> per domain plus the
/// name and domain matching functions. A clone shares this object; a write builds a new one.
/// </summary>
internal sealed class RoleState(
    StringMap<DomainGraph> domains,
    MatchingFunction? nameMatcher,
    MatchingFunction? domainMatcher,
    bool hasConditions)
{
    private const int MaxVirtualGraphs = 1024;
    private readonly DomainGraph? _noDomainGraph = domains.TryGetValue("", out var graph) ? graph : null;
    private ConcurrentDictionary<string, DomainGraph>? _virtualGraphs;

    public static RoleState Empty { get; } =
        new(StringMap<DomainGraph>.Empty, null, null, false);

    public StringMap<DomainGraph> Domains { get; } = domains;

    public MatchingFunction? NameMatcher { get; } = nameMatcher;

    public MatchingFunction? DomainMatcher { get; } = domainMatcher;

    /// <summary>True once any link condition was set; lets reads skip condition lookups entirely otherwise.</summary>
    public bool HasConditions { get; } = hasConditions;

    /// <summary>
    /// The graph a read in <paramref name="domain"/> sees: the stored one, or (the reference's
    /// <c>getRoleManager(domain, false)</c>) a fresh graph holding copies of the links of every stored pattern
    /// domain that <paramref name="domain"/> matches. Such derived graphs are cached per state.
    /// </summary>
    public DomainGraph GraphFor(string domain)
    {
        if (domain.Length == 0 && _noDomainGraph is not null)
        {
            return _noDomainGraph;
        }

        if (Domains.TryGetValue(domain, out var graph))
        {
            return graph;
        }

        if (DomainMatcher is null)
        {
            return NameMatcher is null ? DomainGraph.Empty : new DomainGraph(DomainGraph.Empty.Nodes, NameMatcher);
        }

        var cache = LazyInitializer.EnsureInitialized(ref _virtualGraphs, static () => new(StringComparer.Ordinal));
        if (cache.TryGetValue(domain, out graph))
        {
            return graph;
        }

        var builder = new GraphBuilder(NameMatcher);
        foreach (var (pattern, source) in Domains.Pairs())
        {
            if (pattern != domain && MatchDomain(domain, pattern))
            {
                foreach (var (user, role) in source.Links())
                {
                    builder.AddLink(user, role);
                }
            }
        }

        graph = builder.Build();
        if (cache.Count >= MaxVirtualGraphs)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(domain, graph);
    }

    /// <summary>The reference's <c>DomainManager.Match</c>: equal, or the domain matching function says so.</summary>
    public bool MatchDomain(string domain, string pattern) =>
        domain == pattern || (DomainMatcher is not null && DomainMatcher(domain, pattern));
}

/// <summary>
/// Applies writes to a <see cref="RoleState"/> with the reference's <c>DomainManager</c> semantics (links added in a
/// pattern domain are copied into every matching concrete domain, and a new concrete domain starts with copies of
/// the links of the pattern domains it matches), then produces the next immutable state.
/// </summary>
internal sealed class RoleStateBuilder
{
    private readonly StringMap<DomainGraph>.Builder _domains;
    private readonly Dictionary<string, GraphBuilder> _open = new(StringComparer.Ordinal);
    private MatchingFunction? _nameMatcher;
    private MatchingFunction? _domainMatcher;
    private bool _hasConditions;

    public RoleStateBuilder(RoleState state)
    {
        _domains = state.Domains.ToBuilder();
        _nameMatcher = state.NameMatcher;
        _domainMatcher = state.DomainMatcher;
        _hasConditions = state.HasConditions;
    }

    public RoleState Build()
    {
        foreach (var (domain, graph) in _open)
        {
            _domains[domain] = graph.Build();
        }

        _open.Clear();
        return new RoleState(_domains.ToImmutable(), _nameMatcher, _domainMatcher, _hasConditions);
    }

    public void AddLink(string user, string role, string domain)
    {
        GetOrCreate(domain).AddLink(user, role);
        foreach (var affected in Affected(domain))
        {
            Open(affected).AddLink(user, role);
        }
    }

    public void DeleteLink(string user, string role, string domain)
    {
        GetOrCreate(domain).DeleteLink(user, role);
        foreach (var affected in Affected(domain))
        {
            Open(affected).DeleteLink(user, role);
        }
    }

    /// <summary>Parameters of a conditional link, recorded (as the reference does) in every existing domain graph.</summary>
    public void SetParameters(string user, string role, string domain, ImmutableArray<string> parameters)
    {
        foreach (var existing in _domains.Keys.ToArray())
        {
            Open(existing).SetParameters(user, role, domain, parameters);
        }
    }

    /// <summary>A link condition, recorded (as the reference does) in every existing domain graph.</summary>
    public void SetCondition(string user, string role, string domain, LinkConditionFunction condition)
    {
        if (domain.Length == 0)
        {
            // Without domains the reference has a single graph that always exists.
            GetOrCreate(domain);
        }

        foreach (var existing in _domains.Keys.ToArray())
        {
            Open(existing).SetCondition(user, role, domain, condition);
        }

        _hasConditions = true;
    }

    public void Clear()
    {
        _domains.Clear();
        _open.Clear();
    }

    public void DeleteDomain(string domain)
    {
        _domains.Remove(domain);
        _open.Remove(domain);
    }

    /// <summary>Installs the name matching function in every domain graph, rebuilding each from its links.</summary>
    public void SetNameMatcher(MatchingFunction? matcher)
    {
        _nameMatcher = matcher;
        foreach (var domain in _domains.Keys.ToArray())
        {
            Open(domain).Rebuild(matcher);
        }
    }

    /// <summary>Installs the domain matching function and re-adds every domain's links so pattern domains propagate.</summary>
    public void SetDomainMatcher(MatchingFunction? matcher)
    {
        _domainMatcher = matcher;
        var previous = _domains.Keys.ToArray().Select(d => (Domain: d, Links: Open(d).Links())).ToArray();
        Clear();
        foreach (var (domain, links) in previous)
        {
            foreach (var (user, role) in links)
            {
                AddLink(user, role, domain);
            }
        }
    }

    private bool MatchDomain(string domain, string pattern) =>
        domain == pattern || (_domainMatcher is not null && _domainMatcher(domain, pattern));

    /// <summary>Existing domains, other than <paramref name="domain"/>, that match it as a pattern.</summary>
    private string[] Affected(string domain)
    {
        if (_domainMatcher is null)
        {
            return [];
        }

        return [.. _domains.Keys.Where(other => other != domain && MatchDomain(other, domain))];
    }

    private GraphBuilder Open(string domain)
    {
        if (!_open.TryGetValue(domain, out var builder))
        {
            builder = new GraphBuilder(_domains[domain]);
            _open[domain] = builder;
        }

        return builder;
    }

    /// <summary>The reference's <c>getRoleManager(domain, store: true)</c>.</summary>
    private GraphBuilder GetOrCreate(string domain)
    {
        if (_domains.ContainsKey(domain))
        {
            return Open(domain);
        }

        var builder = new GraphBuilder(_nameMatcher);
        _domains[domain] = DomainGraph.Empty;
        _open[domain] = builder;
        if (_domainMatcher is not null)
        {
            foreach (var pattern in _domains.Keys.ToArray())
            {
                if (pattern != domain && MatchDomain(domain, pattern))
                {
                    foreach (var (user, role) in Open(pattern).Links())
                    {
                        builder.AddLink(user, role);
                    }
                }
            }
        }

        return builder;
    }
}
