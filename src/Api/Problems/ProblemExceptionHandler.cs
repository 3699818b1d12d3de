using System.Text.Json;
using Entitlements.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Entitlements.Api.Problems;

/// <summary>The one place that turns exceptions into RFC 7807 problem details: user mistakes become 400,
/// unknown ids 404, rules that forbid an operation 409; only a genuine fault is a 500.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
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

    internal static ProblemDetails? Map(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => Invalid(FieldOf(json), "is not valid JSON for this field", json.Message),
        BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => Invalid("body", "a JSON body is required", bad.Message),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        ModelParseException model => Invalid("model", model.Reason, model.Message, model.Line),
        PolicyParseException policy => Invalid("policy", policy.Reason, policy.Message, policy.Line),
        ExpressionException expression => Invalid("model", expression.Message, expression.Message),
        PolicyException policy => Invalid("policy", policy.Message, policy.Message),
        _ => DomainProblems.Map(exception),
    };

    internal static ProblemDetails Invalid(string field, string reason, string detail, int? line = null)
    {
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
