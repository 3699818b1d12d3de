using System.Text;
using Entitlements.Api.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Entitlements.Api.Tests;

public sealed class CachingTokenHandlerTests
{
    private static readonly AuthOptions Options = new() { SigningKey = "a test signing key that is long enough for HS256" };

    private static TokenValidationParameters Parameters(string key, Func<int>? onLifetimeCheck = null) => new()
    {
        ValidIssuer = Options.Issuer,
        ValidAudience = Options.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        LifetimeValidator = (notBefore, expires, token, parameters) =>
        {
            onLifetimeCheck?.Invoke();
            return expires > DateTime.UtcNow;
        },
    };

    [Fact]
    public async Task ValidateTokenAsync_ValidatesOnce_WhileTheSameTokenIsReused()
    {
        var checks = 0;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new CachingTokenHandler(time);
        var parameters = Parameters(Options.SigningKey!, () => checks++);
        var token = TokenIssuer.Create(Options, "app", [Scopes.AccessCheck], TimeSpan.FromHours(1));

        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        var second = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(second.IsValid);
        Assert.Equal("app", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(1, checks);
    }

    [Fact]
    public async Task ValidateTokenAsync_ValidatesAgain_AfterTheCacheLifetime()
    {
        var checks = 0;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new CachingTokenHandler(time);
        var parameters = Parameters(Options.SigningKey!, () => checks++);
        var token = TokenIssuer.Create(Options, "app", [Scopes.AccessCheck], TimeSpan.FromHours(1));
        await handler.ValidateTokenAsync(token, parameters);

        time.Advance(CachingTokenHandler.MaxLifetime + TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, parameters);

        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task ValidateTokenAsync_RejectsCachedToken_WhenTheSigningKeyChanged()
    {
        var handler = new CachingTokenHandler(TimeProvider.System);
        var token = TokenIssuer.Create(Options, "app", [Scopes.AccessCheck], TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Options.SigningKey!))).IsValid);

        var rotated = await handler.ValidateTokenAsync(token, Parameters("another signing key, also long enough for HS256"));

        Assert.False(rotated.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_NeverCachesAnInvalidToken()
    {
        var checks = 0;
        var handler = new CachingTokenHandler(TimeProvider.System);
        var parameters = Parameters(Options.SigningKey!, () => checks++);
        var expired = TokenIssuer.Create(Options, "app", [Scopes.AccessCheck], TimeSpan.FromHours(1),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));

        Assert.False((await handler.ValidateTokenAsync(expired, parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(expired, parameters)).IsValid);
        Assert.Equal(2, checks);
    }
}
