using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Engine;

/// <summary>
/// Minimal domain-aware role graph used until the rbac branch's DefaultRoleManager is merged
/// (no pattern matching, no link conditions).
/// </summary>
internal sealed class InterimRoleManager(int maxHierarchyLevel = 10) : IRoleManager
{
    private Dictionary<(string Domain, string Name), List<string>> _roles = [];
    private Dictionary<(string Domain, string Name), List<string>> _users = [];

    public int MaxHierarchyLevel { get; } = maxHierarchyLevel;

    public InterimRoleManager Clone()
    {
        var copy = new InterimRoleManager(MaxHierarchyLevel)
        {
            _roles = _roles.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            _users = _users.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
        };
        return copy;
    }

    public void Clear()
    {
        _roles.Clear();
        _users.Clear();
    }

    public void AddLink(string name1, string name2, string domain = "")
    {
        Add(_roles, (domain, name1), name2);
        Add(_users, (domain, name2), name1);
    }

    private static void Add(Dictionary<(string, string), List<string>> map, (string, string) key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    public void DeleteLink(string name1, string name2, string domain = "")
    {
        if (_roles.TryGetValue((domain, name1), out var r))
        {
            r.Remove(name2);
        }

        if (_users.TryGetValue((domain, name2), out var u))
        {
            u.Remove(name1);
        }
    }

    public bool HasLink(string name1, string name2, string domain = "")
    {
        if (name1 == name2)
        {
            return true;
        }

        var frontier = new List<string> { name1 };
        var seen = new HashSet<string> { name1 };
        for (var level = 0; level < MaxHierarchyLevel && frontier.Count > 0; level++)
        {
            var next = new List<string>();
            foreach (var n in frontier)
            {
                if (!_roles.TryGetValue((domain, n), out var roles))
                {
                    continue;
                }

                foreach (var role in roles)
                {
                    if (role == name2)
                    {
                        return true;
                    }

                    if (seen.Add(role))
                    {
                        next.Add(role);
                    }
                }
            }

            frontier = next;
        }

        return false;
    }

    public IReadOnlyList<string> GetRoles(string name, string domain = "") =>
        _roles.TryGetValue((domain, name), out var r) ? [.. r] : [];

    public IReadOnlyList<string> GetUsers(string name, string domain = "") =>
        _users.TryGetValue((domain, name), out var u) ? [.. u] : [];

    public IReadOnlyList<string> GetImplicitRoles(string name, string domain = "") => Walk(_roles, name, domain);

    public IReadOnlyList<string> GetImplicitUsers(string name, string domain = "") => Walk(_users, name, domain);

    private List<string> Walk(Dictionary<(string, string), List<string>> map, string name, string domain)
    {
        var result = new List<string>();
        var seen = new HashSet<string> { name };
        var frontier = new List<string> { name };
        for (var level = 0; level < MaxHierarchyLevel && frontier.Count > 0; level++)
        {
            var next = new List<string>();
            foreach (var n in frontier)
            {
                if (map.TryGetValue((domain, n), out var list))
                {
                    foreach (var x in list)
                    {
                        if (seen.Add(x))
                        {
                            result.Add(x);
                            next.Add(x);
                        }
                    }
                }
            }

            frontier = next;
        }

        return result;
    }

    public IReadOnlyList<string> GetDomains(string name) =>
        [.. _roles.Where(kv => kv.Key.Name == name && kv.Value.Count > 0).Select(kv => kv.Key.Domain).Distinct()];

    public IReadOnlyList<string> GetAllDomains() => [.. _roles.Keys.Select(k => k.Domain).Distinct()];

    public void AddMatchingFunction(string name, MatchingFunction fn)
    {
    }

    public void AddDomainMatchingFunction(string name, MatchingFunction fn)
    {
    }
}
