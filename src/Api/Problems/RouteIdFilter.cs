using Microsoft.AspNetCore.Http;

namespace Entitlements.Api.Problems;

/// <summary>
/// Refuses a request whose path names an id that no directory object can have (blank, too long, control
/// characters) with a 400 naming the route parameter, before any grain is asked.
/// </summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        RequestErrors? errors = null;
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && Ids.Problem(value as string) is { } problem)
            {
                errors ??= new RequestErrors();
                errors.Add(name, problem);
            }
        }

        return errors is null ? next(context) : ValueTask.FromResult<object?>(errors.ToProblem());
    }
}

/// <summary>What an id chosen by a caller may be: a non-blank string of at most <see cref="MaxLength"/> characters without control characters.</summary>
internal static class Ids
{
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="id"/> cannot be an id, or null when it can.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "must be a non-empty id";
        }

        if (id.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (got {id.Length})";
        }

        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                return "must not contain control characters";
            }
        }

        return null;
    }
}
