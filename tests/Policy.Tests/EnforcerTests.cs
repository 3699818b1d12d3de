using System.Text.Json;
using Entitlements.Policy.Expressions;

namespace Entitlements.Policy.Tests;

public sealed class EnforcerTests
{
    private const string AbacRuleModel = """
        [request_definition]
        r = sub, obj, act

        [policy_definition]
        p = sub_rule, obj, act

        [policy_effect]
        e = some(where (p.eft == allow))

        [matchers]
        m = eval(p.sub_rule) && r.obj == p.obj && r.act == p.act
        """;

    private const string AbacRulePolicy = """
        p, r.sub.Age > 18, /data1, read
        p, r.sub.Age < 60, /data2, write
        """;

    private sealed record Person(string Name, int Age);

    private sealed class Source(Dictionary<string, object?> values) : IAttributeSource
    {
        public bool TryGetAttribute(string name, out object? value) => values.TryGetValue(name, out value);
    }

    [Fact]
    public void EnforceEx_ReturnsDecidingRule_WhenEvalRuleMatchesPoco()
    {
        var e = new Enforcer(AbacRuleModel, AbacRulePolicy);

        var decision = e.EnforceEx(new Person("alice", 20), "/data1", "read");

        Assert.True(decision.Allowed);
        Assert.Equal(["r.sub.Age > 18", "/data1", "read"], decision.Rule);
    }

    [Fact]
    public void Enforce_Denies_WhenEvalRuleFails()
    {
        var e = new Enforcer(AbacRuleModel, AbacRulePolicy);

        Assert.False(e.Enforce(new Person("alice", 16), "/data1", "read"));
        Assert.False(e.Enforce(new Dictionary<string, object?> { ["Age"] = 16 }, "/data1", "read"));
        Assert.True(e.Enforce(new Source(new() { ["Age"] = 30L }), "/data2", "write"));
        Assert.True(e.Enforce(JsonDocument.Parse("{\"Age\": 30}").RootElement, "/data2", "write"));
    }

    [Fact]
    public void Enforce_UsesInOperator_WithAttributeList()
    {
        const string model = """
            [request_definition]
            r = sub, obj, act
            [policy_definition]
            p = sub, obj, act
            [policy_effect]
            e = some(where (p.eft == allow))
            [matchers]
            m = "moderator" IN r.sub.Roles && r.sub.Enabled == true && r.sub.Age >= 21 && r.obj in ('a', 'b')
            """;
        var e = new Enforcer(model);
        var sub = new Dictionary<string, object?> { ["Roles"] = new[] { "user", "moderator" }, ["Enabled"] = true, ["Age"] = 21 };

        Assert.True(e.Enforce(sub, "a", "read"));
        Assert.False(e.Enforce(sub, "c", "read"));
    }

    [Fact]
    public void EnforceEx_FirstMatchingRuleDecides_WithPriorityEffect()
    {
        const string model = """
            [request_definition]
            r = sub, obj, act
            [policy_definition]
            p = priority, sub, obj, act, eft
            [policy_effect]
            e = priority(p.eft) || deny
            [matchers]
            m = r.sub == p.sub && r.obj == p.obj && r.act == p.act
            """;
        const string policy = """
            p, 10, alice, data1, read, allow
            p, 1, alice, data1, read, deny
            """;
        var e = new Enforcer(model, policy);

        var decision = e.EnforceEx("alice", "data1", "read");

        Assert.False(decision.Allowed);
        Assert.Equal(["1", "alice", "data1", "read", "deny"], decision.Rule);
    }
}
