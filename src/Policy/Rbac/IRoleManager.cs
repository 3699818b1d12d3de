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
    int MaxHierarchyLevel { get; }

    void Clear();
    void AddLink(string name1, string name2, string domain = "");
    void DeleteLink(string name1, string name2, string domain = "");
    bool HasLink(string name1, string name2, string domain = "");
    IReadOnlyList<string> GetRoles(string name, string domain = "");
    IReadOnlyList<string> GetUsers(string name, string domain = "");
    IReadOnlyList<string> GetImplicitRoles(string name, string domain = "");
    IReadOnlyList<string> GetImplicitUsers(string name, string domain = "");
    IReadOnlyList<string> GetDomains(string name);
    IReadOnlyList<string> GetAllDomains();

    void AddMatchingFunction(string name, MatchingFunction fn);
    void AddDomainMatchingFunction(string name, MatchingFunction fn);

    /// <summary>
    /// Adds a conditional link: the link itself plus its <paramref name="parameters"/> (the grouping rule's fields
    /// after user, role[, domain]), which a condition set with <see cref="SetLinkCondition"/> receives.
    /// </summary>
    void AddLink(string name1, string name2, string domain, IReadOnlyList<string> parameters);

    /// <summary>
    /// Attaches <paramref name="condition"/> to the link <paramref name="name1"/> → <paramref name="name2"/> under
    /// <paramref name="domain"/> (<c>""</c> for a role definition without domains). It is evaluated whenever a
    /// query traverses the link; a link without a condition always passes.
    /// </summary>
    void SetLinkCondition(string name1, string name2, string domain, LinkConditionFunction condition);

    /// <summary><see cref="HasLink(string, string, string)"/> with link conditions evaluated at <paramref name="now"/>.</summary>
    bool HasLink(string name1, string name2, string domain, DateTimeOffset now);

    /// <summary>Adds many links in one change (one new snapshot); conditional links carry their parameters.</summary>
    void AddLinks(IEnumerable<RoleLink> links);

    /// <summary>Removes a domain and all its links (the reference's <c>DeleteDomain</c>).</summary>
    void DeleteDomain(string domain);

    /// <summary>
    /// An independent copy that shares the current (immutable) contents: O(1). Writes to either side never show
    /// in the other; reads on both are safe from many threads at once.
    /// </summary>
    IRoleManager Clone();
}
