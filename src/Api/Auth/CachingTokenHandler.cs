using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Entitlements.Api.Auth;

/// <summary>
/// Validates bearer tokens like <see cref="JsonWebTokenHandler"/> and remembers each valid token until it expires
/// (at most <see cref="MaxLifetime"/>), so an application that sends the same token on every check pays the
/// signature and claim validation once instead of on every request. Only tokens checked against a configured
/// signing key are cached, and an entry counts only for the same key, issuer and audience: a rotated key or changed
/// options miss the cache. Tokens validated through an authority's published keys, and invalid tokens, are never cached.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>The longest a validated token is trusted without being validated again.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The most tokens remembered; past it the cache starts afresh.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_valid.TryGetValue(token, out var entry)
            && entry.Matches(validationParameters)
            && now < entry.Until)
        {
            // A fresh identity per request: handlers downstream may add claims to theirs.
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = entry.Result.ClaimsIdentity.Clone(),
                SecurityToken = entry.Result.SecurityToken,
                Issuer = entry.Result.Issuer,
                TokenType = entry.Result.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } securityToken && validationParameters.IssuerSigningKey is not null)
        {
            var expires = securityToken.ValidTo == DateTime.MinValue
                ? now + MaxLifetime
                : new DateTimeOffset(DateTime.SpecifyKind(securityToken.ValidTo, DateTimeKind.Utc));
            var until = expires < now + MaxLifetime ? expires : now + MaxLifetime;
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            _valid[token] = new Entry(validationParameters.IssuerSigningKey, validationParameters.ValidIssuer,
                validationParameters.ValidAudience, result, until);
        }

        return result;
    }

    private sealed record Entry(SecurityKey Key, string? Issuer, string? Audience, TokenValidationResult Result, DateTimeOffset Until)
    {
        public bool Matches(TokenValidationParameters parameters) =>
            ReferenceEquals(Key, parameters.IssuerSigningKey)
            && string.Equals(Issuer, parameters.ValidIssuer, StringComparison.Ordinal)
            && string.Equals(Audience, parameters.ValidAudience, StringComparison.Ordinal);
    }
}
