using Entitlements.Grains.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Entitlements.Api.Problems;

/// <summary>Maps the grains' domain exceptions (they cross silos serialized) to problem details.</summary>
internal static class DomainProblems
{
    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        NotFoundException notFound => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found",
            Detail = notFound.Message,
            Extensions = { ["kind"] = notFound.Kind, ["id"] = notFound.Id },
        },
        PolicyValidationException policy => ProblemExceptionHandler.Invalid(policy.Field, policy.Message, policy.Message, policy.Line),
        ValidationException invalid => ProblemExceptionHandler.Invalid(invalid.Field, invalid.Message, invalid.Message),
        RegulationConflictException conflict => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Forbidden by the regulation",
            Detail = conflict.Message,
            Extensions = { ["blocking"] = conflict.Blocking },
        },
        _ => null,
    };
}
