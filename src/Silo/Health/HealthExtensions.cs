using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Entitlements.Silo.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (cluster joined, storage answers), without a token.</summary>
public static class HealthExtensions
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddEntitlementsHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithName("Live").WithSummary("200 while the process serves requests").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) })
            .WithName("Ready").WithSummary("200 once the silo is an active cluster member and storage answers; else 503").AllowAnonymous();
        return app;
    }
}
