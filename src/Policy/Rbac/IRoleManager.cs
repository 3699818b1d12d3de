namespace Entitlements.Policy.Rbac;

/// <summary>Decides whether a name matches a pattern (used for pattern role names and pattern domains).</summary>
public delegate bool MatchingFunction(string name, string pattern);

/// <summary>
/// Decides whether a conditional link may be traversed; receives the link's extra parameters
/// (the fields after user, role[, domain] of the grouping rule) and the evaluation time.
/// </summary>
public delegate bool LinkConditionFunction(IReadOnlyList<string> parameters, DateTimeOffset now);

/// <summary>One link for <see cref="IRoleManager.AddLinks"/>: user, role, domain (<c>""</c> = none) and, for a conditional link, its parameters.</summary>
public readonly record struct RoleLink(string User, string Role, string Domain = "", IReadOnlyList<string>? Parameters = null);

/// <summary>
/// The role graph of one role definition (g, g2, ...). Names are plain strings; a domain of ""
/// means "no domain". Every query is bounded by <see cref="MaxHierarchyLevel"/> hops.
/// </summary>
public interface IRoleManager
{
    /// <summary>Most links a query follows from its start name (the enforcer uses 10); deeper chains silently do not count.</summary>
    int MaxHierarchyLevel { get; }

    /// <summary>Removes every link and domain; installed matching functions stay.</summary>
    void Clear();

    /// <summary><paramref name="name1"/> (user) inherits <paramref name="name2"/> (role) in <paramref name="domain"/>.</summary>
    void AddLink(string name1, string name2, string domain = "");

    /// <summary>Removes the link <paramref name="name1"/> → <paramref name="name2"/> in <paramref name="domain"/>.</summary>
    void DeleteLink(string name1, string name2, string domain = "");

    /// <summary>
    /// Whether <paramref name="name1"/> has <paramref name="name2"/> in <paramref name="domain"/>: the same name, a
    /// pattern match, or a chain of at most <see cref="MaxHierarchyLevel"/> links. The matcher's <c>g(a, b[, d])</c>.
    /// </summary>
    bool HasLink(string name1, string name2, string domain = "");

    /// <summary>Direct roles of <paramref name="name"/> in <paramref name="domain"/> (pattern-derived ones included).</summary>
    IReadOnlyList<string> GetRoles(string name, string domain = "");

    /// <summary>Direct users (members) of <paramref name="name"/> in <paramref name="domain"/> (pattern-derived ones included).</summary>
    IReadOnlyList<string> GetUsers(string name, string domain = "");

    /// <summary>All roles reachable from <paramref name="name"/> within <see cref="MaxHierarchyLevel"/> levels, without <paramref name="name"/>.</summary>
    IReadOnlyList<string> GetImplicitRoles(string name, string domain = "");

    /// <summary>All users that reach <paramref name="name"/> within <see cref="MaxHierarchyLevel"/> levels, without <paramref name="name"/>.</summary>
    IReadOnlyList<string> GetImplicitUsers(string name, string domain = "");

    /// <summary>Domains in which <paramref name="name"/> has a role or a user.</summary>
    IReadOnlyList<string> GetDomains(string name);

    /// <summary>Every domain that holds a role graph.</summary>
    IReadOnlyList<string> GetAllDomains();

    /// <summary>Role and user names may be patterns matched by <paramref name="fn"/> (one function per manager; a new one replaces the old).</summary>
    void AddMatchingFunction(string name, MatchingFunction fn);

    /// <summary>Domains may be patterns matched by <paramref name="fn"/>: links in a pattern domain apply in every matching domain.</summary>
    void AddDomainMatchingFunction(string name, MatchingFunction fn);

    // Members below were added after the first version of this interface. They have default bodies so that
    // other implementations keep compiling; DefaultRoleManager implements all of them.

    /// <summary>
    /// Adds a conditional link: the link itself plus its <paramref name="parameters"/> (the grouping rule's fields
    /// after user, role[, domain]), which a condition set with <see cref="SetLinkCondition"/> receives.
    /// </summary>
    void AddLink(string name1, string name2, string domain, IReadOnlyList<string> parameters) =>
        throw new NotSupportedException($"{GetType().Name} does not support conditional links");

    /// <summary>
    /// Attaches <paramref name="condition"/> to the link <paramref name="name1"/> → <paramref name="name2"/> under
    /// <paramref name="domain"/> (<c>""</c> for a role definition without domains). It is evaluated whenever a
    /// query traverses the link; a link without a condition always passes.
    /// </summary>
    void SetLinkCondition(string name1, string name2, string domain, LinkConditionFunction condition) =>
        throw new NotSupportedException($"{GetType().Name} does not support conditional links");

    /// <summary><see cref="HasLink(string, string, string)"/> with link conditions evaluated at <paramref name="now"/>.</summary>
    bool HasLink(string name1, string name2, string domain, DateTimeOffset now) => HasLink(name1, name2, domain);

    /// <summary>Adds many links in one change (one new snapshot); conditional links carry their parameters.</summary>
    void AddLinks(IEnumerable<RoleLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        foreach (var link in links)
        {
            if (link.Parameters is null)
            {
                AddLink(link.User, link.Role, link.Domain);
            }
            else
            {
                AddLink(link.User, link.Role, link.Domain, link.Parameters);
            }
        }
    }

    /// <summary>Removes a domain and all its links (the reference's <c>DeleteDomain</c>).</summary>
    void DeleteDomain(string domain) =>
        throw new NotSupportedException($"{GetType().Name} does not support deleting domains");

    /// <summary>
    /// Whether <paramref name="domain"/> matches <paramref name="pattern"/>: equal, or the installed domain matching
    /// function says so (the reference's <c>DomainManager.Match</c>, used by <c>GetImplicitPermissionsForUser</c>).
    /// </summary>
    bool MatchDomain(string domain, string pattern) => domain == pattern;

    /// <summary>
    /// An independent copy that shares the current (immutable) contents: O(1). Writes to either side never show
    /// in the other; reads on both are safe from many threads at once.
    /// </summary>
    IRoleManager Clone() => throw new NotSupportedException($"{GetType().Name} cannot be cloned");
}
