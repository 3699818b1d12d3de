using System.Reflection;
using System.Text.Json;
using Entitlements.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Entitlements.Api.Problems;

/// <summary>The one place that turns exceptions into RFC 7807 problem details: user mistakes become 400,
/// unknown ids 404, rules that forbid an operation 409; only a genuine fault is a 500.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The handler runs after the endpoint was cleared from the context; the feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var problem = Map(exception, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
        if (problem is null)
        {
            if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal error" };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The problem for <paramref name="exception"/>; <paramref name="bodyType"/> (the endpoint's body type) names JSON kinds.</summary>
    internal static ProblemDetails? Map(Exception exception, Type? bodyType = null) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json, bodyType),
        BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => Invalid("body", "a JSON body is required", "body: a JSON body is required"),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        ModelParseException model => Invalid("model", model.Reason, model.Message, model.Line),
        PolicyParseException policy => Invalid("policy", policy.Reason, policy.Message, policy.Line),
        ExpressionException expression => Invalid("model", expression.Message, expression.Message),
        PolicyException policy => Invalid("policy", policy.Message, policy.Message),
        _ => DomainProblems.Map(exception),
    };

    internal static ProblemDetails Invalid(string field, string reason, string detail, int? line = null)
    {
        // Domain messages name their field ("parent: unit 'x' does not exist"); under errors[field] the name is said once.
        if (reason.StartsWith(field + ": ", StringComparison.Ordinal))
        {
            reason = reason[(field.Length + 2)..];
        }

        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = detail,
        };
        if (line is not null)
        {
            problem.Extensions["line"] = line;
        }

        return problem;
    }

    /// <summary>"$.consents.change" becomes "consents.change"; "$" (the whole body) becomes "body".</summary>
    private static string FieldOf(JsonException json)
    {
        var path = json.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static ProblemDetails InvalidJson(JsonException json, Type? bodyType)
    {
        var field = FieldOf(json);
        var problem = JsonProblem(json, bodyType);
        return Invalid(field, problem, $"{field}: {problem}");
    }

    /// <summary>What is wrong with the JSON, in the caller's terms: the kind of value expected, or where the syntax broke.</summary>
    private static string JsonProblem(JsonException json, Type? bodyType)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return KindAt(bodyType, json.Path) is { } kind ? "must be " + kind : "holds a value of the wrong kind";
        }

        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : "";
        return $"is not valid JSON: {message.TrimEnd('.')}{where}";
    }

    /// <summary>The JSON kind the member at <paramref name="path"/> (<c>$.checks[1].fields</c>) of <paramref name="type"/> takes.</summary>
    private static string? KindAt(Type? type, string? path)
    {
        if (type is null || string.IsNullOrEmpty(path) || !path.StartsWith('$'))
        {
            return null;
        }

        foreach (var segment in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var indexed = bracket >= 0;
            if (indexed)
            {
                name = segment[..bracket];
            }

            type = ValueOf(type) ?? type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            if (type is null)
            {
                return null;
            }

            if (indexed)
            {
                type = ElementOf(type);
                if (type is null)
                {
                    return null;
                }
            }
        }

        return KindOf(type);
    }

    private static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(string))
        {
            return "a string";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "an ISO-8601 time";
        }

        if (ValueOf(type) is not null)
        {
            return "an object";
        }

        return ElementOf(type) is { } element
            ? (element == typeof(string) ? "an array of strings" : "an array")
            : "an object";
    }

    /// <summary>The value type of a dictionary (a JSON object whose keys are data, such as the field catalogue), else null.</summary>
    private static Type? ValueOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var generic
        && (generic == typeof(IReadOnlyDictionary<,>) || generic == typeof(IDictionary<,>) || generic == typeof(Dictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? element
        : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
