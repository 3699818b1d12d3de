using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Engine;

/// <summary>The one place the engine creates, copies and feeds role managers.</summary>
internal static class RoleManagers
{
    public const int DefaultMaxHierarchyLevel = 10;

    public static IRoleManager Create(int maxHierarchyLevel = DefaultMaxHierarchyLevel) => new DefaultRoleManager(maxHierarchyLevel);

    public static IRoleManager Clone(IRoleManager rm) => rm.Clone();

    public static void AddLink(IRoleManager rm, string user, string role, string domain, IReadOnlyList<string> parameters)
    {
        if (parameters.Count > 0)
        {
            rm.AddLink(user, role, domain, parameters);
        }
        else
        {
            rm.AddLink(user, role, domain);
        }
    }

    public static void SetLinkCondition(IRoleManager rm, string user, string role, string domain, LinkConditionFunction fn) =>
        rm.SetLinkCondition(user, role, domain, fn);
}
