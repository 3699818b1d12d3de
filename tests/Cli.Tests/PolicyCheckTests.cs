namespace Entitlements.Cli.Tests;

public sealed class PolicyCheckTests : IDisposable
{
    private readonly CliHarness _files = new();
    private readonly string _model;
    private readonly string _policy;

    public PolicyCheckTests()
    {
        _model = _files.Write("rbac_model.conf", CliHarness.RbacModel);
        _policy = _files.Write("rbac_policy.csv", CliHarness.RbacPolicy);
    }

    public void Dispose() => _files.Dispose();

    private CliResult Check(params string[] request) =>
        CliHarness.Run(["policy", "check", "--model", _model, "--policy", _policy, "--", .. request]);

    [Fact]
    public void Check_ExitsZeroAndPrintsDecidingRule_WhenAllowed()
    {
        var result = Check("alice", "data2", "read");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("allow\nrule: p, data2_admin, data2, read\n", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Check_ExitsOneAndPrintsNoRule_WhenDenied()
    {
        var result = Check("bob", "data1", "read");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("deny\nrule: none\n", result.Out);
    }

    [Fact]
    public void Check_ExitsTwoWithOneLineError_WhenRequestHasWrongSize()
    {
        var result = Check("alice", "data1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("request size", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Check_ExplainsRequestRuleMatcherEffectAndRoles_WhenExplainGiven()
    {
        var result = CliHarness.Run("policy", "check", "--model", _model, "--policy", _policy, "--explain", "--", "alice", "data2", "read");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Equal("allow", lines[0]);
        Assert.Contains($"rule:     p, data2_admin, data2, read  ({_policy}:3)", lines);
        Assert.Contains("reason:   an allow rule matched", lines);
        Assert.Contains("request:  r.sub = alice, r.obj = data2, r.act = read", lines);
        Assert.Contains("policy:   p.sub = data2_admin, p.obj = data2, p.act = read", lines);
        Assert.Contains($"matcher:  m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act  ({_model}:14)", lines);
        Assert.Contains($"effect:   e = some(where (p.eft == allow))  ({_model}:11)", lines);
        Assert.Contains("roles:    alice (g): data2_admin", lines);
    }

    [Fact]
    public void Check_ExplainsWhyNothingMatched_WhenDeniedWithExplain()
    {
        var result = CliHarness.Run("policy", "check", "--model", _model, "--policy", _policy, "--explain", "--", "bob", "data1", "read");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("rule:     none", result.Out, StringComparison.Ordinal);
        Assert.Contains("reason:   no allow rule matched", result.Out, StringComparison.Ordinal);
        Assert.Contains("roles:    bob (g): none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReadsJsonObjectValuesAsAttributes_WhenValueLooksLikeJson()
    {
        var model = _files.Write("abac_model.conf", CliHarness.AbacModel);

        var owner = CliHarness.Run("policy", "check", "--model", model, "--", "alice", """{"Name":"data1","Owner":"alice"}""", "read");
        var other = CliHarness.Run("policy", "check", "--model", model, "--", "bob", """{"Name":"data1","Owner":"alice"}""", "read");

        Assert.True(owner.ExitCode == 0, owner.ToString());
        Assert.True(other.ExitCode == 1, other.ToString());
    }

    [Fact]
    public void Check_ExitsTwo_WhenJsonLookingValueDoesNotParse()
    {
        var model = _files.Write("abac_model.conf", CliHarness.AbacModel);

        var result = CliHarness.Run("policy", "check", "--model", model, "--", "alice", "{\"Owner\":}", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("request value 2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UsesNamedSections_WhenContextGiven()
    {
        var model = _files.Write("two_model.conf", """
            [request_definition]
            r = sub, obj, act
            r2 = sub, obj

            [policy_definition]
            p = sub, obj, act
            p2 = sub, obj

            [policy_effect]
            e = some(where (p.eft == allow))
            e2 = some(where (p.eft == allow))

            [matchers]
            m = r.sub == p.sub && r.obj == p.obj && r.act == p.act
            m2 = r2.sub == p2.sub && r2.obj == p2.obj
            """);
        var policy = _files.Write("two_policy.csv", """
            p, alice, data1, read
            p2, bob, data2
            """);

        var named = CliHarness.Run("policy", "check", "--model", model, "--policy", policy, "--context", "r2,p2,e2,m2", "--", "bob", "data2");
        var suffix = CliHarness.Run("policy", "check", "--model", model, "--policy", policy, "--context", "2", "--", "bob", "data2");
        var plain = CliHarness.Run("policy", "check", "--model", model, "--policy", policy, "--", "alice", "data1", "read");

        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal("allow\nrule: p2, bob, data2\n", named.Out);
        Assert.True(suffix.ExitCode == 0, suffix.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
    }

    [Fact]
    public void Check_ExitsTwoNamingFile_WhenModelFileMissing()
    {
        var missing = Path.Combine(_files.Directory, "nope.conf");

        var result = CliHarness.Run("policy", "check", "--model", missing, "--policy", _policy, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {missing}: model file not found\n", result.Error);
    }

    [Fact]
    public void Check_ExitsTwoNamingFile_WhenPolicyFileMissing()
    {
        var missing = Path.Combine(_files.Directory, "nope.csv");

        var result = CliHarness.Run("policy", "check", "--model", _model, "--policy", missing, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {missing}: policy file not found\n", result.Error);
    }

    [Fact]
    public void Check_ExitsTwoNamingFileAndLine_WhenModelLineDoesNotParse()
    {
        var model = _files.Write("bad_model.conf", """
            [request_definition]
            r = sub, obj, act

            [policy_definition]
            p sub, obj, act
            """);

        var result = CliHarness.Run("policy", "check", "--model", model, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {model}:5: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Check_ExitsTwoNamingFileAndLine_WhenPolicyLineDoesNotFitDefinition()
    {
        var policy = _files.Write("bad_policy.csv", """
            p, alice, data1, read

            p, bob, data2
            """);

        var result = CliHarness.Run("policy", "check", "--model", _model, "--policy", policy, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {policy}:3: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExitsTwoNamingMatcherLine_WhenMatcherCallsUnknownFunction()
    {
        var model = _files.Write("fn_model.conf", CliHarness.RbacModel.Replace("r.act == p.act", "noSuchFunction(r.act, p.act)", StringComparison.Ordinal));

        var result = CliHarness.Run("policy", "check", "--model", model, "--policy", _policy, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {model}:14: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model")]
    [InlineData("--policy")]
    public void Check_ExitsTwo_WhenOptionValueMissing(string option)
    {
        var result = CliHarness.Run("policy", "check", option);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option} needs a value", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExitsTwo_WhenModelNotGiven()
    {
        var result = CliHarness.Run("policy", "check", "--policy", _policy, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("missing --model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExitsTwo_WhenOptionUnknown()
    {
        var result = CliHarness.Run("policy", "check", "--modle", _model, "--", "alice", "data1", "read");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown option --modle", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TreatsDashedValuesAsRequest_AfterDoubleDash()
    {
        var policy = _files.Write("dash_policy.csv", "p, -alice, data1, read\n");

        var result = CliHarness.Run("policy", "check", "--model", _model, "--policy", policy, "--", "-alice", "data1", "read");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Check_NamesDenyRuleAndReason_WhenDenyRuleDecides()
    {
        var model = _files.Write("deny_model.conf", CliHarness.RbacModel
            .Replace("p = sub, obj, act", "p = sub, obj, act, eft", StringComparison.Ordinal)
            .Replace("e = some(where (p.eft == allow))", "e = some(where (p.eft == allow)) && !some(where (p.eft == deny))", StringComparison.Ordinal));
        var policy = _files.Write("deny_policy.csv", """
            p, data2_admin, data2, write, allow
            p, alice, data2, write, deny
            g, alice, data2_admin
            """);

        var plain = CliHarness.Run("policy", "check", "--model", model, "--policy", policy, "--", "alice", "data2", "write");
        var explained = CliHarness.Run("policy", "check", "--model", model, "--policy", policy, "--explain", "--", "alice", "data2", "write");

        Assert.True(plain.ExitCode == 1, plain.ToString());
        Assert.Equal("deny\nrule: p, alice, data2, write, deny\n", plain.Out);
        Assert.Contains($"rule:     p, alice, data2, write, deny  ({policy}:2)", explained.Out, StringComparison.Ordinal);
        Assert.Contains("reason:   a deny rule matched", explained.Out, StringComparison.Ordinal);
        Assert.Contains("policy:   p.sub = alice, p.obj = data2, p.act = write, p.eft = deny", explained.Out, StringComparison.Ordinal);
    }
}
