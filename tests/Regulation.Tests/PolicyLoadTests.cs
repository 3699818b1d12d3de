using Entitlements.Policy;
using Entitlements.Policy.Regulation;
using static Entitlements.Regulation.Tests.Scenario;

namespace Entitlements.Regulation.Tests;

/// <summary>The shipped baseline, and what happens when Customer Management replaces it (PUT /v1/policy).</summary>
public sealed class PolicyLoadTests
{
    private static readonly RegulationPolicy Shipped = RegulationPolicy.Baseline();

    private static int LineOf(string text, string startsWith) =>
        text.Split('\n').Select((line, i) => (line, i)).First(x => x.line.StartsWith(startsWith, StringComparison.Ordinal)).i + 1;

    private static string WithoutRow(string policy, string id) =>
        string.Join('\n', policy.Split('\n').Where(line => !line.StartsWith($"p, {id},", StringComparison.Ordinal)));

    [Fact]
    public void Baseline_ExposesTextsAndCatalogue()
    {
        Assert.Contains("[matchers]", Shipped.Model, StringComparison.Ordinal);
        Assert.Contains("p, departed,", Shipped.Policy, StringComparison.Ordinal);
        Assert.Equal(14, Shipped.Fields.Count);
        Assert.Equal(new FieldSpec(1, "hide-last-4"), Shipped.Fields["idNumber"]);
        Assert.Equal(new FieldSpec(1, null), Shipped.Fields["name"]);
        Assert.Equal(new FieldSpec(2, null), Shipped.Fields["policyNumber"]);
        Assert.Equal(new FieldSpec(3, null), Shipped.Fields["age"]);
        Assert.Equal(1, Shipped.Version);
    }

    [Fact]
    public void Load_SameTexts_DecidesLikeBaseline()
    {
        var loaded = RegulationPolicy.Load(Shipped.Model, Shipped.Policy, Shipped.Fields, version: 2);

        var decision = loaded.Evaluate(Query(Staff("clerk"), Customer(), "view", "mobile", "health"));

        Assert.Equal(["allow:hide-middle-4", "not-serving"], decision.Fields.Select(Outcome));
        Assert.Equal(2, decision.PolicyVersion);
    }

    [Fact]
    public void Load_RemovedRow_ChangesDecision()
    {
        var query = Query(Staff("analyst"), Customer(), "export", "age");
        Assert.True(Decide(query, Shipped).Allowed);

        var edited = RegulationPolicy.Load(Shipped.Model, WithoutRow(Shipped.Policy, "level-3-export"), Shipped.Fields, 2);

        AssertDenied(Decide(query, edited), "no-permission");
    }

    [Fact]
    public void Load_AddedRow_ChangesDecision()
    {
        // CMD lets heads see level 2 of their unit's customers: one row, no release.
        var row = "p, head-level-2, any, allow, -, field, r.fld.level == 2 && r.act == 'view' && 'head' in r.sub.roles";
        var policy = Shipped.Policy.Replace("p, level-2-serving,", row + "\np, level-2-serving,", StringComparison.Ordinal);
        var edited = RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2);
        var query = Query(Staff("head"), Customer(), "view", "health");

