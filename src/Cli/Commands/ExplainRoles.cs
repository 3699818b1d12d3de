using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary>The implicit roles of a request's subject for each role definition, for <c>--explain</c>.</summary>
internal static class ExplainRoles
{
    public static IEnumerable<string> Describe(Enforcer enforcer, EnforceContext context, object?[] request)
    {
        if (request.Length == 0 || request[0] is not string subject)
        {
            yield break;
        }

        var model = enforcer.Model;
        var domainIndex = model.Find(context.RType)?.IndexOf("dom") ?? -1;
        foreach (var type in model.RoleTypes)
        {
            var definition = model.Find(type);
            if (definition is null)
            {
                continue;
            }

            string[] domain;
            if (definition.Arity <= 2)
            {
                domain = [];
            }
            else if (domainIndex >= 0 && request[domainIndex] is string d)
            {
                domain = [d];
            }
            else
            {
                continue;
            }

            var roles = enforcer.GetNamedImplicitRolesForUser(type, subject, domain);
            var where = domain.Length == 0 ? type : $"{type}, domain {domain[0]}";
            yield return $"{subject} ({where}): {(roles.Count == 0 ? "none" : string.Join(", ", roles))}";
        }
    }
}
