using System.Security.Cryptography;
using Entitlements.Api.Auth;

namespace Entitlements.Silo.Hosting;

/// <summary>In the embedded mode, a signing key generated at start when none is configured, so the start banner can
/// print a token holding every scope. A configured <c>Auth:SigningKey</c> or <c>Auth:Authority</c> always wins.</summary>
public static class DevelopmentCredentials
{
    /// <summary>How long the printed development token is valid.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    public static WebApplicationBuilder AddDevelopmentCredentials(this WebApplicationBuilder builder)
    {
        if (SiloHostingExtensions.ModeOf(builder.Configuration) != StorageMode.Embedded)
        {
            return builder;
        }

        var auth = builder.Configuration.GetSection(AuthOptions.SectionName);
        if (string.IsNullOrWhiteSpace(auth[nameof(AuthOptions.SigningKey)]) && string.IsNullOrWhiteSpace(auth[nameof(AuthOptions.Authority)]))
        {
            builder.Configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.SigningKey)}"] =
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        }

        builder.Services.AddHostedService<StartBanner>();
        return builder;
    }
}
