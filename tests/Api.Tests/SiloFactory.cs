using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Entitlements.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Entitlements.Api.Tests;

/// <summary>One embedded-mode silo (in-memory storage) hosting the API, shared by every test class in the collection.</summary>
public sealed class SiloFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "api-tests-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";

    public static readonly AuthOptions Auth = new() { SigningKey = SigningKey };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:SigningKey", SigningKey);
        // Collections run in parallel: each host gets its own silo and gateway ports.
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A client whose token holds exactly <paramref name="scopes"/>.</summary>
    public HttpClient ClientWith(params string[] scopes)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(scopes));
        return client;
    }

    /// <summary>A client holding every scope.</summary>
    public HttpClient Admin() => ClientWith([.. Scopes.All]);

    public static string Token(IEnumerable<string> scopes, AuthOptions? options = null) =>
        TokenIssuer.Create(options ?? Auth, "tester", scopes, TimeSpan.FromMinutes(30));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFactory>
{
    public const string Name = "silo";
}
