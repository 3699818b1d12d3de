using Entitlements.Policy.Engine;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy;

public sealed partial class Enforcer
{
    // ------------------------------------------------------------------ role managers

    /// <summary>A new, empty default role manager (domain-capable, pattern- and condition-aware).</summary>
    public static IRoleManager CreateRoleManager(int maxHierarchyLevel = RoleManagers.DefaultMaxHierarchyLevel) =>
        RoleManagers.Create(maxHierarchyLevel);

    /// <summary>The (published, read-only) role manager of <c>g</c>.</summary>
    public IRoleManager GetRoleManager() => GetNamedRoleManager("g");

    /// <summary>The (published, read-only) role manager of a role definition; do not mutate it, use the enforcer's methods.</summary>
    public IRoleManager GetNamedRoleManager(string ptype)
    {
        var s = Current;
        var i = s.RoleIndex(ptype);
        return i >= 0 && s.RoleManagers[i] is { } rm ? rm : throw new PolicyException($"model has no role definition \"{ptype}\"");
    }

    /// <summary>Changes the role manager of <paramref name="ptype"/> (a private copy, published atomically).</summary>
    public void UpdateRoleManager(string ptype, Action<IRoleManager> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Mutate(b =>
        {
            var i = b.Base.RoleIndex(ptype);
            if (i < 0)
            {
                throw new PolicyException($"model has no role definition \"{ptype}\"");
            }

            change(b.RoleManager(i));
        });
    }

    /// <summary>Installs a fresh, empty role manager for <paramref name="ptype"/> (existing links are not copied).</summary>
    public void SetRoleManager(IRoleManager roleManager, string ptype = "g")
    {
        ArgumentNullException.ThrowIfNull(roleManager);
        Mutate(b =>
        {
            var i = b.Base.RoleIndex(ptype);
            if (i < 0)
            {
                throw new PolicyException($"model has no role definition \"{ptype}\"");
            }

            b.ReplaceRoleManager(i, roleManager);
        });
    }

    /// <summary>Role and user names of <paramref name="ptype"/> may be patterns matched by <paramref name="fn"/>.</summary>
    public void AddNamedMatchingFunc(string ptype, string name, MatchingFunction fn) =>
        UpdateRoleManager(ptype, rm => rm.AddMatchingFunction(name, fn));

    /// <summary>Domains of <paramref name="ptype"/> may be patterns matched by <paramref name="fn"/>.</summary>
    public void AddNamedDomainMatchingFunc(string ptype, string name, MatchingFunction fn) => Mutate(b =>
    {
        var i = b.Base.RoleIndex(ptype);
        if (i < 0)
        {
            throw new PolicyException($"model has no role definition \"{ptype}\"");
        }

        b.RoleManager(i).AddDomainMatchingFunction(name, fn);
        b.DomainMatchers = b.DomainMatchers.SetItem(ptype, fn);
    });

    /// <summary>Attaches a condition to the link user -&gt; role of a conditional role definition.</summary>
    public void AddNamedLinkConditionFunc(string ptype, string user, string role, LinkConditionFunction fn) =>
        UpdateRoleManager(ptype, rm => RoleManagers.SetLinkCondition(rm, user, role, "", fn));

    /// <summary>Attaches a condition to the link user -&gt; role in <paramref name="domain"/>.</summary>
    public void AddNamedDomainLinkConditionFunc(string ptype, string user, string role, string domain, LinkConditionFunction fn) =>
        UpdateRoleManager(ptype, rm => RoleManagers.SetLinkCondition(rm, user, role, domain, fn));

    // ------------------------------------------------------------------ roles

    private static string Dom(string[] domain) => domain.Length > 0 ? domain[0] : "";

    public IReadOnlyList<string> GetRolesForUser(string user, params string[] domain) => GetRoleManager().GetRoles(user, Dom(domain));
    public IReadOnlyList<string> GetUsersForRole(string role, params string[] domain) => GetRoleManager().GetUsers(role, Dom(domain));
    public bool HasRoleForUser(string user, string role, params string[] domain) => GetRolesForUser(user, domain).Contains(role);
    public IReadOnlyList<string> GetRolesForUserInDomain(string user, string domain) => GetRolesForUser(user, domain);
    public IReadOnlyList<string> GetUsersForRoleInDomain(string role, string domain) => GetUsersForRole(role, domain);

