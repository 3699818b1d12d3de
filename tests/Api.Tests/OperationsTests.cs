using System.Net;

namespace Entitlements.Api.Tests;

/// <summary>Health, OpenAPI, the reference page and metrics answer without a token.</summary>
[Collection(SiloCollection.Name)]
public sealed class OperationsTests(SiloFactory silo)
{
    private readonly HttpClient _anonymous = silo.CreateClient();

    [Fact]
    public async Task HealthLive_Returns200_WithoutToken()
    {
        var response = await _anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_Returns200_OnceTheSiloIsActive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpStatusCode last;
        do
        {
            last = (await _anonymous.GetAsync("/health/ready", timeout.Token)).StatusCode;
            if (last == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Yield();
        }
        while (!timeout.IsCancellationRequested);

        Assert.Fail($"expected /health/ready to answer 200 within 30 s; last status {(int)last}");
    }

    [Fact]
    public async Task OpenApi_DescribesEveryV1Route_WithoutToken()
    {
        var document = await (await _anonymous.GetAsync("/openapi/v1.json")).OkJsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/units", "/v1/units/{unitId}", "/v1/users/{userId}", "/v1/users/{userId}/entitlements", "/v1/customers/{customerId}", "/v1/access/check", "/v1/access/check-batch", "/v1/policy" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task Docs_ServesReferencePage_WithoutToken()
    {
        var response = await _anonymous.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_ExposesCheckCounterAndLatency_AfterACheck()
    {
        var check = await silo.Admin().PostRawAsync("/v1/access/check",
            """{"subject":"metrics-probe","customer":"c","action":"view","fields":["gender"],"application":"mss"}""");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);

        var text = await _anonymous.GetStringAsync("/metrics");

        Assert.Contains("entitlements_checks_total", text, StringComparison.Ordinal);
        Assert.Contains("entitlements_check_duration_seconds_bucket", text, StringComparison.Ordinal);
    }
}
