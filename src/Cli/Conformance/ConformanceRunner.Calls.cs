using System.Text.Json;
using Entitlements.Policy;
using Entitlements.Policy.Rbac;

namespace Entitlements.Cli.Conformance;

public sealed partial class ConformanceRunner
{
    /// <summary>Calls an enforcer method named as in the Go API, with JSON arguments.</summary>
    private object? Invoke(Enforcer e, string name, JsonElement args, JsonElement op = default)
    {
        int Count() => args.ValueKind == JsonValueKind.Array ? args.GetArrayLength() : 0;
        string[] All() => Count() == 0 ? [] : StrsFrom(args, 0);
        string[] From(int i) => StrsFrom(args, i);
        string Ptype() => op.ValueKind == JsonValueKind.Object && op.TryGetProperty("ptype", out var p) ? p.GetString()! : "g";

        switch (name)
        {
            // ---- enforcement
            case "Enforce":
                return e.Enforce([.. args.EnumerateArray().Select(Plain)]);

            // ---- switches
            case "EnableEnforce":
                e.EnableEnforce(args[0].GetBoolean());
                return null;
            case "EnableAutoSave":
                return null;
            case "EnableAutoBuildRoleLinks":
                e.EnableAutoBuildRoleLinks(args[0].GetBoolean());
                return null;
            case "EnableAcceptJsonRequest":
                e.EnableAcceptJsonRequest(args[0].GetBoolean());
                return null;

            // ---- loading
            case "LoadPolicy":
                e.LoadPolicy();
                return null;
            case "SetAdapter":
                e.SetPolicyFile(PathOf(args[0].GetProperty("path").GetString()!));
                return null;
            case "LoadFilteredPolicy":
                e.LoadFilteredPolicy(Filter(args[0]), clear: true);
                return null;
            case "loadFilteredPolicy":
            case "LoadIncrementalFilteredPolicy":
                e.LoadFilteredPolicy(Filter(args[0]), clear: false);
                return null;
            case "BuildRoleLinks":
                e.BuildRoleLinks();
                return null;
            case "SetModel":
                {
                    var spec = args[0];
                    var modelPath = spec.GetProperty("model").GetString()!;
                    var other = new Enforcer(Entitlements.Policy.Model.PolicyModel.Load(PathOf(modelPath)));
                    if (spec.TryGetProperty("policy", out var pol) && pol.ValueKind == JsonValueKind.String)
                    {
                        other.SetPolicyFile(PathOf(pol.GetString()!));
                        other.LoadPolicy();
                    }

                    e.SetModelFrom(other);
                    return null;
                }

            case "SetFieldIndex":
                e.SetFieldIndex(Str(args, 0), Str(args, 1), Int(args, 2));
                return null;
            case "RunDetections":
                e.RunDetections();
                return null;

            // ---- policies
            case "AddPolicy": return e.AddPolicy(All());
            case "AddPolicies": return e.AddPolicies(RuleList(args[0]));
            case "AddPoliciesEx": return e.AddPoliciesEx(RuleList(args[0]));
            case "AddNamedPolicy": return e.AddNamedPolicy(Str(args, 0), NamedRule(args));
            case "AddNamedPolicies": return e.AddNamedPolicies(Str(args, 0), RuleList(args[1]));
            case "AddNamedPoliciesEx": return e.AddNamedPoliciesEx(Str(args, 0), RuleList(args[1]));
            case "SelfAddPoliciesEx": return e.AddNamedPoliciesEx(Str(args, 1), RuleList(args[2]));
            case "RemovePolicy": return e.RemovePolicy(All());
            case "RemovePolicies": return e.RemovePolicies(RuleList(args[0]));
            case "RemoveNamedPolicy": return e.RemoveNamedPolicy(Str(args, 0), NamedRule(args));
            case "RemoveNamedPolicies": return e.RemoveNamedPolicies(Str(args, 0), RuleList(args[1]));
            case "RemoveFilteredPolicy": return e.RemoveFilteredPolicy(Int(args, 0), From(1));
            case "RemoveFilteredNamedPolicy": return e.RemoveFilteredNamedPolicy(Str(args, 0), Int(args, 1), From(2));
            case "UpdatePolicy": return e.UpdatePolicy(Strings(args[0]), Strings(args[1]));
            case "UpdatePolicies": return e.UpdatePolicies(RuleList(args[0]), RuleList(args[1]));
            case "ClearPolicy":
                e.ClearPolicy();
                return null;
            case "model.AddPolicy": return e.AddRuleWithoutSideEffects(Str(args, 1), Strings(args[2]).ToArray());

            // ---- grouping
            case "AddGroupingPolicy": return e.AddGroupingPolicy(All());
            case "AddGroupingPolicies": return e.AddGroupingPolicies(RuleList(args[0]));
            case "AddGroupingPoliciesEx": return e.AddGroupingPoliciesEx(RuleList(args[0]));
            case "AddNamedGroupingPolicy": return e.AddNamedGroupingPolicy(Str(args, 0), NamedRule(args));
            case "AddNamedGroupingPolicies": return e.AddNamedGroupingPolicies(Str(args, 0), RuleList(args[1]));
            case "AddNamedGroupingPoliciesEx": return e.AddNamedGroupingPoliciesEx(Str(args, 0), RuleList(args[1]));
            case "RemoveGroupingPolicy": return e.RemoveGroupingPolicy(All());
            case "RemoveGroupingPolicies": return e.RemoveGroupingPolicies(RuleList(args[0]));
            case "RemoveNamedGroupingPolicy": return e.RemoveNamedGroupingPolicy(Str(args, 0), NamedRule(args));
            case "RemoveNamedGroupingPolicies": return e.RemoveNamedGroupingPolicies(Str(args, 0), RuleList(args[1]));
            case "RemoveFilteredGroupingPolicy": return e.RemoveFilteredGroupingPolicy(Int(args, 0), From(1));
            case "RemoveFilteredNamedGroupingPolicy": return e.RemoveFilteredNamedGroupingPolicy(Str(args, 0), Int(args, 1), From(2));
            case "UpdateGroupingPolicy": return e.UpdateGroupingPolicy(Strings(args[0]), Strings(args[1]));
            case "UpdateGroupingPolicies": return e.UpdateGroupingPolicies(RuleList(args[0]), RuleList(args[1]));

            // ---- role manager configuration
            case "AddNamedMatchingFunc":
                e.AddNamedMatchingFunc(Str(args, 0), Str(args, 1), MatchFn(args[2]));
                return true;
            case "AddNamedDomainMatchingFunc":
                e.AddNamedDomainMatchingFunc(Str(args, 0), Str(args, 1), MatchFn(args[2]));
                return true;
            case "AddNamedLinkConditionFunc":
                e.AddNamedLinkConditionFunc(Str(args, 0), Str(args, 1), Str(args, 2), ConditionFn(args[3]));
                return true;
            case "AddNamedDomainLinkConditionFunc":
                e.AddNamedDomainLinkConditionFunc(Str(args, 0), Str(args, 1), Str(args, 2), Str(args, 3), ConditionFn(args[4]));
                return true;
            case "SetRoleManager":
                e.SetRoleManager(RoleManagerFrom(args[0]));
                return null;
            case "RoleManager.AddMatchingFunc":
                e.UpdateRoleManager(Ptype(), rm => rm.AddMatchingFunction(Str(args, 0), MatchFn(args[1])));
                return null;
            case "RoleManager.DeleteLink":
                e.UpdateRoleManager(Ptype(), rm => rm.DeleteLink(Str(args, 0), Str(args, 1), Count() > 2 ? Str(args, 2) : ""));
                return null;
            case "RoleManager.HasLink":
                return e.GetRoleManager().HasLink(Str(args, 0), Str(args, 1), Count() > 2 ? Str(args, 2) : "");

            // ---- RBAC
            case "GetRolesForUser": return e.GetRolesForUser(Str(args, 0), From(1));
            case "GetUsersForRole": return e.GetUsersForRole(Str(args, 0), From(1));
            case "HasRoleForUser": return e.HasRoleForUser(Str(args, 0), Str(args, 1), From(2));
            case "GetRolesForUserInDomain": return e.GetRolesForUserInDomain(Str(args, 0), Str(args, 1));
            case "GetUsersForRoleInDomain": return e.GetUsersForRoleInDomain(Str(args, 0), Str(args, 1));
            case "AddRoleForUser": return e.AddRoleForUser(Str(args, 0), Str(args, 1), From(2));
            case "AddRolesForUser": return e.AddRolesForUser(Str(args, 0), Strings(args[1]), From(2));
            case "AddRoleForUserInDomain": return e.AddRoleForUserInDomain(Str(args, 0), Str(args, 1), Str(args, 2));
            case "DeleteRoleForUser": return e.DeleteRoleForUser(Str(args, 0), Str(args, 1), From(2));
            case "DeleteRoleForUserInDomain": return e.DeleteRoleForUserInDomain(Str(args, 0), Str(args, 1), Str(args, 2));
            case "DeleteRolesForUser": return e.DeleteRolesForUser(Str(args, 0), From(1));
            case "DeleteRolesForUserInDomain": return e.DeleteRolesForUserInDomain(Str(args, 0), Str(args, 1));
            case "DeleteUser": return e.DeleteUser(Str(args, 0));
            case "DeleteRole": return e.DeleteRole(Str(args, 0));
            case "DeletePermission": return e.DeletePermission(All());
            case "AddPermissionForUser": return e.AddPermissionForUser(Str(args, 0), From(1));
            case "AddPermissionsForUser":
                return e.AddPermissionsForUser(Str(args, 0), [.. args.EnumerateArray().Skip(1).Select(x => (IReadOnlyList<string>)Strings(x))]);
            case "DeletePermissionForUser": return e.DeletePermissionForUser(Str(args, 0), From(1));
            case "DeletePermissionsForUser": return e.DeletePermissionsForUser(Str(args, 0));
            case "HasPermissionForUser": return e.HasPermissionForUser(Str(args, 0), From(1));
            case "GetPermissionsForUser": return e.GetPermissionsForUser(Str(args, 0), From(1));
            case "GetPermissionsForUserInDomain": return e.GetPermissionsForUserInDomain(Str(args, 0), Str(args, 1));
            case "GetNamedPermissionsForUser": return e.GetNamedPermissionsForUser(Str(args, 0), Str(args, 1), From(2));
            case "GetImplicitRolesForUser": return e.GetImplicitRolesForUser(Str(args, 0), From(1));
            case "GetImplicitUsersForRole": return e.GetImplicitUsersForRole(Str(args, 0), From(1));
            case "GetImplicitPermissionsForUser": return e.GetImplicitPermissionsForUser(Str(args, 0), From(1));
            case "GetNamedImplicitPermissionsForUser": return e.GetNamedImplicitPermissionsForUser(Str(args, 0), Str(args, 1), Str(args, 2), From(3));
            case "GetImplicitUsersForPermission": return e.GetImplicitUsersForPermission(All());
            case "GetImplicitResourcesForUser": return e.GetImplicitResourcesForUser(Str(args, 0), From(1));
            case "GetImplicitUsersForResource": return e.GetImplicitUsersForResource(Str(args, 0));
            case "GetNamedImplicitUsersForResource": return e.GetNamedImplicitUsersForResource(Str(args, 0), Str(args, 1));
            case "GetImplicitUsersForResourceByDomain": return e.GetImplicitUsersForResourceByDomain(Str(args, 0), Str(args, 1));
            case "GetImplicitObjectPatternsForUser": return e.GetImplicitObjectPatternsForUser(Str(args, 0), Str(args, 1), Str(args, 2));
            case "GetAllowedObjectConditions": return e.GetAllowedObjectConditions(Str(args, 0), Str(args, 1), Str(args, 2));
            case "GetDomainsForUser": return e.GetDomainsForUser(Str(args, 0));
            case "GetAllDomains": return e.GetAllDomains();
            case "GetAllUsersByDomain": return e.GetAllUsersByDomain(Str(args, 0));
            case "GetAllRolesByDomain": return e.GetAllRolesByDomain(Str(args, 0));
            case "DeleteAllUsersByDomain": return e.DeleteAllUsersByDomain(Str(args, 0));
            case "DeleteDomains": return e.DeleteDomains(All());

            // ---- reading
            case "GetPolicy": return e.GetPolicy();
            case "GetNamedPolicy": return e.GetNamedPolicy(Str(args, 0));
            case "GetGroupingPolicy": return e.GetGroupingPolicy();
            case "GetNamedGroupingPolicy": return e.GetNamedGroupingPolicy(Str(args, 0));
            case "GetFilteredPolicy": return e.GetFilteredPolicy(Int(args, 0), From(1));
            case "GetFilteredNamedPolicy": return e.GetFilteredNamedPolicy(Str(args, 0), Int(args, 1), From(2));
            case "GetFilteredGroupingPolicy": return e.GetFilteredGroupingPolicy(Int(args, 0), From(1));
            case "GetFilteredNamedGroupingPolicy": return e.GetFilteredNamedGroupingPolicy(Str(args, 0), Int(args, 1), From(2));
            case "GetFilteredNamedPolicyWithMatcher": return e.GetFilteredNamedPolicyWithMatcher(Str(args, 0), Str(args, 1));
            case "HasPolicy": return e.HasPolicy(All());
            case "HasNamedPolicy": return e.HasNamedPolicy(Str(args, 0), From(1));
            case "HasGroupingPolicy": return e.HasGroupingPolicy(All());
            case "HasNamedGroupingPolicy": return e.HasNamedGroupingPolicy(Str(args, 0), From(1));
            case "GetAllSubjects": return e.GetAllSubjects();
            case "GetAllObjects": return e.GetAllObjects();
            case "GetAllActions": return e.GetAllActions();
            case "GetAllRoles": return e.GetAllRoles();
            case "GetAllNamedRoles": return e.GetAllNamedRoles(Str(args, 0));
            case "GetAllNamedSubjects": return e.GetAllNamedSubjects(Str(args, 0));
            case "GetAllNamedObjects": return e.GetAllNamedObjects(Str(args, 0));
            case "GetAllNamedActions": return e.GetAllNamedActions(Str(args, 0));
            case "GetNamedImplicitRolesForUser": return e.GetNamedImplicitRolesForUser(Str(args, 0), Str(args, 1), From(2));
            case "UpdateNamedPolicy": return e.UpdateNamedPolicy(Str(args, 0), Strings(args[1]), Strings(args[2]));
            case "UpdateNamedGroupingPolicy": return e.UpdateNamedGroupingPolicy(Str(args, 0), Strings(args[1]), Strings(args[2]));
            case "EnforceWithMatcher": return e.EnforceWithMatcher(Str(args, 0), [.. args.EnumerateArray().Skip(1).Select(Plain)]);
            case "EnforceEx": return e.EnforceEx([.. args.EnumerateArray().Select(Plain)]).Rule;
            case "BatchEnforce": return e.BatchEnforce([.. args[0].EnumerateArray().Select(r => r.EnumerateArray().Select(Plain).ToArray())]);
            case "GetAllUsers": return e.GetAllUsers();
            default:
                throw new NotSupportedException($"operation {name} is not supported by the runner");
        }
    }

