using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary>
/// <c>entitlements policy check --model M [--policy P] -- v1 v2 ...</c>: prints the decision and the deciding
/// rule. Exit code 0 allow, 1 deny, 2 error. Values starting with <c>{</c> or <c>[</c> are read as JSON.
/// </summary>
public static class PolicyCheckCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? model = null;
        string? policy = null;
        var request = new List<object?>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--model" when i + 1 < args.Count:
                    model = args[++i];
                    break;
                case "--policy" when i + 1 < args.Count:
                    policy = args[++i];
                    break;
                case "--":
                    request.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    error.WriteLine($"policy check: unexpected argument \"{args[i]}\"");
                    return 2;
            }
        }

        if (model is null || request.Count == 0)
        {
            error.WriteLine("usage: entitlements policy check --model M [--policy P] -- VALUE...");
            return 2;
        }

        try
        {
            var enforcer = Enforcer.FromFiles(model, policy);
            enforcer.EnableAcceptJsonRequest(true);
            var decision = enforcer.EnforceEx([.. request]);
            output.WriteLine(decision.Allowed ? "allow" : "deny");
            output.WriteLine(decision.HasRule ? $"rule: {decision.PolicyType}, {string.Join(", ", decision.Rule)}" : "rule: (none)");
            return decision.Allowed ? 0 : 1;
        }
        catch (PolicyException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
