using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Entitlements.Api;
using Entitlements.Api.Auth;
using Entitlements.Api.Endpoints;
using Entitlements.Benchmarks.Service;
using Entitlements.Grains.Interfaces;
using Entitlements.Silo.Health;
using Entitlements.Silo.Hosting;
using Entitlements.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

// A load harness for the service as it ships (embedded mode, Release, server GC), in one process:
//   grain  a five-field check through the in-process grain path (IAccessGrain), sequential: p50/p99
//   checker the same check through the silo's IAccessChecker (what the endpoint calls), sequential
//   http   POST /v1/access/check over loopback HTTP under concurrent load: checks/s, p50/p99
// Usage: dotnet run -c Release --project benchmarks/Service -- [grain|http|all] [--seconds N] [--connections N] [--journal DIR]
//   --journal DIR writes every audit record to a journal in DIR first, as a PostgreSQL-mode silo does
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var seconds = Option(args, "--seconds", 15);
var connections = Option(args, "--connections", 64);
const string Url = "http://127.0.0.1:5199";

var builder = WebApplication.CreateBuilder(["--urls", Url]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["Auth:SigningKey"] = "benchmark-signing-key-0123456789-abcdefghijklmnop";
builder.Configuration["Orleans:SiloPort"] = "11199";
builder.Configuration["Orleans:GatewayPort"] = "30199";
var journalIndex = Array.IndexOf(args, "--journal");
if (journalIndex >= 0 && journalIndex + 1 < args.Length)
{
    builder.Configuration["Entitlements:Audit:JournalDirectory"] = args[journalIndex + 1];
}

builder.AddEntitlementsSilo();
builder.AddEntitlementsApi();
builder.AddEntitlementsHealth();
// Audit records still go through the grains' background writer; the sink only counts them so that memory
// stays flat over millions of checks (the in-memory sink would keep every record).
builder.Services.RemoveAll<IAuditSink>();
builder.Services.AddSingleton<IAuditSink, CountingAuditSink>();

await using var app = builder.Build();
app.UseEntitlementsApi();
app.MapAccessEndpoints();
app.MapHealthEndpoints();
await app.StartAsync();

var grains = app.Services.GetRequiredService<IGrainFactory>();
var check = await Scenario.SeedAsync(grains);
var expected = await grains.GetAccess().CheckAsync(check, "bench");
Scenario.AssertExpected(expected);
Console.WriteLine($"check: {string.Join(", ", expected.Fields.Select(f => $"{f.Field}={f.Effect}{(f.Mask is null ? "" : "/" + f.Mask)}{(f.Reason is null ? "" : "/" + f.Reason)}"))} -> {expected.Decision}");

if (mode is "grain" or "all")
{
    await GrainPath(grains, check);
}

if (mode is "checker" or "all")
{
    await CheckerPath(app.Services.GetRequiredService<IAccessChecker>(), check);
}

if (mode is "http" or "all")
{
    await HttpPath(app, check, seconds, connections);
}

if (mode is "jwt")
{
    var jwt = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>().Get("Bearer");
    var auth = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;
    var token = TokenIssuer.Create(auth, "bench", [Scopes.AccessCheck], TimeSpan.FromHours(1));
    var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
    const int N = 20_000;
    var samples = new long[N];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < N; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await handler.ValidateTokenAsync(token, jwt.TokenValidationParameters);
        samples[i] = Stopwatch.GetTimestamp() - start;
        if (!result.IsValid)
        {
            throw new InvalidOperationException("token did not validate", result.Exception);
        }
    }

    Report($"JWT validation alone, n={N}", samples, N / total.Elapsed.TotalSeconds);
}

if (mode is "baseline")
{
    // The HTTP stack alone (GET /health/live: no token, no grain), to separate its cost from the check's.
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(Url) };
    async Task<bool> LiveAsync()
    {
        using var response = await client.GetAsync("/health/live");
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    await RunAsync(LiveAsync, connections, TimeSpan.FromSeconds(3));
    var (samples, rate, _) = await RunAsync(LiveAsync, connections, TimeSpan.FromSeconds(seconds));
    Report($"HTTP GET /health/live baseline, {connections} connections, {seconds} s", samples, rate);
}

await app.StopAsync();

static async Task GrainPath(IGrainFactory grains, AccessCheckRequest check)
{
    var access = grains.GetAccess();
    for (var i = 0; i < 50_000; i++)
    {
        await access.CheckAsync(check, "bench");
    }

    const int N = 200_000;
    var samples = new long[N];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < N; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await access.CheckAsync(check, "bench");
        samples[i] = Stopwatch.GetTimestamp() - start;
    }

    total.Stop();
    Report($"grain path, sequential, n={N}", samples, N / total.Elapsed.TotalSeconds);
}

static async Task CheckerPath(IAccessChecker checker, AccessCheckRequest check)
{
    for (var i = 0; i < 50_000; i++)
    {
        await checker.CheckAsync(check, "bench");
    }

    const int N = 200_000;
    var samples = new long[N];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < N; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await checker.CheckAsync(check, "bench");
        samples[i] = Stopwatch.GetTimestamp() - start;
    }

    total.Stop();
    Report($"silo checker (what the HTTP endpoint calls), sequential, n={N}", samples, N / total.Elapsed.TotalSeconds);
}

static async Task HttpPath(WebApplication app, AccessCheckRequest check, int seconds, int connections)
{
    var token = TokenIssuer.Create(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value,
        "bench", [Scopes.AccessCheck], TimeSpan.FromHours(1));
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = new Uri(Url),
    };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(check, System.Text.Json.JsonSerializerOptions.Web));

    async Task<bool> OneAsync()
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/v1/access/check", content);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK;
    }

    var first = await client.PostAsJsonAsync("/v1/access/check", check);
    if (first.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"HTTP check answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
    }

    await RunAsync(OneAsync, connections, TimeSpan.FromSeconds(3)); // warm-up
    var (samples, rate, failures) = await RunAsync(OneAsync, connections, TimeSpan.FromSeconds(seconds));
    Report($"HTTP POST /v1/access/check, {connections} connections, {seconds} s{(failures > 0 ? $", {failures} non-200" : "")}", samples, rate);
}

static async Task<(long[] Samples, double Rate, long Failures)> RunAsync(Func<Task<bool>> one, int workers, TimeSpan duration)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var perWorker = new List<long>[workers];
    long failures = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var mine = perWorker[w] = new List<long>(200_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            if (!await one())
            {
                Interlocked.Increment(ref failures);
            }

            mine.Add(Stopwatch.GetTimestamp() - start);
        }
    })));
    clock.Stop();
    var all = perWorker.SelectMany(l => l).ToArray();
    return (all, all.Length / clock.Elapsed.TotalSeconds, failures);
}

static void Report(string name, long[] ticks, double rate)
{
    Array.Sort(ticks);
    double Us(double q) => ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1_000_000.0 / Stopwatch.Frequency;
    Console.WriteLine($"{name}: {rate:N0}/s  p50 {Us(0.50):N1} µs  p90 {Us(0.90):N1} µs  p99 {Us(0.99):N1} µs  max {Us(1.0):N0} µs  (n={ticks.Length:N0})");
}

static int Option(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
