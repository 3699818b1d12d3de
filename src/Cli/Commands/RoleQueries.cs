using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary>The role questions a policy test may ask, for any role definition (<c>g</c>, <c>g2</c>, ...).</summary>
internal static class RoleQueries
{
    /// <summary>The roles linked to <paramref name="user"/> directly.</summary>
    public static IReadOnlyList<string> Direct(Enforcer enforcer, string type, string user, string[] domain) =>
        enforcer.GetNamedRoleManager(type).GetRoles(user, domain.Length > 0 ? domain[0] : "");

    /// <summary>The roles of <paramref name="user"/>, direct and inherited.</summary>
    public static IReadOnlyList<string> Implicit(Enforcer enforcer, string type, string user, string[] domain) =>
        enforcer.GetNamedImplicitRolesForUser(type, user, domain);
}
