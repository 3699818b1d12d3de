using System.Net;
using System.Text.Json;

namespace Entitlements.Storage.Tests;

internal static class Responses
{
    /// <summary>Awaits a request, asserts 200 (the failure shows the body) and returns the parsed body.</summary>
    public static async Task<JsonElement> Ok(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
