using System.Security.Claims;

namespace Entitlements.Api.Auth;

/// <summary>Reads the <c>scope</c> claim, whether an issuer sends one space-separated string or one claim per scope.</summary>
public static class ScopeClaims
{
    public const string ClaimType = "scope";

    public static bool Has(ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.FindAll(ClaimType))
        {
            foreach (var range in claim.Value.AsSpan().Split(' '))
            {
                if (claim.Value.AsSpan()[range].SequenceEqual(scope))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
