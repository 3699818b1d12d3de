using Entitlements.Api.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Entitlements.Silo.Hosting;

/// <summary>Tells a newcomer, once the embedded silo listens, where it is, that nothing is durable, and a token to call it with.</summary>
internal sealed class StartBanner(IHostApplicationLifetime lifetime, IServer server, IOptions<AuthOptions> auth) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return; // an in-memory test server: nobody to tell
        }

        var url = addresses.First();
        var token = string.IsNullOrEmpty(auth.Value.SigningKey)
            ? null
            : TokenIssuer.Create(auth.Value, "developer", Scopes.All, DevelopmentCredentials.TokenLifetime);
        Console.WriteLine($"""

            Entitlements silo is running (embedded mode) on {string.Join(", ", addresses)}
              API reference: {url}/docs    OpenAPI: {url}/openapi/v1.json    health: {url}/health/ready
              NOT DURABLE: storage, clustering and reminders are in memory; all state is lost when this process exits.
              Set ConnectionStrings__Entitlements to a PostgreSQL connection string for durable state.

            """);
        if (token is not null)
        {
            Console.WriteLine($"""
                Development token (every scope, valid {DevelopmentCredentials.TokenLifetime.TotalHours:0} h):
                {token}

                Try:  export TOKEN={token}
                      curl -s -H "Authorization: Bearer $TOKEN" {url}/v1/policy

                """);
        }
    }
}
