namespace Entitlements.Policy;

/// <summary>Base of every error the engine reports for a user's mistake (bad model, bad policy, bad request).</summary>
public class PolicyException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>"file:line: reason", "line N: reason", "file: reason" or "reason".</summary>
    protected static string Locate(string reason, int? line, string? source) =>
        (source, line) switch
        {
            (not null, not null) => $"{source}:{line}: {reason}",
            (null, not null) => $"line {line}: {reason}",
            (not null, null) => $"{source}: {reason}",
            _ => reason,
        };
}

/// <summary>A model (CONF) text that does not parse. <see cref="Line"/> is 1-based, or null when not tied to a line.</summary>
public sealed class ModelParseException(string reason, int? line = null, string? source = null)
    : PolicyException(Locate(reason, line, source))
{
    public int? Line { get; } = line;
    public string? SourceName { get; } = source;
    public string Reason { get; } = reason;
}

/// <summary>A policy (CSV) text or rule that does not parse or does not fit its definition.</summary>
public sealed class PolicyParseException(string reason, int? line = null, string? source = null)
    : PolicyException(Locate(reason, line, source))
{
    public int? Line { get; } = line;
    public string? SourceName { get; } = source;
    public string Reason { get; } = reason;
}

/// <summary>A matcher expression that does not parse or names something unknown (e.g. an unregistered function).</summary>
public sealed class ExpressionException(string message) : PolicyException(message);

/// <summary>An error raised while evaluating a request (wrong request size, bad argument type, invalid regex, ...).</summary>
public sealed class EvaluationException(string message, Exception? inner = null) : PolicyException(message, inner);
