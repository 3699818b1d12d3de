using System.Text;
using Entitlements.Policy;

namespace Entitlements.Benchmarks.Policy;

/// <summary>The benchmarks' models and policies: files in <c>data/</c> next to the binary, and generated RBAC policies.</summary>
internal static class Data
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", name));

    public static Enforcer Load(string model, string policy) => new(Text(model), Text(policy));

    /// <summary>
    /// The reference's generated RBAC policy: <paramref name="roles"/> rules
    /// <c>p, group{i}, data{i/10}, read</c> and <paramref name="users"/> rules <c>g, user{i}, group{i/10}</c>.
    /// </summary>
    public static string RbacPolicy(int roles, int users)
    {
        var text = new StringBuilder();
        for (var i = 0; i < roles; i++)
        {
            text.Append("p, group").Append(i).Append(", data").Append(i / 10).Append(", read\n");
        }

        for (var i = 0; i < users; i++)
        {
            text.Append("g, user").Append(i).Append(", group").Append(i / 10).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Stops the run before timing when a scenario does not decide as the reference does.</summary>
    public static void Expect(bool actual, bool expected, string scenario)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{scenario}: expected {(expected ? "allow" : "deny")}, got {(actual ? "allow" : "deny")}");
        }
    }
}
