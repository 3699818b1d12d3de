namespace Entitlements.Silo.Hosting;

/// <summary>How the silo keeps cluster membership, grain state, reminders and audit records.</summary>
public enum StorageMode
{
    /// <summary>One silo on localhost; everything in memory and lost at exit.</summary>
    Embedded,

    /// <summary>ADO.NET clustering, state and reminders in PostgreSQL, plus our own audit table.</summary>
    Postgres,
}

/// <summary>Configuration keys that choose the mode.</summary>
public static class StorageConfiguration
{
    /// <summary>The connection-string name: <c>ConnectionStrings:Entitlements</c> (environment <c>ConnectionStrings__Entitlements</c>).
    /// Set: PostgreSQL mode. Unset: the embedded mode.</summary>
    public const string ConnectionStringName = "Entitlements";

    /// <summary>The ADO.NET invariant name Orleans resolves to Npgsql.</summary>
    public const string Invariant = "Npgsql";
}