    public bool AddRoleForUser(string user, string role, params string[] domain) => AddGroupingPolicy([user, role, .. domain]);
    public bool AddRolesForUser(string user, IEnumerable<string> roles, params string[] domain) =>
        AddGroupingPolicies(roles.Select(r => (IReadOnlyList<string>)[user, r, .. domain]).ToList());
    public bool AddRoleForUserInDomain(string user, string role, string domain) => AddRoleForUser(user, role, domain);
    public bool DeleteRoleForUser(string user, string role, params string[] domain) => RemoveGroupingPolicy([user, role, .. domain]);
    public bool DeleteRoleForUserInDomain(string user, string role, string domain) => DeleteRoleForUser(user, role, domain);

    public bool DeleteRolesForUser(string user, params string[] domain) =>
        domain.Length == 0 ? RemoveFilteredGroupingPolicy(0, user) : RemoveFilteredGroupingPolicy(0, user, "", domain[0]);

    public bool DeleteRolesForUserInDomain(string user, string domain)
    {
        var roles = GetRoleManager().GetRoles(user, domain);
        return RemoveGroupingPolicies(roles.Select(r => (IReadOnlyList<string>)[user, r, domain]).ToList());
    }

    public bool DeleteUser(string user)
    {
        var a = RemoveFilteredGroupingPolicy(0, user);
        var b = RemoveFilteredPolicy(GetFieldIndex("p", "sub"), user);
        return a || b;
    }

    public bool DeleteRole(string role)
    {
        var a = RemoveFilteredGroupingPolicy(0, role);
        var b = RemoveFilteredGroupingPolicy(1, role);
        var c = RemoveFilteredPolicy(GetFieldIndex("p", "sub"), role);
        return a || b || c;
    }

    // ------------------------------------------------------------------ permissions

    public bool DeletePermission(params string[] permission) => RemoveFilteredPolicy(1, permission);
    public bool AddPermissionForUser(string user, params string[] permission) => AddPolicy([user, .. permission]);
    public bool AddPermissionsForUser(string user, params IReadOnlyList<string>[] permissions) =>
        AddPolicies(permissions.Select(p => (IReadOnlyList<string>)[user, .. p]).ToList());
    public bool DeletePermissionForUser(string user, params string[] permission) => RemovePolicy([user, .. permission]);
    public bool DeletePermissionsForUser(string user) => RemoveFilteredPolicy(GetFieldIndex("p", "sub"), user);
    public bool HasPermissionForUser(string user, params string[] permission) => HasPolicy([user, .. permission]);

    public IReadOnlyList<IReadOnlyList<string>> GetPermissionsForUser(string user, params string[] domain) => GetNamedPermissionsForUser("p", user, domain);
    public IReadOnlyList<IReadOnlyList<string>> GetPermissionsForUserInDomain(string user, string domain) => GetImplicitPermissionsForUser(user, domain);

    public IReadOnlyList<IReadOnlyList<string>> GetNamedPermissionsForUser(string ptype, string user, params string[] domain)
    {
        var s = Current;
        var def = s.Model.Find(ptype);
        if (def is null)
        {
            return [];
        }

        var args = new string[def.Tokens.Count];
        Array.Fill(args, "");
        var sub = s.FieldIndex("p", "sub");
        args[sub < 0 ? 0 : sub] = user;
        if (domain.Length > 0)
        {
            args[GetFieldIndex(ptype, "dom")] = domain[0];
        }

        return GetFilteredNamedPolicy(ptype, 0, args);
    }

    // ------------------------------------------------------------------ implicit