        AssertDenied(Decide(query, Shipped), "not-serving");
        var decision = Decide(query, edited);
        AssertAllowed(decision, null);
        Assert.Equal("head-level-2", decision.Rule);
    }

    [Fact]
    public void Load_ChangedCatalogue_ChangesLevelAndMask()
    {
        var fields = new Dictionary<string, FieldSpec>(Shipped.Fields) { ["gender"] = new(1, "hide-last-4") };
        var edited = RegulationPolicy.Load(Shipped.Model, Shipped.Policy, fields, 2);

        var decision = Decide(Query(Staff("analyst"), Customer(), "list", "gender"), edited);

        AssertDenied(decision, "bulk-level-1");
        Assert.Equal(1, decision.Level);
        AssertAllowed(Decide(Query(Staff("clerk"), Customer(), "view", "gender"), edited), "hide-last-4");
    }

    [Fact]
    public void Load_RejectsBrokenModel_WithLineNumber()
    {
        var model = Shipped.Model.Replace("[policy_effect]", "[policy_effect", StringComparison.Ordinal);

        var error = Assert.Throws<ModelParseException>(() => RegulationPolicy.Load(model, Shipped.Policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(Shipped.Model, "[policy_effect]"), error.Line);
    }

    [Fact]
    public void Load_RejectsModelWithOtherRequest_WithLineNumber()
    {
        var model = Shipped.Model.Replace("r = sub, cus, fld, act, app, grant, now", "r = sub, obj, act", StringComparison.Ordinal);

        var error = Assert.Throws<ModelParseException>(() => RegulationPolicy.Load(model, Shipped.Policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(model, "r = "), error.Line);
        Assert.Contains("sub, cus, fld, act, app, grant, now", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RejectsModelWithoutPriorityEffect_WithLineNumber()
    {
        var model = Shipped.Model.Replace("priority(p.eft) || deny", "some(where (p.eft == allow))", StringComparison.Ordinal);

        var error = Assert.Throws<ModelParseException>(() => RegulationPolicy.Load(model, Shipped.Policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(model, "e = "), error.Line);
    }

    [Fact]
    public void Load_RejectsRowWithWrongFieldCount_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("p, unit-suspended, any, deny, unit-suspended, -,", "p, unit-suspended, any, deny,", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, unit-suspended,"), error.Line);
    }

    [Fact]
    public void Load_RejectsUnknownEffect_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("p, departed, any, deny,", "p, departed, any, refuse,", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, departed,"), error.Line);
    }

    [Fact]
    public void Load_RejectsUnknownMask_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("p, level-1-view, any, allow, -, field,", "p, level-1-view, any, allow, -, hide-all,", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, level-1-view,"), error.Line);
        Assert.Contains("hide-all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RejectsDenyWithoutReason_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("p, departed, any, deny, departed,", "p, departed, any, deny, -,", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, departed,"), error.Line);
    }

    [Fact]
    public void Load_RejectsBadGrantColumn_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("p, grant, yes,", "p, grant, maybe,", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, grant, maybe,"), error.Line);
    }

    [Fact]
    public void Load_RejectsConditionThatDoesNotParse_WithLineNumber()
    {
        var policy = Shipped.Policy.Replace("r.sub.status == 'departed'", "r.sub.status == ('departed'", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, departed,"), error.Line);
    }

    [Theory]
    [InlineData("m = (p.grant == 'any' ||", "unexpected end of expression")]
    [InlineData("m = frobnicate(r.sub) && eval(p.cond)", "unknown function \"frobnicate\"")]
    [InlineData("m = r.zzz == p.id && eval(p.cond)", "unknown name \"r.zzz\"")]
    [InlineData("m = r.sub.nickname == p.id && eval(p.cond)", "r.sub has no attribute \"nickname\"")]
    [InlineData("m = r.fld.level == p.id && eval(p.cond)", "compares a number with a string")]
    [InlineData("m = 'abc'", "not a condition")]
    public void Load_RejectsMatcherThatCannotDecide_WithLineNumber(string matcher, string message)
    {
        // The matcher is checked when the policy is PUT, not by the first check that reaches it.
        var lines = Shipped.Model.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("m = ", StringComparison.Ordinal));
        var model = string.Join('\n', lines.Take(first).Append(matcher));

        var error = Assert.Throws<ModelParseException>(() => RegulationPolicy.Load(model, Shipped.Policy, Shipped.Fields, 2));

        Assert.Equal(first + 1, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("r.sub.nonexistent", "r.sub has no attribute \"nonexistent\"")]
    [InlineData("r.sub.roles > 3", "compares two numbers or two strings")]
    [InlineData("'abc'", "not a condition")]
    [InlineData("r.fld.level == '1'", "compares a number with a string")]
    [InlineData("r.act in r.sub.status", "needs a list")]
    [InlineData("!r.sub.id", "needs true or false")]
    [InlineData("r.cus.vip.flag", "has no attribute \"flag\"")]
    public void Load_RejectsConditionThatCannotDecide_WithLineNumber(string condition, string message)
    {
        var policy = Shipped.Policy.Replace("r.sub.status == 'departed'", condition, StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Equal(LineOf(policy, "p, departed,"), error.Line);
        Assert.Contains("row \"departed\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RejectsConditionThatFailsWhenEvaluated()
    {
        // Names and kinds are right, but keyMatch takes strings: the rehearsal of every kind of check finds it.
        var policy = Shipped.Policy.Replace("r.sub.status == 'departed'", "keyMatch(r.sub.roles, 'x')", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Contains("keyMatch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    public void Load_RejectsPolicyWithoutRows(string policy)
    {
        var error = Assert.Throws<PolicyParseException>(() => RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2));

        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_StoredRowThatCannotEvaluate_DeniesPolicyError()
    {
        // A policy stored by an earlier release that did not check conditions keeps deciding, and fails closed.
        var policy = Shipped.Policy.Replace("r.sub.status == 'departed'", "r.sub.roles > 3", StringComparison.Ordinal);

        var restored = RegulationPolicy.Restore(Shipped.Model, policy, Shipped.Fields, 5);
        var decision = restored.Evaluate(Query(Staff("clerk"), Customer(), "view", "mobile", "gender"));

        Assert.Equal("deny", decision.Decision);
        Assert.All(decision.Fields, f => AssertDenied(f, "policy-error"));
        Assert.Equal([1, 3], decision.Fields.Select(f => f.Level));
        Assert.Equal(5, decision.PolicyVersion);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(4, null)]
    [InlineData(1, "hide-everything")]
    public void Load_RejectsBadCatalogueEntry(int level, string? mask)
    {
        var fields = new Dictionary<string, FieldSpec>(Shipped.Fields) { ["hobby"] = new(level, mask) };

        var error = Assert.Throws<PolicyException>(() => RegulationPolicy.Load(Shipped.Model, Shipped.Policy, fields, 2));

        Assert.Contains("hobby", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFields_ReadsCatalogueJson()
    {
        var fields = RegulationPolicy.ParseFields("""{ "mobile": { "level": 1, "mask": "hide-middle-4" }, "age": { "level": 3 } }""");

        Assert.Equal(new FieldSpec(1, "hide-middle-4"), fields["mobile"]);
        Assert.Equal(new FieldSpec(3, null), fields["age"]);
    }

    [Fact]
    public void ParseFields_RejectsMalformedJson()
    {
        Assert.Throws<PolicyException>(() => RegulationPolicy.ParseFields("""{ "mobile": { "level": "one" } }"""));
    }

    // TEC-4 (Art. 26): the shipped policy carries the authorized-applications row switched off; switched on as its
    // comment says, level 1 (and a VIP's private level 2) is denied through any other application, grant or not.
    [Fact]
    public void TEC4_AuthorizedApplicationsRow_SwitchedOn_DeniesLevel1ElsewhereAndNothingLiftsIt()
    {
        const string Commented = "# p, unauthorized-application,";
        Assert.Contains(Commented, Shipped.Policy, StringComparison.Ordinal);
        var policy = Shipped.Policy.Replace(Commented, "p, unauthorized-application,", StringComparison.Ordinal);
        var enforced = RegulationPolicy.Load(Shipped.Model, policy, Shipped.Fields, 2);
        var clerk = Staff("clerk");

        // Switched off (as shipped), any application is decided by the table.
        AssertAllowed(Decide(Query(clerk, Customer(), "view", "mobile").Through("branch-excel"), Shipped), "hide-middle-4");

        AssertAllowed(Decide(Query(clerk, Customer(), "view", "mobile").Through("core"), enforced), "hide-middle-4");
        var elsewhere = Decide(Query(clerk, Customer(), "view", "mobile").Through("branch-excel"), enforced);
        AssertDenied(elsewhere, "unauthorized-application");
        Assert.Equal("unauthorized-application", elsewhere.Rule);
        AssertAllowed(Decide(Query(clerk, Customer(), "view", "gender").Through("branch-excel"), enforced), null);
        AssertDenied(Decide(Query(Staff("agent"), Customer().Vip().ServedByAgent(), "view", "health").Through("branch-excel"), enforced),
            "unauthorized-application");

        var unmasked = Grant("internal", "mobile") with { Unmasked = true, Users = [clerk.Id], Customers = [Customer().Id] };
        AssertDenied(Decide(Query(clerk, Customer(), "view", "mobile").Through("branch-excel").Under(unmasked), enforced),
            "unauthorized-application");
    }
}
