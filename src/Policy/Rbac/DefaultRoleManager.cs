using System.Collections.Immutable;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// The reference's default role manager (<c>rbac/default-role-manager</c>: the domain manager, plus its conditional
/// variant) for one role definition: one role graph per domain (<c>""</c> = no domain), optional pattern matching
/// for names and for domains, conditional links, and every query bounded by <see cref="MaxHierarchyLevel"/> hops,
/// so cycles never hang anything.
/// </summary>
/// <remarks>
/// <para>State is an immutable snapshot (persistent collections): reads take the current snapshot and never lock;
/// writes are serialized, build the next snapshot and publish it atomically, so a read never sees half a change.
/// <see cref="Clone"/> is O(1) and shares structure with its source.</para>
/// <para>Semantics follow SPEC.md §5, including the reference's quirks: a name always has itself; with a matching
/// function a name inherits the roles of every pattern it matches and a pattern role brings every name it matches;
/// only one matching function per manager (adding one replaces it and rebuilds, dropping isolated names and link
/// conditions, as the reference does); links of a pattern domain are copied into every matching concrete domain,
/// also domains created later; a link condition is looked up under the queried domain on the first hop only and
/// under <c>""</c> deeper; a condition that throws counts as failed.</para>
/// </remarks>
public sealed class DefaultRoleManager : IRoleManager
{
    [ThreadStatic]
    private static BfsBuffers? t_buffers;

    private readonly Lock _writeLock = new();
    private readonly TimeProvider _time;
    private volatile RoleState _state;

    // Consecutive writes accumulate here (guarded by _writeLock) and are published on the next read or
    // clone, so loading N links costs one snapshot, not N.
    private volatile RoleStateBuilder? _pending;

    /// <summary>Creates an empty manager.</summary>
    /// <param name="maxHierarchyLevel">Most hops a query follows (the enforcer uses 10).</param>
    /// <param name="time">Clock for link conditions; <see cref="TimeProvider.System"/> when null.</param>
    public DefaultRoleManager(int maxHierarchyLevel = 10, TimeProvider? time = null)
        : this(maxHierarchyLevel, time ?? TimeProvider.System, RoleState.Empty)
    {
    }

    private DefaultRoleManager(int maxHierarchyLevel, TimeProvider time, RoleState state)
    {
        MaxHierarchyLevel = maxHierarchyLevel;
        _time = time;
        _state = state;
    }

    /// <inheritdoc />
    public int MaxHierarchyLevel { get; }

    /// <summary>The clock used for link conditions when no time is passed explicitly.</summary>
    public TimeProvider TimeProvider => _time;

    /// <inheritdoc />
    public IRoleManager Clone() => new DefaultRoleManager(MaxHierarchyLevel, _time, Current);

    /// <summary>Removes every link, name, domain and link condition; matching functions stay installed.</summary>
    public void Clear() => Write(b => b.Clear());

    /// <summary>Links <paramref name="name1"/> (user) to <paramref name="name2"/> (role) in <paramref name="domain"/>.</summary>
    public void AddLink(string name1, string name2, string domain = "")
    {
        ArgumentNullException.ThrowIfNull(name1);
        ArgumentNullException.ThrowIfNull(name2);
        ArgumentNullException.ThrowIfNull(domain);
        Write(b => b.AddLink(name1, name2, domain));
    }

    /// <inheritdoc />
    public void AddLink(string name1, string name2, string domain, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(name1);
        ArgumentNullException.ThrowIfNull(name2);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(parameters);
        var stored = parameters.ToImmutableArray();
        Write(b =>
        {
            b.AddLink(name1, name2, domain);
            b.SetParameters(name1, name2, domain, stored);
        });
    }

    /// <inheritdoc />
    public void AddLinks(IEnumerable<RoleLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var list = links.ToList();
        Write(b =>
        {
            foreach (var link in list)
            {
                b.AddLink(link.User, link.Role, link.Domain);
                if (link.Parameters is not null)
                {
                    b.SetParameters(link.User, link.Role, link.Domain, [.. link.Parameters]);
                }
            }
        });
    }

