using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Engine;

/// <summary>The one place the engine creates, copies and feeds role managers.</summary>
internal static class RoleManagers
{
    public const int DefaultMaxHierarchyLevel = 10;

    public static IRoleManager Create(int maxHierarchyLevel = DefaultMaxHierarchyLevel) => new InterimRoleManager(maxHierarchyLevel);

    public static IRoleManager Clone(IRoleManager rm) => rm switch
    {
        InterimRoleManager interim => interim.Clone(),
        _ => throw new PolicyException($"role manager {rm.GetType().Name} cannot be copied for a snapshot"),
    };

    public static void AddLink(IRoleManager rm, string user, string role, string domain, IReadOnlyList<string> parameters) =>
        rm.AddLink(user, role, domain);
}
