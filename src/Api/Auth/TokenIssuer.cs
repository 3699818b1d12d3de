using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Entitlements.Api.Auth;

/// <summary>Mints HS256 tokens that this service accepts: the development token printed at start, and tokens for tests and tools.</summary>
public static class TokenIssuer
{
    public static string Create(AuthOptions options, string subject, IEnumerable<string> scopes, TimeSpan lifetime, TimeProvider? time = null)
    {
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            throw new InvalidOperationException("Tokens can only be minted with an HS256 signing key (Auth:SigningKey).");
        }

        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim(ScopeClaims.ClaimType, string.Join(' ', scopes))]),
            SigningCredentials = new SigningCredentials(SigningKeyOf(options), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    internal static SymmetricSecurityKey SigningKeyOf(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? string.Empty));
}