    /// <summary>Removes the link; as in the reference, the two names exist in that domain afterwards even if they did not before.</summary>
    public void DeleteLink(string name1, string name2, string domain = "")
    {
        ArgumentNullException.ThrowIfNull(name1);
        ArgumentNullException.ThrowIfNull(name2);
        ArgumentNullException.ThrowIfNull(domain);
        Write(b => b.DeleteLink(name1, name2, domain));
    }

    /// <inheritdoc />
    public void DeleteDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Write(b => b.DeleteDomain(domain));
    }

    /// <inheritdoc />
    public void SetLinkCondition(string name1, string name2, string domain, LinkConditionFunction condition)
    {
        ArgumentNullException.ThrowIfNull(name1);
        ArgumentNullException.ThrowIfNull(name2);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(condition);
        Write(b => b.SetCondition(name1, name2, domain, condition));
    }

    /// <summary>Installs the name matching function (replacing any previous one) and rebuilds every domain's graph.</summary>
    public void AddMatchingFunction(string name, MatchingFunction fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        Write(b => b.SetNameMatcher(fn), mayRunUserCode: true);
    }

    /// <summary>Installs the domain matching function (replacing any previous one) and re-adds every link so pattern domains propagate.</summary>
    public void AddDomainMatchingFunction(string name, MatchingFunction fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        Write(b => b.SetDomainMatcher(fn), mayRunUserCode: true);
    }

    /// <summary>
    /// Whether <paramref name="name1"/> has <paramref name="name2"/> in <paramref name="domain"/>: equal names, a
    /// pattern match, or a chain of at most <see cref="MaxHierarchyLevel"/> links. Link conditions are evaluated at
    /// the manager's <see cref="TimeProvider"/> time. Allocation-free for plain graphs (no matching function, no conditions).
    /// </summary>
    public bool HasLink(string name1, string name2, string domain = "")
    {
        var state = Current;
        if (state.NameMatcher is null && !state.HasConditions)
        {
            return name1 == name2 || HasLinkPlain(state.GraphFor(domain), name1, name2, MaxHierarchyLevel);
        }

        return HasLinkGeneral(state, name1, name2, domain, null);
    }

    /// <inheritdoc />
    public bool HasLink(string name1, string name2, string domain, DateTimeOffset now)
    {
        var state = Current;
        if (state.NameMatcher is null && !state.HasConditions)
        {
            return name1 == name2 || HasLinkPlain(state.GraphFor(domain), name1, name2, MaxHierarchyLevel);
        }

        return HasLinkGeneral(state, name1, name2, domain, now);
    }

    /// <summary>Direct roles of <paramref name="name"/> (with pattern-derived ones), each once.</summary>
    public IReadOnlyList<string> GetRoles(string name, string domain = "")
    {
        var state = Current;
        return Query(state, name, domain).GetRoles(name, domain);
    }

    /// <summary>Direct users of <paramref name="name"/> (with pattern-derived ones).</summary>
    public IReadOnlyList<string> GetUsers(string name, string domain = "")
    {
        var state = Current;
        return Query(state, name, domain).GetUsers(name, domain);
    }

    /// <summary>Every role reachable from <paramref name="name"/> within <see cref="MaxHierarchyLevel"/> levels, in BFS order, without <paramref name="name"/>.</summary>
    public IReadOnlyList<string> GetImplicitRoles(string name, string domain = "")
    {
        var state = Current;
        return Query(state, name, domain).GetImplicit(name, MaxHierarchyLevel, domain, users: false);
    }

    /// <summary>Every user that reaches <paramref name="name"/> within <see cref="MaxHierarchyLevel"/> levels, in BFS order, without <paramref name="name"/>.</summary>
    public IReadOnlyList<string> GetImplicitUsers(string name, string domain = "")
    {
        var state = Current;
        return Query(state, name, domain).GetImplicit(name, MaxHierarchyLevel, domain, users: true);
    }

    /// <summary>The stored domains in which <paramref name="name"/> has a role or a user (ordinal order).</summary>
    public IReadOnlyList<string> GetDomains(string name)
    {
        var state = Current;
        var result = new List<string>();
        foreach (var (domain, graph) in state.Domains.Pairs())
        {
            if (new RoleQuery(graph, name, null, false, () => _time.GetUtcNow()).HasAnyLink(name))
            {
                result.Add(domain);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <inheritdoc />
    public bool MatchDomain(string domain, string pattern) => Current.MatchDomain(domain, pattern);

    /// <summary>Every stored domain (ordinal order).</summary>
    public IReadOnlyList<string> GetAllDomains()
    {
        var domains = Current.Domains.Keys.ToList();
        domains.Sort(StringComparer.Ordinal);
        return domains;
    }

    private RoleQuery Query(RoleState state, string name, string domain)
    {
        var time = _time;
        return new RoleQuery(state.GraphFor(domain), name, null, state.HasConditions, () => time.GetUtcNow());
    }

    private bool HasLinkGeneral(RoleState state, string name1, string name2, string domain, DateTimeOffset? now)
    {
        var time = _time;
        Func<DateTimeOffset> clock = now is { } fixedNow ? () => fixedNow : () => time.GetUtcNow();
        return new RoleQuery(state.GraphFor(domain), name1, name2, state.HasConditions, clock)
            .HasLink(name1, name2, MaxHierarchyLevel, domain);
    }

    /// <summary>BFS over plain links (no patterns, no conditions): shortest path of at most <paramref name="maxLevel"/> hops.</summary>
    private static bool HasLinkPlain(DomainGraph graph, string user, string role, int maxLevel)
    {
        if (maxLevel < 1 || !graph.Nodes.TryGetValue(user, out var start))
        {
            return false;
        }

        var roles = start.Roles;
        foreach (var direct in roles)
        {
            if (direct == role)
            {
                return true;
            }
        }

        if (maxLevel == 1 || roles.IsEmpty)
        {
            return false;
        }

        var buffers = t_buffers ??= new BfsBuffers();
        var visited = buffers.Visited;
        var frontier = buffers.Frontier;
        var next = buffers.Next;
        try
        {
            visited.Add(user);
            foreach (var direct in roles)
            {
                if (visited.Add(direct))
                {
                    frontier.Add(direct);
                }
            }

            // frontier holds depth-1 names (already checked against the target).
            for (var depth = 1; depth < maxLevel && frontier.Count > 0; depth++)
            {
                foreach (var name in frontier)
                {
                    if (!graph.Nodes.TryGetValue(name, out var node))
                    {
                        continue;
                    }

                    foreach (var parent in node.Roles)
                    {
                        if (parent == role)
                        {
                            return true;
                        }

                        if (visited.Add(parent))
                        {
                            next.Add(parent);
                        }
                    }
                }

                frontier.Clear();
                (frontier, next) = (next, frontier);
            }

            return false;
        }
        finally
        {
            visited.Clear();
            buffers.Frontier.Clear();
            buffers.Next.Clear();
        }
    }

    /// <summary>The published state, after publishing any pending writes.</summary>
    private RoleState Current
    {
        get
        {
            if (_pending is null)
            {
                return _state;
            }

            lock (_writeLock)
            {
                Flush();
                return _state;
            }
        }
    }

    /// <summary>
    /// Applies a change. Plain link changes join the pending batch; anything that runs user code (matching
    /// functions) is applied to a fresh builder and published at once, so a throwing function leaves the
    /// manager unchanged.
    /// </summary>
    private void Write(Action<RoleStateBuilder> change, bool mayRunUserCode = false)
    {
        lock (_writeLock)
        {
            var state = _state;
            if (mayRunUserCode || state.NameMatcher is not null || state.DomainMatcher is not null)
            {
                Flush();
                var builder = new RoleStateBuilder(_state);
                change(builder);
                _state = builder.Build();
                return;
            }

            var pending = _pending ?? new RoleStateBuilder(state);
            change(pending);
            _pending = pending;
        }
    }

    private void Flush()
    {
        if (_pending is { } pending)
        {
            _state = pending.Build();
            _pending = null;
        }
    }

    private sealed class BfsBuffers
    {
        public HashSet<string> Visited { get; } = new(StringComparer.Ordinal);

        public List<string> Frontier { get; } = [];

        public List<string> Next { get; } = [];
    }
}
