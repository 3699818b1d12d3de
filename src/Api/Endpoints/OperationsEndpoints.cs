using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Entitlements.Api.Endpoints;

/// <summary>What operators and newcomers reach without a token: <c>/openapi/v1.json</c>, the reference page at
/// <c>/docs</c>, and Prometheus metrics at <c>/metrics</c>. (Health endpoints belong to the silo host.)</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Entitlements API")).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
