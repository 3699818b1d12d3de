using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary><c>entitlements policy test</c>: runs the assertions of YAML test files against their model and policy.</summary>
public static class PolicyTestCommand
{
    public static readonly CommandSpec Spec = new(
        "policy test",
        "Runs the checks (allow/deny per request) and role assertions of policy test files and prints what differs.",
        "FILE.yaml...",
        [],
        """
        A test file names a model (model: inline CONF, or model_file: a path relative to the file),
        an optional policy (policy: or policy_file:) and a list of tests:

          model_file: rbac_model.conf
          policy_file: rbac_policy.csv
          tests:
            - name: alice reads data2 through data2_admin
              policy: |                # optional: rules added for this test only
                p, carol, data1, read
              check:
                - request: [alice, data2, read]
                  expect: allow        # allow | deny; context: r2,p2,e2,m2 is optional
              roles:
                - user: alice          # domain: and type: (default g) are optional
                  roles: [data2_admin]           # direct roles, exactly
                  implicit_roles: [data2_admin]  # direct and inherited roles, exactly

        Request values may be mappings ({Name: data1, Owner: alice}) or JSON-object strings: both are
        passed as attribute objects.

        Prints PASS or FAIL per test, expected and actual for each failed assertion, and
        "N passed, N failed" (counting assertions).
        exit codes: 0 all passed, 1 an assertion failed, 2 error (unreadable file, model or policy)
        """);

    /// <summary>Runs the command; errors are written to <paramref name="stderr"/> as one line and give exit code 2.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        CommandErrors.Guard(stderr, () => Execute(args, stdout));

    private static int Execute(IReadOnlyList<string> args, TextWriter stdout)
    {
        var parsed = ParsedArguments.Parse(Spec, args);
        if (parsed.Help)
        {
            Spec.WriteHelp(stdout);
            return ExitCodes.Success;
        }

        if (parsed.Positionals.Count == 0)
        {
            throw new CliException("no test file given (see 'entitlements policy test --help')");
        }

        var files = parsed.Positionals.Select(PolicyTestFile.Load).ToList();
        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            var (p, f) = RunFile(file, stdout);
            passed += p;
            failed += f;
        }

        stdout.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static (int Passed, int Failed) RunFile(PolicyTestFile file, TextWriter stdout)
    {
        stdout.WriteLine(file.Name is null ? file.Path : $"{file.Path}: {file.Name}");
        Enforcer? shared = null;
        int passed = 0, failed = 0;
        foreach (var test in file.Tests)
        {
            var enforcer = test.Policy is null
                ? shared ??= PolicySource.Load(file.Model.Text, file.Model.Ref, file.Policy?.Text, file.Policy?.Ref)
                : LoadWithTestPolicy(file, test.Policy);
            var failures = new List<string>();
            foreach (var check in test.Checks)
            {
                if (RunCheck(file, enforcer, check) is { } failure)
                {
                    failures.Add(failure);
                }
            }

            foreach (var role in test.Roles)
            {
                failures.AddRange(RunRoles(file, enforcer, role));
            }

            var total = test.Checks.Count + test.Roles.Sum(r => (r.Roles is null ? 0 : 1) + (r.ImplicitRoles is null ? 0 : 1));
            failed += failures.Count;
            passed += total - failures.Count;
            if (failures.Count == 0)
            {
                stdout.WriteLine($"PASS  {test.Name} ({total} assertion{(total == 1 ? "" : "s")})");
                continue;
            }

            stdout.WriteLine($"FAIL  {test.Name} ({failures.Count} of {total} assertion{(total == 1 ? "" : "s")} failed)");
            foreach (var failure in failures)
            {
                stdout.Write(failure);
            }
        }

        return (passed, failed);
    }

    private static Enforcer LoadWithTestPolicy(PolicyTestFile file, TextSource testPolicy)
    {
        if (file.Policy is null)
        {
            return PolicySource.Load(file.Model.Text, file.Model.Ref, testPolicy.Text, testPolicy.Ref);
        }

        var shared = file.Policy.Text.EndsWith('\n') ? file.Policy.Text : file.Policy.Text + "\n";
        var lines = shared.Count(c => c == '\n');
        var joined = file.Policy.Ref with { LineCount = lines, Then = testPolicy.Ref };
        return PolicySource.Load(file.Model.Text, file.Model.Ref, shared + testPolicy.Text, joined);
    }

    private static string? RunCheck(PolicyTestFile file, Enforcer enforcer, CheckAssertion check)
    {
        var request = string.Join(", ", check.Shown);
        string actual;
        try
        {
            var decision = PolicySource.Decide(enforcer, PolicySource.ParseContext(check.Context), [.. check.Request], file.Model.Ref);
            if (decision.Allowed == check.ExpectAllow)
            {
                return null;
            }

            actual = $"{(decision.Allowed ? "allow" : "deny")} (rule: {PolicySource.FormatRule(decision)})";
        }
        catch (CliException ex) when (ex.InnerException is not ExpressionException)
        {
            // A bad request (wrong size, bad argument) fails this assertion; a matcher that does not compile fails the file.
            actual = $"error: {ex.Message}";
        }

        return $"""
              {file.Path}:{check.Line}: check {request}
                expected: {(check.ExpectAllow ? "allow" : "deny")}
                actual:   {actual}

            """;
    }

    private static IEnumerable<string> RunRoles(PolicyTestFile file, Enforcer enforcer, RoleAssertion assertion)
    {
        string[] domain = assertion.Domain is null ? [] : [assertion.Domain];
        var where = $"{assertion.Type}{(assertion.Domain is null ? "" : $", domain {assertion.Domain}")}";
        if (assertion.Roles is { } expected)
        {
            var actual = Roles(() => RoleQueries.Direct(enforcer, assertion.Type, assertion.User, domain));
            if (Diff(expected, actual) is { } diff)
            {
                yield return $"  {file.Path}:{assertion.Line}: roles of {assertion.User} ({where})\n{diff}";
            }
        }

        if (assertion.ImplicitRoles is { } expectedImplicit)
        {
            var actual = Roles(() => RoleQueries.Implicit(enforcer, assertion.Type, assertion.User, domain));
            if (Diff(expectedImplicit, actual) is { } diff)
            {
                yield return $"  {file.Path}:{assertion.Line}: implicit roles of {assertion.User} ({where})\n{diff}";
            }
        }
    }

    private static IReadOnlyList<string> Roles(Func<IReadOnlyList<string>> query)
    {
        try
        {
            return query();
        }
        catch (PolicyException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>Expected and actual as sorted sets, with what is missing and what is unexpected; null when equal.</summary>
    private static string? Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var want = expected.Distinct().Order(StringComparer.Ordinal).ToList();
        var have = actual.Distinct().Order(StringComparer.Ordinal).ToList();
        if (want.SequenceEqual(have, StringComparer.Ordinal))
        {
            return null;
        }

        var missing = want.Except(have, StringComparer.Ordinal).ToList();
        var unexpected = have.Except(want, StringComparer.Ordinal).ToList();
        var text = $"    expected: [{string.Join(", ", want)}]\n    actual:   [{string.Join(", ", have)}]\n";
        if (missing.Count > 0)
        {
            text += $"    missing:    {string.Join(", ", missing)}\n";
        }

        if (unexpected.Count > 0)
        {
            text += $"    unexpected: {string.Join(", ", unexpected)}\n";
        }

        return text + "\n";
    }
}
