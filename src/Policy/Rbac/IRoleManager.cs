namespace Entitlements.Policy.Rbac;

/// <summary>Decides whether a name matches a pattern (used for pattern role names and pattern domains).</summary>
public delegate bool MatchingFunction(string name, string pattern);

/// <summary>
/// Decides whether a conditional link may be traversed; receives the link's extra parameters
/// (the fields after user, role[, domain] of the grouping rule) and the evaluation time.
/// </summary>
public delegate bool LinkConditionFunction(IReadOnlyList<string> parameters, DateTimeOffset now);

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
}
