using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Entitlements.Api.Auth;

/// <summary>How bearer tokens are validated: a shared HS256 key, or an OIDC authority.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>The HS256 signing key (UTF-8, at least 32 bytes). Environment: <c>Auth__SigningKey</c>.
    /// Default: none; the embedded mode generates one at start when it is missing.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OIDC issuer whose discovery document supplies the signing keys; when set, <see cref="SigningKey"/> is not used.
    /// Default: none.</summary>
    public string? Authority { get; set; }

    /// <summary>The required <c>iss</c> claim. Default: <c>entitlements</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "entitlements";

    /// <summary>The required <c>aud</c> claim. Default: <c>entitlements</c>.</summary>
    [Required]
    public string Audience { get; set; } = "entitlements";

    /// <summary>Whether an HTTP (not HTTPS) <see cref="Authority"/> is accepted. Default: false.</summary>
    public bool AllowHttpAuthority { get; set; }

    /// <summary>The smallest HS256 key accepted, in bytes.</summary>
    public const int MinimumKeyBytes = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Authority))
        {
            yield break;
        }

        if (string.IsNullOrEmpty(SigningKey))
        {
            yield return new ValidationResult(
                $"Set {SectionName}:SigningKey (at least {MinimumKeyBytes} bytes) or {SectionName}:Authority.",
                [nameof(SigningKey)]);
        }
        else if (Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            yield return new ValidationResult(
                $"{SectionName}:SigningKey must be at least {MinimumKeyBytes} bytes.", [nameof(SigningKey)]);
        }
    }
}
