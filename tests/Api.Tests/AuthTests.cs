using System.Net;
using System.Net.Http.Headers;
using Entitlements.Api.Auth;

namespace Entitlements.Api.Tests;

/// <summary>Every /v1 endpoint: 401 without a valid token, 403 without its scope, neither with it.</summary>
[Collection(SiloCollection.Name)]
public sealed class AuthTests(SiloFactory silo)
{
    private const string Check = """{"subject":"u-x","customer":"c-x","action":"view","fields":["gender"],"application":"mss"}""";

    public static TheoryData<string, string, string?, string> Endpoints() => new()
    {
        { "PUT", "/v1/units/auth-u", """{"name":"U","kind":"branch"}""", Scopes.DirectoryWrite },
        { "GET", "/v1/units/auth-u", null, Scopes.DirectoryRead },
        { "GET", "/v1/units?compliant=false", null, Scopes.DirectoryRead },
        { "PUT", "/v1/users/auth-p", """{"unit":"auth-u","employment":"staff"}""", Scopes.DirectoryWrite },
        { "GET", "/v1/users/auth-p", null, Scopes.DirectoryRead },
        { "GET", "/v1/users/auth-p/entitlements", null, Scopes.DirectoryRead },
        { "PUT", "/v1/customers/auth-c", """{"unit":"auth-u"}""", Scopes.DirectoryWrite },
        { "GET", "/v1/customers/auth-c", null, Scopes.DirectoryRead },
        { "POST", "/v1/access/check", Check, Scopes.AccessCheck },
        { "POST", "/v1/access/check-batch", $$"""{"checks":[{{Check}}]}""", Scopes.AccessCheck },
        { "GET", "/v1/policy", null, Scopes.PolicyAdmin },
        { "PUT", "/v1/policy", """{"model":"","policy":"","fields":{}}""", Scopes.PolicyAdmin },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_Returns401Problem_WithoutToken(string method, string path, string? body, string scope)
    {
        _ = scope;
        var response = await silo.CreateClient().SendAsync(Request(method, path, body));
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_Returns403Problem_WithoutItsScope(string method, string path, string? body, string scope)
    {
        var client = silo.ClientWith([.. Scopes.All.Where(s => s != scope)]);
        var response = await client.SendAsync(Request(method, path, body));
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_PassesAuthorization_WithOnlyItsScope(string method, string path, string? body, string scope)
    {
        var response = await silo.ClientWith(scope).SendAsync(Request(method, path, body));
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Check_Returns401_WithTokenSignedByAnotherKey()
    {
        var other = new AuthOptions { SigningKey = "another-key-another-key-another-key-0123456789" };
        var response = await Send(SiloFactory.Token(Scopes.All, other));
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Check_Returns401_WithWrongIssuer()
    {
        var other = new AuthOptions { SigningKey = SiloFactory.SigningKey, Issuer = "someone-else" };
        var response = await Send(SiloFactory.Token(Scopes.All, other));
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Check_Returns401_WithWrongAudience()
    {
        var other = new AuthOptions { SigningKey = SiloFactory.SigningKey, Audience = "someone-else" };
        var response = await Send(SiloFactory.Token(Scopes.All, other));
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Check_Returns401_WithExpiredToken()
    {
        var token = TokenIssuer.Create(SiloFactory.Auth, "tester", Scopes.All, TimeSpan.FromMinutes(5), new ShiftedTime(TimeSpan.FromHours(-2)));
        var response = await Send(token);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Check_Returns401_WithGarbageToken()
    {
        var response = await Send("not-a-jwt");
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Check_Returns403_WhenScopeIsOnlyAPrefix()
    {
        var response = await Send(SiloFactory.Token(["access", "access.check.extra"]));
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<HttpResponseMessage> Send(string token)
    {
        var request = Request("POST", "/v1/access/check", Check);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await silo.CreateClient().SendAsync(request);
    }

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
