using Entitlements.Policy;
using Entitlements.Policy.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Entitlements.Cli.Commands;

/// <summary>
/// <c>entitlements policy test FILE.yaml</c>: a model, a policy and assertions (decisions and roles). Paths in
/// the file are relative to it. Prints one line per failing assertion with expected and actual values, then
/// <c>N passed, N failed</c>. Exit code 0 all pass, 1 a failure, 2 bad input.
/// </summary>
/// <example>
/// <code>
/// model_file: model.conf        # or model: | (inline CONF)
/// policy_file: policy.csv       # or policy: | (inline CSV)
/// tests:
///   - name: alice reads data1
///     request: [alice, data1, read]
///     allow: true
///   - name: alice is an admin
///     user: alice
///     domain: domain1           # optional
///     roles: [admin]            # order-insensitive
/// </code>
/// </example>
public static class PolicyTestCommand
{
    public sealed class TestFile
    {
        public string? Model { get; set; }
        public string? ModelFile { get; set; }
        public string? Policy { get; set; }
        public string? PolicyFile { get; set; }
        public List<TestCase> Tests { get; set; } = [];
    }

    public sealed class TestCase
    {
        public string? Name { get; set; }
        public List<string>? Request { get; set; }
        public bool? Allow { get; set; }
        public string? User { get; set; }
        public string? Domain { get; set; }
        public List<string>? Roles { get; set; }
    }

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 1)
        {
            error.WriteLine("usage: entitlements policy test FILE.yaml");
            return 2;
        }

        var path = args[0];
        TestFile file;
        Enforcer enforcer;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            file = deserializer.Deserialize<TestFile>(File.ReadAllText(path)) ?? new TestFile();
            var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var model = file.ModelFile is not null
                ? PolicyModel.Load(Path.Combine(baseDir, file.ModelFile))
                : PolicyModel.Parse(file.Model ?? throw new PolicyException($"{path}: neither model nor model_file is set"), path + "#model");
            enforcer = new Enforcer(model);
            enforcer.EnableAcceptJsonRequest(true);
            if (file.PolicyFile is not null)
            {
                enforcer.SetPolicyFile(Path.Combine(baseDir, file.PolicyFile));
                enforcer.LoadPolicy();
            }
            else if (file.Policy is not null)
            {
                enforcer.SetPolicyText(file.Policy, path + "#policy");
                enforcer.LoadPolicy();
            }
        }
        catch (Exception ex) when (ex is PolicyException or IOException or YamlException or UnauthorizedAccessException)
        {
            var where = ex is YamlException y ? $"{path}:{y.Start.Line}: " : ex is PolicyException ? "" : $"{path}: ";
            error.WriteLine($"error: {where}{ex.Message}");
            return 2;
        }

        int passed = 0, failed = 0;
        for (var i = 0; i < file.Tests.Count; i++)
        {
            var test = file.Tests[i];
            var name = test.Name ?? $"test {i + 1}";
            string? problem;
            try
            {
                problem = Check(enforcer, test);
            }
            catch (PolicyException ex)
            {
                problem = $"error: {ex.Message}";
            }

            if (problem is null)
            {
                passed++;
            }
            else
            {
                failed++;
                output.WriteLine($"FAIL {name}: {problem}");
            }
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static string? Check(Enforcer enforcer, TestCase test)
    {
        if (test.Request is not null)
        {
            var decision = enforcer.EnforceEx([.. test.Request]);
            var expected = test.Allow ?? true;
            if (decision.Allowed == expected)
            {
                return null;
            }

            var rule = decision.HasRule ? $" (rule: {string.Join(", ", decision.Rule)})" : "";
            return $"expected {(expected ? "allow" : "deny")}, got {(decision.Allowed ? "allow" : "deny")}{rule}";
        }

        if (test.User is not null && test.Roles is not null)
        {
            var actual = test.Domain is null ? enforcer.GetRolesForUser(test.User) : enforcer.GetRolesForUser(test.User, test.Domain);
            var want = test.Roles.Order(StringComparer.Ordinal).ToList();
            var got = actual.Order(StringComparer.Ordinal).ToList();
            if (want.SequenceEqual(got))
            {
                return null;
            }

            var missing = want.Except(got).ToList();
            var extra = got.Except(want).ToList();
            return $"roles of {test.User}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]"
                + (missing.Count > 0 ? $"; missing [{string.Join(", ", missing)}]" : "")
                + (extra.Count > 0 ? $"; unexpected [{string.Join(", ", extra)}]" : "");
        }

        return "a test needs either request (with allow) or user with roles";
    }
}
