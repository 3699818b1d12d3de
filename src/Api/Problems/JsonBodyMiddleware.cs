using Microsoft.AspNetCore.Http;

namespace Entitlements.Api.Problems;

/// <summary>
/// Every /v1 body is JSON. A body sent without a Content-Type is read as JSON; one sent as anything else (a form,
/// plain text) is refused with a 400 naming <c>Content-Type</c>, before an endpoint would answer a bare 415.
/// </summary>
internal sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody || !request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            return next(context);
        }

        if (request.ContentType is null)
        {
            request.ContentType = "application/json";
            return next(context);
        }

        if (request.HasJsonContentType())
        {
            return next(context);
        }

        var errors = new RequestErrors();
        errors.Add("Content-Type", $"must be application/json, not {request.ContentType}");
        return errors.ToProblem().ExecuteAsync(context);
    }
}
