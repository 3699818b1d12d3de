using System.Text.Json;
using Entitlements.Policy;
using Entitlements.Policy.Model;

namespace Entitlements.Cli.Commands;

/// <summary>
/// Where a model or policy text came from, so errors name the file and line the user wrote:
/// <see cref="LineOffset"/> maps line 1 of the text to a line of <see cref="Name"/> (non-zero for
/// text embedded in a YAML test file). A text made of two sources joined together names
/// <see cref="Then"/> for lines after the first <see cref="LineCount"/>.
/// </summary>
public sealed record SourceRef(string Name, int LineOffset = 0, int? LineCount = null, SourceRef? Then = null)
{
    public string At(int? line) => line switch
    {
        null => Name,
        { } l when LineCount is { } count && l > count && Then is not null => Then.At(l - count),
        { } l => $"{Name}:{l + LineOffset}",
    };
}

/// <summary>Loads models and policies for the commands and turns engine errors into one-line messages naming file and line.</summary>
public static class PolicySource
{
    /// <summary>Reads a file; a missing or unreadable file is a <see cref="CliException"/> naming it.</summary>
    public static string ReadFile(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: is a directory, expected a {what} file");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: {what} file not found");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read the {what} file: {ex.Message}", ex);
        }
    }

    /// <summary>Builds an enforcer from model and policy text; parse errors name <paramref name="model"/> or <paramref name="policy"/> and the line.</summary>
    public static Enforcer Load(string modelText, SourceRef model, string? policyText, SourceRef? policy)
    {
        PolicyModel parsed;
        try
        {
            parsed = PolicyModel.Parse(modelText);
        }
        catch (ModelParseException ex)
        {
            throw new CliException($"{model.At(ex.Line)}: {ex.Reason}", ex);
        }
        catch (PolicyException ex)
        {
            throw new CliException($"{model.Name}: {ex.Message}", ex);
        }

        try
        {
            return new Enforcer(parsed, policyText);
        }
        catch (PolicyParseException ex)
        {
            throw new CliException($"{(policy ?? model).At(ex.Line)}: {ex.Reason}", ex);
        }
        catch (ModelParseException ex)
        {
            throw new CliException($"{model.At(ex.Line)}: {ex.Reason}", ex);
        }
        catch (PolicyException ex)
        {
            throw new CliException($"{(policy ?? model).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Builds an enforcer from a model file and an optional policy file.</summary>
    public static Enforcer LoadFiles(string modelPath, string? policyPath)
    {
        var modelText = ReadFile(modelPath, "model");
        var policyText = policyPath is null ? null : ReadFile(policyPath, "policy");
        return Load(modelText, new SourceRef(modelPath), policyText, policyPath is null ? null : new SourceRef(policyPath));
    }

    /// <summary>
    /// Parses <c>r2,p2,e2,m2</c> (or a suffix such as <c>2</c>) into an <see cref="EnforceContext"/>;
    /// null or empty gives the default r, p, e, m.
    /// </summary>
    public static EnforceContext ParseContext(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return EnforceContext.Default;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && parts[0].All(char.IsAsciiDigit))
        {
            return EnforceContext.New(parts[0]);
        }

        if (parts.Length != 4 || parts[0][0] != 'r' || parts[1][0] != 'p' || parts[2][0] != 'e' || parts[3][0] != 'm')
        {
            throw new CliException($"context \"{text}\" is not of the form r2,p2,e2,m2 (or a suffix such as 2)");
        }

        return new EnforceContext(parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>
    /// Turns request text into request values: a value that looks like a JSON object (<c>{"Owner":"alice"}</c>)
    /// becomes an attribute object, as the reference's acceptJsonRequest does; anything else stays a string.
    /// </summary>
    public static object?[] ParseRequest(IReadOnlyList<string> values)
    {
        var request = new object?[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            request[i] = ParseValue(values[i], i);
        }

        return request;
    }

    /// <summary>A single request value: a JSON-object-looking string becomes an attribute object.</summary>
    public static object? ParseValue(string value, int index)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] != '{' || trimmed[^1] != '}')
        {
            return value;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CliException($"request value {index + 1} looks like a JSON object but does not parse: {ex.Message}", ex);
        }
    }

    /// <summary>Decides a request; a matcher that does not compile is reported at the matcher's line in <paramref name="model"/>.</summary>
    public static Decision Decide(Enforcer enforcer, EnforceContext context, object?[] request, SourceRef model)
    {
        try
        {
            return enforcer.EnforceEx(context, request);
        }
        catch (ExpressionException ex)
        {
            var line = enforcer.Model.Find(context.MType)?.Line;
            throw new CliException($"{model.At(line)}: {ex.Message}", ex);
        }
        catch (PolicyException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>A rule as it is written in a policy file: <c>p, alice, data1, read</c>.</summary>
    public static string FormatRule(Decision decision) =>
        decision.HasRule ? string.Join(", ", decision.Rule.Prepend(decision.PolicyType)) : "none";
}
