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

    [Theory]
    [InlineData("m = (p.grant == 'any' ||", "model")]
    [InlineData("m = frobnicate(r.sub) && eval(p.cond)", "model")]
    [InlineData("m = r.sub.nickname == p.id && eval(p.cond)", "model")]
    public async Task PutPolicy_Returns400WithLine_WhenMatcherCannotDecide(string matcher, string field)
    {
        // A matcher that parses only at the first check would turn every check into an error: it is refused at PUT.
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        var lines = current.GetProperty("model").GetString()!.Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith("m = ", StringComparison.Ordinal));

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = string.Join('\n', lines.Take(at).Append(matcher)),
            policy = current.GetProperty("policy").GetString(),
            fields = current.GetProperty("fields"),
        });

        var problem = await response.InvalidFieldAsync(field);
        Assert.Equal(at + 1, problem.GetProperty("line").GetInt32());
        var after = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        Assert.Equal(current.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("r.sub.nonexistent")]
    [InlineData("r.sub.roles > 3")]
    [InlineData("'abc'")]
    public async Task PutPolicy_Returns400WithLine_WhenConditionCannotDecide(string condition)
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        var policy = current.GetProperty("policy").GetString()!;
        var edited = policy.Replace("r.sub.status == 'departed'", condition, StringComparison.Ordinal);
        var line = Array.FindIndex(edited.Split('\n'), l => l.StartsWith("p, departed,", StringComparison.Ordinal)) + 1;

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = current.GetProperty("model").GetString(),
            policy = edited,
            fields = current.GetProperty("fields"),
        });

        var problem = await response.InvalidFieldAsync("policy");
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task PutPolicy_Returns400_WhenPolicyHasNoRows()
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();

        var response = await _client.PutAsJsonAsync("/v1/policy", new
        {
            model = current.GetProperty("model").GetString(),
            policy = "",
            fields = current.GetProperty("fields"),
        });

        var problem = await response.InvalidFieldAsync("policy");
        Assert.Contains("no rows", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPolicy_Returns400NamingLevel_WhenLevelIsAString()
    {
        var current = await (await _client.GetAsync("/v1/policy")).OkJsonAsync();
        var fields = current.GetProperty("fields").GetRawText().Replace("\"level\":3", "\"level\":\"3\"", StringComparison.Ordinal);
        var body = $$"""{"model":{{JsonSerializer.Serialize(current.GetProperty("model").GetString())}},"policy":{{JsonSerializer.Serialize(current.GetProperty("policy").GetString())}},"fields":{{fields}}}""";

        var response = await _client.PutRawAsync("/v1/policy", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Single();
        Assert.EndsWith(".level", errors.Name, StringComparison.Ordinal);
        Assert.Equal("must be a number", errors.Value[0].GetString());
    }
}
