namespace Entitlements.Grains.Interfaces;

/// <summary>
/// The regulation policy in force (model, policy, field catalogue, version). Key: <see cref="GrainKeys.Policy"/>.
/// Holds the shipped baseline (version 1) from its first activation until a PUT replaces it.
/// </summary>
[Alias("entitlements.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("Get")]
    ValueTask<PolicyDocument> GetAsync();

    /// <summary>
    /// Validates and replaces model, policy and fields atomically; returns the stored document with the next version.
    /// Every silo decides with it once this returns. Throws <see cref="PolicyValidationException"/>; nothing changes then.
    /// </summary>
    [Alias("Replace")]
    Task<PolicyDocument> ReplaceAsync(PolicyDocument document);
}
