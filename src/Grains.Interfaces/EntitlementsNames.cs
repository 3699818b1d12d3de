namespace Entitlements.Grains.Interfaces;

/// <summary>Names the silo must configure for the grains: every storage, stream and channel name lives here.</summary>
public static class EntitlementsNames
{
    /// <summary>The grain storage provider that holds directory, policy and cache-registry state.</summary>
    public const string Storage = "entitlements";
}
