using Entitlements.Api.Auth;
using Entitlements.Api.Contracts;
using Entitlements.Api.Problems;
using Entitlements.Api.Telemetry;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Entitlements.Api;

/// <summary>Registers and wires the HTTP API: auth, problem details, OpenAPI, metrics.</summary>
public static class ApiServiceCollectionExtensions
{
    public static WebApplicationBuilder AddEntitlementsApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
            // A number is a JSON number: "level": "1" is bad input, not a number in disguise.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Route a malformed or missing body through the exception handler, which names the offending field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddEntitlementsAuth(builder.Configuration);
        services.AddOpenApi(options => options
            .AddDocumentTransformer<BearerSecurityTransformer>()
            .AddOperationTransformer<ScopeOperationTransformer>()
            .AddSchemaTransformer<RequestSchemaTransformer>());

        services.AddSingleton<AccessMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AccessMetrics.MeterName, "Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        return builder;
    }

    /// <summary>The middleware, in order: problem details for exceptions and bare status codes, then authentication.</summary>
    public static WebApplication UseEntitlementsApi(this WebApplication app)
    {
        app.UseMiddleware<JsonBodyMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
