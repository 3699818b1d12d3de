using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Entitlements.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Entitlements.Storage.Tests;

/// <summary>One silo process's worth of host (silo plus API) in PostgreSQL mode, inside the test process; several
/// with the same database and cluster id form one cluster.</summary>
public sealed class PostgresSilo(string connectionString, string clusterId, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string SigningKey = "storage-tests-signing-key-0123456789-abcdefghijklmnop";

    /// <summary>This host's audit journal, unless the settings name one; removed when the host is disposed.</summary>
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "entitlements-storage-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Entitlements", connectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Orleans:ClusterId", clusterId);
        builder.UseSetting("Orleans:ServiceId", clusterId);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Entitlements:Audit:JournalDirectory", _journal);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = AdminAuthorization(SigningKey);
        return client;
    }

    /// <summary>A bearer header holding every scope, signed with <paramref name="signingKey"/>.</summary>
    internal static AuthenticationHeaderValue AdminAuthorization(string signingKey) =>
        new("Bearer", TokenIssuer.Create(new AuthOptions { SigningKey = signingKey }, "storage-tests", Scopes.All, TimeSpan.FromMinutes(30)));

    /// <summary>Starts the host and waits until <c>/health/ready</c> says the silo joined its cluster and storage answers.</summary>
    public async Task<PostgresSilo> ReadyAsync()
    {
        var client = CreateClient();
        await Eventually.WaitAsync(
            async () => (await client.GetAsync("/health/ready")).StatusCode,
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "/health/ready to answer 200");
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
