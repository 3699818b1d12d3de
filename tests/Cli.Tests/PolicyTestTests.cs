namespace Entitlements.Cli.Tests;

public sealed class PolicyTestTests : IDisposable
{
    private readonly CliHarness _files = new();

    public PolicyTestTests()
    {
        _files.Write("rbac_model.conf", CliHarness.RbacModel);
        _files.Write("rbac_policy.csv", CliHarness.RbacPolicy);
    }

    public void Dispose() => _files.Dispose();

    private static CliResult Test(string path) => CliHarness.Run("policy", "test", path);

    [Fact]
    public void Test_PassesAllAssertions_ForShippedExample()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "policy-test.yaml");

        var result = Test(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("12 passed, 0 failed\n", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ExitsOneAndPrintsExpectedAndActual_WhenDecisionDiffers()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: decisions
                check:
                  - request: [alice, data2, read]
                    expect: allow
                  - request: [bob, data1, read]
                    expect: allow
                  - request: [alice, data1, write]
                    expect: deny
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL  decisions (1 of 3 assertions failed)\n", result.Out, StringComparison.Ordinal);
        Assert.Contains($"""
              {path}:8: check bob, data1, read
                expected: allow
                actual:   deny (rule: none)
            """, result.Out, StringComparison.Ordinal);
        Assert.EndsWith("2 passed, 1 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_NamesTheRuleThatDecided_WhenAllowWasNotExpected()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: alice must not read data2
                check:
                  - request: [alice, data2, read]
                    expect: deny
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("actual:   allow (rule: p, data2_admin, data2, read)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_PrintsMissingAndUnexpectedRoles_WhenRolesDiffer()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: roles
                roles:
                  - user: alice
                    roles: [data1_admin]
                  - user: alice
                    implicit_roles: [data2_admin]
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"""
              {path}:6: roles of alice (g)
                expected: [data1_admin]
                actual:   [data2_admin]
                missing:    data1_admin
                unexpected: data2_admin
            """, result.Out, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ChecksRolesPerDomain_WhenDomainGiven()
    {
        _files.Write("dom_model.conf", CliHarness.DomainModel);
        _files.Write("dom_policy.csv", CliHarness.DomainPolicy);
        var path = _files.Write("t.yaml", """
            model_file: dom_model.conf
            policy_file: dom_policy.csv
            tests:
              - name: alice administers domain1 only
                check:
                  - request: [alice, domain1, data1, read]
                    expect: allow
                  - request: [alice, domain2, data2, read]
                    expect: deny
                roles:
                  - user: alice
                    domain: domain1
                    roles: [admin]
                  - user: alice
                    domain: domain2
                    roles: []
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("4 passed, 0 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_UsesInlineModelAndMappingRequestValues_AsAttributes()
    {
        var path = _files.Write("t.yaml", """
            name: owners
            model: |
              [request_definition]
              r = sub, obj, act

              [policy_definition]
              p = sub, obj, act

              [policy_effect]
              e = some(where (p.eft == allow))

              [matchers]
              m = r.sub == r.obj.Owner && r.obj.Size < 10
            tests:
              - name: owners act on their small objects
                check:
                  - request: [alice, {Name: data1, Owner: alice, Size: 3}, read]
                    expect: allow
                  - request: [alice, '{"Owner": "alice", "Size": 30}', read]
                    expect: deny
                  - request: [bob, {Owner: alice, Size: 3}, read]
                    expect: deny
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{path}: owners\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("3 passed, 0 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_AddsTestPolicyToThatTestOnly()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: with a grant
                policy: |
                  g, bob, data2_admin
                check:
                  - request: [bob, data2, read]
                    expect: allow
              - name: without it
                check:
                  - request: [bob, data2, read]
                    expect: deny
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("2 passed, 0 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ExitsTwoNamingYamlLine_WhenTestPolicyLineIsBad()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: bad grant
                policy: |
                  g, bob, data2_admin
                  p, bob
                check:
                  - request: [bob, data2, read]
                    expect: allow
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {path}:7: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ExitsTwoNamingYamlLine_WhenInlineModelIsBad()
    {
        var path = _files.Write("t.yaml", """
            model: |
              [request_definition]
              r = sub, obj, act
              [policy_definition]
              p sub, obj, act
            tests:
              - name: never runs
                check:
                  - request: [alice, data1, read]
                    expect: allow
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {path}:5: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ExitsTwoNamingPolicyFileAndLine_WhenPolicyFileIsBad()
    {
        var policy = _files.Write("bad_policy.csv", "p, alice, data1, read\np, bob\n");
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: bad_policy.csv
            tests:
              - name: never runs
                check:
                  - request: [alice, data1, read]
                    expect: allow
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {policy}:2: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ExitsTwoNamingYamlLine_WhenModelFileMissing()
    {
        var path = _files.Write("t.yaml", """
            name: missing model
            model_file: nope.conf
            tests:
              - name: never runs
                check:
                  - request: [alice, data1, read]
                    expect: allow
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {path}:2: {Path.Combine(_files.Directory, "nope.conf")}: model file not found\n", result.Error);
    }

    [Fact]
    public void Test_ExitsTwoNamingFile_WhenTestFileMissing()
    {
        var missing = Path.Combine(_files.Directory, "nope.yaml");

        var result = Test(missing);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {missing}: test file not found\n", result.Error);
    }

    [Fact]
    public void Test_ExitsTwoNamingLine_WhenYamlDoesNotParse()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            tests:
              - name: broken
                check: [
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {path}:", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("        expected: allow", 7, "unknown key \"expected\" in a check")]
    [InlineData("        expect: maybe", 7, "expect must be allow or deny")]
    public void Test_ExitsTwoNamingLine_WhenAssertionIsMalformed(string expectLine, int line, string message)
    {
        var path = _files.Write("t.yaml", $"""
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: malformed
                check:
                  - request: [alice, data1, read]
            {expectLine}
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {path}:{line}: {message}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_FailsAssertionWithError_WhenRequestHasWrongSize()
    {
        var path = _files.Write("t.yaml", """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: short request
                check:
                  - request: [alice, data1]
                    expect: allow
            """);

        var result = Test(path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("actual:   error: ", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_SumsCountsAndFails_WhenOneOfSeveralFilesFails()
    {
        const string Header = """
            model_file: rbac_model.conf
            policy_file: rbac_policy.csv
            tests:
              - name: one check
                check:
                  - request: [bob, data2, write]

            """;
        var passing = _files.Write("pass.yaml", Header + "        expect: allow\n");
        var failing = _files.Write("fail.yaml", Header + "        expect: deny\n");

        var result = CliHarness.Run("policy", "test", passing, failing);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{passing}\nPASS  one check", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{failing}\nFAIL  one check", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed\n", result.Out, StringComparison.Ordinal);
    }
}
