namespace Entitlements.Grains.Interfaces;

/// <summary>One user (a person): unit, roles, employment, NDA, designated-VIP-viewer seat and status. Key: the user id.</summary>
[Alias("entitlements.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates or replaces the user (a new user is <c>active</c>; a PUT keeps the status). Throws
    /// <see cref="ValidationException"/> (unknown <c>unit</c>, bad <c>employment</c>) or <see cref="RegulationConflictException"/>
    /// (the unit's VIP-viewer seats are taken).
    /// </summary>
    [Alias("Put")]
    Task<UserRecord> PutAsync(UserDefinition definition);

    /// <summary>The user, or null when never PUT.</summary>
    [ReadOnly, Alias("Get")]
    ValueTask<UserRecord?> GetAsync();

    /// <summary>Sets the derived status (HR handover drives this). Throws <see cref="NotFoundException"/> or <see cref="ValidationException"/>.</summary>
    [Alias("SetStatus")]
    Task<UserRecord> SetStatusAsync(string status);
}
