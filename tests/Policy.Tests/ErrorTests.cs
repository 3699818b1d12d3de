using Entitlements.Policy.Model;

namespace Entitlements.Policy.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Parse_ThrowsWithFileAndLine_WhenHeaderLacksBracket()
    {
        var text = TestModels.Basic.Replace("[policy_definition]", "[policy_definition", StringComparison.Ordinal);

        var ex = Assert.Throws<ModelParseException>(() => PolicyModel.Parse(text, "model.conf"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("model.conf:3: parse the content error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NamesMissingSections_WhenMatcherSectionAbsent()
    {
        var text = TestModels.Basic[..TestModels.Basic.IndexOf("[matchers]", StringComparison.Ordinal)];

        var ex = Assert.Throws<ModelParseException>(() => PolicyModel.Parse(text, "model.conf"));

        Assert.Contains("matchers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyCsv_ThrowsWithFileAndLine_WhenQuoteIsBare()
    {
        const string policy = "p, alice, data1, read\n\np, bob, da\"ta2, write\n";

        var ex = Assert.Throws<PolicyParseException>(() => PolicyCsv.Parse(policy, "policy.csv"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("policy.csv:3: bare \"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyCsv_KeepsTrailingSpacesAndQuotedCommas()
    {
        var line = PolicyCsv.ParseLine("p,  alice , \"a, b\", read");

        Assert.Equal(["p", "alice ", "a, b", "read"], line);
    }

    [Fact]
    public void LoadPolicy_ThrowsWithLine_WhenRuleHasWrongSize()
    {
        var ex = Assert.Throws<PolicyParseException>(() => new Enforcer(TestModels.Basic, "p, alice, data1, read\np, bob, data2\n"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("invalid policy size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_ThrowsInvalidRequestSize_WhenTooFewValues()
    {
        var e = new Enforcer(TestModels.Basic, "p, alice, data1, read");

        var ex = Assert.Throws<EvaluationException>(() => e.Enforce("alice", "data1"));

        Assert.Contains("invalid request size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_ThrowsExpressionException_WhenFunctionUnknown()
    {
        var e = new Enforcer(TestModels.Basic.Replace("r.sub == p.sub", "nosuch(r.sub, p.sub)", StringComparison.Ordinal), "p, alice, data1, read");

        var ex = Assert.Throws<ExpressionException>(() => e.Enforce("alice", "data1", "read"));

        Assert.Contains("nosuch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_ThrowsUnsupportedEffect_WhenSpacingDiffers()
    {
        var e = new Enforcer(TestModels.Basic.Replace("some(where (p.eft == allow))", "some(where(p.eft==allow))", StringComparison.Ordinal));

        var ex = Assert.Throws<EvaluationException>(() => e.Enforce("alice", "data1", "read"));

        Assert.Contains("unsupported effect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFiles_NamesFileAndLine_WhenPolicyLineBroken()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var model = Path.Combine(dir.FullName, "m.conf");
            var policy = Path.Combine(dir.FullName, "p.csv");
            File.WriteAllText(model, TestModels.Basic);
            File.WriteAllText(policy, "p, alice, data1, read\nq, x\n");

            var ex = Assert.Throws<PolicyParseException>(() => Enforcer.FromFiles(model, policy));

            Assert.StartsWith($"{policy}:2:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