    public IReadOnlyList<string> GetImplicitRolesForUser(string user, params string[] domain)
    {
        var s = Current;
        var result = new List<string>();
        foreach (var rm in s.RoleManagers)
        {
            if (rm is not null)
            {
                result.AddRange(rm.GetImplicitRoles(user, Dom(domain)));
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetNamedImplicitRolesForUser(string ptype, string user, params string[] domain) =>
        GetNamedRoleManager(ptype).GetImplicitRoles(user, Dom(domain));

    public IReadOnlyList<string> GetImplicitUsersForRole(string role, params string[] domain)
    {
        var s = Current;
        var result = new List<string>();
        foreach (var rm in s.RoleManagers)
        {
            if (rm is not null)
            {
                result.AddRange(rm.GetImplicitUsers(role, Dom(domain)));
            }
        }

        return result;
    }

    public IReadOnlyList<IReadOnlyList<string>> GetImplicitPermissionsForUser(string user, params string[] domain) =>
        GetNamedImplicitPermissionsForUser("p", "g", user, domain);

    public IReadOnlyList<IReadOnlyList<string>> GetNamedImplicitPermissionsForUser(string ptype, string gtype, string user, params string[] domain)
    {
        if (domain.Length > 1)
        {
            throw new PolicyException("domain should be 1 parameter");
        }

        var s = Current;
        var rm = GetNamedRoleManager(gtype);
        var domainIndex = s.FieldIndex(ptype, "dom");
        var result = new List<IReadOnlyList<string>>();
        foreach (var rule in s.RulesOf(ptype).Rows)
        {
            if (domain.Length == 0)
            {
                if (rm.HasLink(user, rule[0]))
                {
                    result.Add(rule);
                }

                continue;
            }

            var d = domain[0];
            if (domainIndex < 0 || !(d == rule[domainIndex] || (s.DomainMatchers.TryGetValue(gtype, out var match) && match(d, rule[domainIndex]))))
            {
                continue;
            }

            if (rm.HasLink(user, rule[0], d))
            {
                var copy = rule.ToArray();
                copy[domainIndex] = d;
                result.Add(copy);
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetImplicitUsersForPermission(params string[] permission)
    {
        var s = Current;
        var gUsers = s.Model.RoleTypes.SelectMany(t => s.RulesOf(t).Rows.Select(r => r[0]));
        var gRoles = new HashSet<string>(s.Model.RoleTypes.SelectMany(t => s.RulesOf(t).Rows.Select(r => r[1])), StringComparer.Ordinal);
        var subjects = GetAllSubjects().Concat(gUsers).Distinct(StringComparer.Ordinal).Where(u => !gRoles.Contains(u));
        var result = new List<string>();
        foreach (var user in subjects)
        {
            object?[] request = [user, .. permission];
            if (Decide(s, EnforceContext.Default, request, null).Allowed)
            {
                result.Add(user);
            }
        }

        return result;
    }

    public IReadOnlyList<IReadOnlyList<string>> GetImplicitResourcesForUser(string user, params string[] domain)
    {
        var result = new List<IReadOnlyList<string>>();
        foreach (var permission in GetImplicitPermissionsForUser(user, domain))
        {
            if (permission[0] == user)
            {
                result.Add(permission);
                continue;
            }

            var local = new List<List<string>> { new() { user } };
            for (var i = 1; i < permission.Count; i++)
            {
                var options = GetImplicitUsersForRole(permission[i], domain).Append(permission[i]).ToList();
                var next = new List<List<string>>();
                foreach (var option in options)
                {
                    foreach (var partial in local)
                    {
                        next.Add([.. partial, option]);
                    }
                }

                local = next;
            }

            result.AddRange(local);
        }

        return result;
    }

    public IReadOnlyList<IReadOnlyList<string>> GetImplicitUsersForResource(string resource) =>
        ImplicitUsersForResource(o => o == resource);

    public IReadOnlyList<IReadOnlyList<string>> GetNamedImplicitUsersForResource(string ptype, string resource)
    {
        var resourceRm = GetNamedRoleManager(ptype);
        return ImplicitUsersForResource(o => o == resource || resourceRm.HasLink(resource, o));
    }

    /// <summary>The p rules whose object matches, with every role subject replaced by each of its implicit users.</summary>
    private List<IReadOnlyList<string>> ImplicitUsersForResource(Func<string, bool> objectMatches)
    {
        var s = Current;
        var sub = GetFieldIndex("p", "sub");
        var obj = GetFieldIndex("p", "obj");
        var roles = new HashSet<string>(GetAllRoles(), StringComparer.Ordinal);
        var rm = GetRoleManager();
        var result = new List<IReadOnlyList<string>>();
        foreach (var rule in s.RulesOf("p").Rows)
        {
            if (!objectMatches(rule[obj]))
            {
                continue;
            }

            if (!roles.Contains(rule[sub]))
            {
                result.Add(rule);
                continue;
            }

            foreach (var u in rm.GetImplicitUsers(rule[sub]))
            {
                if (roles.Contains(u))
                {
                    continue;
                }

                var copy = rule.ToArray();
                copy[sub] = u;
                result.Add(copy);
            }
        }

        return result;
    }

    public IReadOnlyList<IReadOnlyList<string>> GetImplicitUsersForResourceByDomain(string resource, string domain)
    {
        var s = Current;
        var sub = GetFieldIndex("p", "sub");
        var obj = GetFieldIndex("p", "obj");
        var dom = GetFieldIndex("p", "dom");
        var roles = new HashSet<string>(GetAllRolesByDomain(domain), StringComparer.Ordinal);
        var rm = GetRoleManager();
        var result = new List<IReadOnlyList<string>>();
        foreach (var rule in s.RulesOf("p").Rows)
        {
            if (rule[obj] != resource || rule[dom] != domain)
            {
                continue;
            }

            if (!roles.Contains(rule[sub]))
            {
                result.Add(rule);
                continue;
            }

            foreach (var u in rm.GetImplicitUsers(rule[sub], domain))
            {
                if (roles.Contains(u))
                {
                    continue;
                }

                var copy = rule.ToArray();
                copy[sub] = u;
                result.Add(copy);
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetImplicitObjectPatternsForUser(string user, string domain, string action)
    {
        var s = Current;
        var subjects = new HashSet<string>(GetImplicitRolesForUser(user, domain).Prepend(user), StringComparer.Ordinal);
        var sub = GetFieldIndex("p", "sub");
        var obj = GetFieldIndex("p", "obj");
        var act = GetFieldIndex("p", "act");
        var dom = GetFieldIndex("p", "dom");
        var result = new List<string>();
        foreach (var rule in s.RulesOf("p").Rows)
        {
            if (subjects.Contains(rule[sub]) && (rule[dom] == domain || rule[dom] == "*") && (rule[act] == action || rule[act] == "*")
                && !result.Contains(rule[obj]))
            {
                result.Add(rule[obj]);
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetAllowedObjectConditions(string user, string action, string prefix)
    {
        var result = new List<string>();
        foreach (var rule in GetImplicitPermissionsForUser(user))
        {
            if (rule[2] != action)
            {
                continue;
            }

            if (!rule[1].StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new PolicyException("need to meet the prefix required by the object condition");
            }

            result.Add(rule[1][prefix.Length..]);
        }

        return result.Count > 0 ? result : throw new PolicyException("GetAllowedObjectConditions have an empty condition");
    }

    // ------------------------------------------------------------------ domains

    public IReadOnlyList<string> GetDomainsForUser(string user) =>
        [.. Current.RoleManagers.Where(rm => rm is not null).SelectMany(rm => rm!.GetDomains(user))];

    public IReadOnlyList<string> GetAllDomains() => GetRoleManager().GetAllDomains();

    public IReadOnlyList<string> GetAllUsersByDomain(string domain)
    {
        var s = Current;
        var result = new List<string>();
        var dom = GetFieldIndex("p", "dom");
        foreach (var rule in s.RulesOf("g").Rows.Where(r => r.Length > 2 && r[2] == domain).Concat(s.RulesOf("p").Rows.Where(r => r[dom] == domain)))
        {
            if (!result.Contains(rule[0]))
            {
                result.Add(rule[0]);
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetAllRolesByDomain(string domain)
    {
        var result = new List<string>();
        foreach (var rule in Current.RulesOf("g").Rows)
        {
            if (rule.Length >= 2 && rule[^1] == domain && !result.Contains(rule[^2]))
            {
                result.Add(rule[^2]);
            }
        }

        return result;
    }

    /// <summary>Removes the g rules and p rules of a domain and the domain's role graph.</summary>
    public bool DeleteAllUsersByDomain(string domain)
    {
        var dom = GetFieldIndex("p", "dom");
        return Mutate(b => DeleteDomain(b, domain, dom));
    }

    private static bool DeleteDomain(SnapshotBuilder b, string domain, int dom)
    {
        var g = b.Read("g").Where(r => r.Length > 2 && r[2] == domain).ToArray();
        var p = b.Read("p").Where(r => dom < r.Length && r[dom] == domain).ToArray();
        var changed = g.Length > 0 && RemoveRules(b, "g", g, single: false);
        changed |= p.Length > 0 && RemoveRules(b, "p", p, single: false);
        var roleIndex = b.Base.RoleIndex("g");
        if (roleIndex >= 0)
        {
            b.RoleManager(roleIndex).DeleteDomain(domain);
        }

        return changed;
    }

    /// <summary>Deletes the given domains; with none, deletes every rule and every role link.</summary>
    public bool DeleteDomains(params string[] domains)
    {
        if (domains.Length == 0)
        {
            Mutate(b =>
            {
                b.ClearRules();
                for (var i = 0; i < b.Model.RoleTypes.Count; i++)
                {
                    b.RoleManager(i).Clear();
                }
            });
            return true;
        }

        var dom = GetFieldIndex("p", "dom");
        return Mutate(b =>
        {
            var changed = false;
            foreach (var d in domains)
            {
                changed |= DeleteDomain(b, d, dom);
            }

            return changed;
        });
    }
}
