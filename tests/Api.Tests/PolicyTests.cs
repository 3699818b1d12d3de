using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Entitlements.Api.Tests;

/// <summary>GET/PUT of the policy: a valid PUT bumps the version; one that does not parse is a 400 with the parser's line.</summary>
[Collection(SiloCollection.Name)]
public sealed class PolicyTests(SiloFactory silo)
{
    private readonly HttpClient _client = silo.ClientWith(Entitlements.Api.Auth.Scopes.PolicyAdmin);

    [Fact]
    public async Task GetPolicy_ReturnsModelPolicyFieldsAndVersion()
    {
        var policy = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();

        Assert.False(string.IsNullOrWhiteSpace(policy.GetProperty("model").GetString()));
        Assert.Equal(JsonValueKind.String, policy.GetProperty("policy").ValueKind);
        Assert.True(policy.GetProperty("fields").EnumerateObject().Any());
        Assert.True(policy.GetProperty("version").GetInt64() >= 1);
    }

    [Fact]
    public async Task PutPolicy_ReplacesPolicyAndIncrementsVersion_WhenValid()
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = current.GetProperty("model").GetString(),
            policy = current.GetProperty("policy").GetString(),
            fields = current.GetProperty("fields"),
        });

        var stored = await response.OkJsonAsync();
        Assert.True(stored.GetProperty("version").GetInt64() > current.GetProperty("version").GetInt64());
        var after = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        Assert.Equal(stored.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PutPolicy_Returns400WithLine_WhenAPolicyLineDoesNotParse()
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        var lines = current.GetProperty("policy").GetString()!.TrimEnd('\n').Split('\n');
        var broken = string.Join('\n', lines) + "\nnot-a-ptype, x, y\n";

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = current.GetProperty("model").GetString(),
            policy = broken,
            fields = current.GetProperty("fields"),
        });

        var problem = await response.InvalidFieldAsync("policy");
        Assert.Equal(lines.Length + 1, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task PutPolicy_Returns400NamingModel_WhenModelDoesNotParse()
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = "[request_definition]\nr = sub, obj, act\n[matchers]\nm = r.sub == \n",
            policy = current.GetProperty("policy").GetString(),
            fields = current.GetProperty("fields"),
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("model", out _), problem.ToString());
    }
}
