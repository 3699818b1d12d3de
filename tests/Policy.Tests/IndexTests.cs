namespace Entitlements.Policy.Tests;

/// <summary>The rule index must never change a decision or its explanation: compare with a matcher the index cannot use.</summary>
public sealed class IndexTests
{
    private static string Model(string effect) => $"""
        [request_definition]
        r = sub, obj, act
        [policy_definition]
        p = sub, obj, act, eft
        [role_definition]
        g = _, _
        [policy_effect]
        e = {effect}
        [matchers]
        m = g(r.sub, p.sub) && r.obj == p.obj && keyMatch(r.act, p.act)
        """;

    [Theory]
    [InlineData("some(where (p.eft == allow))")]
    [InlineData("!some(where (p.eft == deny))")]
    [InlineData("some(where (p.eft == allow)) && !some(where (p.eft == deny))")]
    [InlineData("priority(p.eft) || deny")]
    public void EnforceEx_SameAsFullScan_ForRandomPolicies(string effect)
    {
        var random = new Random(42);
        var lines = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            lines.Add($"p, {(random.Next(3) == 0 ? "u" : "g")}{random.Next(8)}, o{random.Next(10)}, {(random.Next(2) == 0 ? "read" : "*")}, {(random.Next(3) == 0 ? "deny" : "allow")}");
        }

        for (var i = 0; i < 20; i++)
        {
            lines.Add($"g, u{random.Next(8)}, g{random.Next(8)}");
        }

        var e = new Enforcer(Model(effect), string.Join('\n', lines));
        var scan = "(g(r.sub, p.sub) && r.obj == p.obj && keyMatch(r.act, p.act)) || false";
        for (var i = 0; i < 500; i++)
        {
            object?[] request = [$"u{random.Next(8)}", $"o{random.Next(10)}", random.Next(2) == 0 ? "read" : "write"];

            var indexed = e.EnforceEx(request);
            var scanned = e.EnforceExWithMatcher(scan, request);

            Assert.Equal(scanned.Allowed, indexed.Allowed);
            Assert.Equal(scanned.Rule, indexed.Rule);
        }
    }

    [Fact]
    public void Enforce_StillFails_WhenSkippedRuleHasWrongSize()
    {
        var e = new Enforcer(Model("some(where (p.eft == allow))"), string.Join('\n', Enumerable.Range(0, 20).Select(i => $"p, u{i}, o{i}, read, allow")));
        e.AddRuleWithoutSideEffects("p", "bad", "rule");

        Assert.Throws<EvaluationException>(() => e.Enforce("u1", "o2", "read"));
    }
}