    /// <summary><c>AddNamedPolicy("p", ["a","b"])</c> or <c>AddNamedPolicy("p", "a", "b")</c>.</summary>
    private static string[] NamedRule(JsonElement args) =>
        args[1].ValueKind == JsonValueKind.Array ? [.. Strings(args[1])] : StrsFrom(args, 1);

    private static IRoleManager RoleManagerFrom(JsonElement spec)
    {
        var max = spec.TryGetProperty("maxHierarchyLevel", out var m) ? m.GetInt32() : 10;
        return Enforcer.CreateRoleManager(max);
    }

    private static void ApplyRoleManagerOp(IRoleManager rm, JsonElement op)
    {
        var name = op.GetProperty("op").GetString()!;
        var args = op.GetProperty("args");
        var n = args.GetArrayLength();
        switch (name)
        {
            case "AddLink":
                rm.AddLink(Str(args, 0), Str(args, 1), n > 2 ? Str(args, 2) : "");
                break;
            case "DeleteLink":
                rm.DeleteLink(Str(args, 0), Str(args, 1), n > 2 ? Str(args, 2) : "");
                break;
            case "Clear":
                rm.Clear();
                break;
            case "AddMatchingFunc":
                rm.AddMatchingFunction(Str(args, 0), MatchFn(args[1]));
                break;
            case "AddDomainMatchingFunc":
                rm.AddDomainMatchingFunction(Str(args, 0), MatchFn(args[1]));
                break;
            default:
                throw new NotSupportedException($"role manager operation {name} is not supported by the runner");
        }
    }

    private static object? InvokeRoleManager(IRoleManager rm, string api, JsonElement args)
    {
        var n = args.GetArrayLength();
        var domain = n > 2 ? Str(args, 2) : "";
        return api switch
        {
            "rm.HasLink" => rm.HasLink(Str(args, 0), Str(args, 1), domain),
            "rm.GetRoles" => rm.GetRoles(Str(args, 0), n > 1 ? Str(args, 1) : ""),
            "rm.GetUsers" => rm.GetUsers(Str(args, 0), n > 1 ? Str(args, 1) : ""),
            _ => throw new NotSupportedException($"role manager api {api} is not supported by the runner"),
        };
    }
}
