using System.Text.Json;
using Entitlements.Policy.Functions;
using Entitlements.Policy.Rbac;

namespace Entitlements.Policy.Tests.Rbac;

/// <summary>Every role-manager-level record of <c>Conformance/rbac_api.json</c> as its own case.</summary>
public sealed class RoleManagerConformanceTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Records = new(Load);

    public static TheoryData<string> RecordIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Records.Value.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecordIds))]
    public void RoleManager_MatchesReference(string id)
    {
        var record = Records.Value[id];
        var config = record.GetProperty("role_manager");
        Assert.Equal("defaultrolemanager.NewRoleManager", config.GetProperty("constructor").GetString());
        var manager = new DefaultRoleManager(config.GetProperty("maxHierarchyLevel").GetInt32());

        if (record.TryGetProperty("setup", out var setup))
        {
            foreach (var op in setup.EnumerateArray())
            {
                Apply(manager, op);
            }
        }

        var args = Strings(record.GetProperty("args"));
        var domain = args.Length > (record.GetProperty("api").GetString() == "rm.HasLink" ? 2 : 1) ? args[^1] : "";
        var expected = record.GetProperty("expected");
        switch (record.GetProperty("api").GetString())
        {
            case "rm.HasLink":
                Assert.Equal(expected.GetBoolean(), manager.HasLink(args[0], args[1], domain));
                break;
            case "rm.GetRoles":
                AssertMultiset(expected, manager.GetRoles(args[0], domain));
                break;
            case "rm.GetUsers":
                AssertMultiset(expected, manager.GetUsers(args[0], domain));
                break;
            default:
                throw new InvalidOperationException($"{id}: unknown api {record.GetProperty("api")}");
        }
    }

    private static void Apply(DefaultRoleManager manager, JsonElement op)
    {
        var args = op.GetProperty("args");
        switch (op.GetProperty("op").GetString())
        {
            case "AddLink":
                manager.AddLink(Arg(args, 0), Arg(args, 1), Arg(args, 2));
                break;
            case "DeleteLink":
                manager.DeleteLink(Arg(args, 0), Arg(args, 1), Arg(args, 2));
                break;
            case "Clear":
                manager.Clear();
                break;
            case "AddMatchingFunc":
                manager.AddMatchingFunction(args[0].GetString()!, Builtin(args[1]));
                break;
            case "AddDomainMatchingFunc":
                manager.AddDomainMatchingFunction(args[0].GetString()!, Builtin(args[1]));
                break;
            default:
                throw new InvalidOperationException($"unknown setup op {op}");
        }
    }

    private static string Arg(JsonElement args, int index) =>
        index < args.GetArrayLength() ? args[index].GetString()! : "";

    private static MatchingFunction Builtin(JsonElement spec)
    {
        var name = spec.GetProperty("builtin").GetString()!;
        Assert.True(BuiltinFunctions.TryGetMatchingFunction(name, out var fn), $"no builtin matching function {name}");
        return fn;
    }

    private static void AssertMultiset(JsonElement expected, IReadOnlyList<string> actual)
    {
        var want = expected.ValueKind == JsonValueKind.Null ? [] : Strings(expected);
        Assert.Equal(want.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "rbac_api.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray()
            .Where(r => r.TryGetProperty("role_manager", out _))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
    }
}
