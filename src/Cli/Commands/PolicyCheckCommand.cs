using System.Text.Json;
using Entitlements.Policy;

namespace Entitlements.Cli.Commands;

/// <summary><c>entitlements policy check</c>: decides one request and names the rule that decided it.</summary>
public static class PolicyCheckCommand
{
    public static readonly CommandSpec Spec = new(
        "policy check",
        "Decides one request against a model and a policy. Prints allow or deny and the deciding rule.",
        "--model FILE [--policy FILE] [--context r2,p2,e2,m2] [--explain] -- VALUE...",
        [
            new("model", "FILE", "the model (Casbin CONF)"),
            new("policy", "FILE", "the policy (Casbin CSV); optional for models without policy rules"),
            new("context", "r,p,e,m", "the request, policy, effect and matcher to use, e.g. r2,p2,e2,m2 (or 2)"),
            new("explain", null, "also print the request and rule field by field, the matcher, the effect and the subject's roles"),
        ],
        """
        Request values follow --, in the order of the request definition. A value that looks like a
        JSON object ({"Owner":"alice"}) is passed as an attribute object (r.obj.Owner).

        exit codes: 0 allow, 1 deny, 2 error (bad arguments, unreadable model or policy, bad request)

        example:
          entitlements policy check --model rbac_model.conf --policy rbac_policy.csv -- alice data2 read
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

        var modelPath = parsed.Required("model", Spec);
        var policyPath = parsed.Value("policy");
        var context = PolicySource.ParseContext(parsed.Value("context"));
        if (parsed.Positionals.Count == 0)
        {
            throw new CliException("no request values: put them after --, e.g. -- alice data1 read");
        }

        var request = PolicySource.ParseRequest(parsed.Positionals);
        var enforcer = PolicySource.LoadFiles(modelPath, policyPath);
        var model = new SourceRef(modelPath);
        var decision = PolicySource.Decide(enforcer, context, request, model);

        stdout.WriteLine(decision.Allowed ? "allow" : "deny");
        if (parsed.Has("explain"))
        {
            Explain(stdout, enforcer, context, request, decision, model, policyPath);
        }
        else
        {
            stdout.WriteLine($"rule: {PolicySource.FormatRule(decision)}");
        }

        return decision.Allowed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Explain(TextWriter stdout, Enforcer enforcer, EnforceContext context, object?[] request,
        Decision decision, SourceRef model, string? policyPath)
    {
        var definitions = enforcer.Model;
        var location = decision.HasRule && policyPath is not null ? FindRuleLine(policyPath, decision) : null;
        stdout.WriteLine($"rule:     {PolicySource.FormatRule(decision)}{(location is null ? "" : $"  ({location})")}");
        stdout.WriteLine($"reason:   {Reason(definitions.Find(context.EType)?.Value, decision)}");
        if (definitions.Find(context.RType) is { } r)
        {
            stdout.WriteLine($"request:  {Fields(r.Tokens, request.Select(Show).ToList())}");
        }

        if (decision.HasRule && definitions.Find(decision.PolicyType) is { } p)
        {
            stdout.WriteLine($"policy:   {Fields(p.Tokens, decision.Rule)}");
        }

        WriteDefinition(stdout, "matcher", definitions.Find(context.MType), definitions.Text, model);
        WriteDefinition(stdout, "effect", definitions.Find(context.EType), definitions.Text, model);
        foreach (var line in ExplainRoles.Describe(enforcer, context, request))
        {
            stdout.WriteLine($"roles:    {line}");
        }
    }

    private static string Fields(IReadOnlyList<string> tokens, IReadOnlyList<string> values)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = i < tokens.Count ? Dotted(tokens[i]) : $"#{i + 1}";
            parts.Add($"{name} = {values[i]}");
        }

        return string.Join(", ", parts);
    }

    private static string Dotted(string token)
    {
        var underscore = token.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? token : $"{token[..underscore]}.{token[(underscore + 1)..]}";
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s,
        JsonElement json => json.GetRawText(),
        _ => value.ToString() ?? "",
    };

    private static void WriteDefinition(TextWriter stdout, string label, Policy.Model.Definition? definition, string modelText, SourceRef model)
    {
        if (definition is null)
        {
            return;
        }

        var lines = modelText.Split('\n');
        var text = definition.Line >= 1 && definition.Line <= lines.Length
            ? lines[definition.Line - 1].Trim()
            : $"{definition.Key} = {definition.Value}";
        stdout.WriteLine($"{label + ":",-10}{text}  ({model.At(definition.Line)})");
    }

    /// <summary>Why the effect produced this decision, in words.</summary>
    private static string Reason(string? effect, Decision decision) => (effect?.Replace("p_eft", "p.eft", StringComparison.Ordinal), decision.Allowed, decision.HasRule) switch
    {
        ("!some(where (p.eft == deny))", true, _) => "no deny rule matched (the effect allows unless a deny rule matches)",
        ("!some(where (p.eft == deny))", false, _) => "a deny rule matched",
        ("some(where (p.eft == allow)) && !some(where (p.eft == deny))", false, true) => "a deny rule matched",
        ("some(where (p.eft == allow)) && !some(where (p.eft == deny))", false, false) => "no allow rule matched",
        ("some(where (p.eft == allow)) && !some(where (p.eft == deny))", true, _) => "an allow rule matched and no deny rule did",
        ("priority(p.eft) || deny" or "subjectPriority(p.eft) || deny", _, true) => "the highest-priority matching rule decided",
        ("priority(p.eft) || deny" or "subjectPriority(p.eft) || deny", _, false) => "no rule matched (the effect denies by default)",
        (_, true, true) => "an allow rule matched",
        (_, true, false) => "the matcher allowed without a policy rule",
        (_, false, _) => "no allow rule matched",
    };

    /// <summary>The policy file line that holds the deciding rule, or null when it cannot be found.</summary>
    private static string? FindRuleLine(string policyPath, Decision decision)
    {
        var lines = File.ReadAllLines(policyPath);
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length == decision.Rule.Count + 1 && fields[0] == decision.PolicyType
                && fields.Skip(1).SequenceEqual(decision.Rule, StringComparer.Ordinal))
            {
                return $"{policyPath}:{i + 1}";
            }
        }

        return null;
    }
}
