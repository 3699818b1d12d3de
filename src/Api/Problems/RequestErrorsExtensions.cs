using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Entitlements.Api.Problems;

internal static class RequestErrorsExtensions
{
    /// <summary>A 400 whose <c>errors</c> map names every offending field and whose <c>detail</c> names the first.</summary>
    public static ValidationProblem ToProblem(this RequestErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: errors.Summary, title: "Invalid request");

    public static ProblemHttpResult NotFound(string kind, string id) =>
        TypedResults.Problem(
            detail: $"{kind} '{id}' does not exist",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            extensions: new Dictionary<string, object?> { ["kind"] = kind, ["id"] = id });
}
