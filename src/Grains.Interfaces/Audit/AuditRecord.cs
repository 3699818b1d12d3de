namespace Entitlements.Grains.Interfaces;

/// <summary>
/// What one decision leaves behind (PRI-2): who asked (<see cref="Subject"/>, and the authenticated
/// <see cref="Caller"/> that sent the request), about which customer, fields, action and application,
/// the verdict per field with reasons, the policy version and the time. <see cref="DecisionId"/> is the key.
/// <see cref="SubjectUnit"/> and <see cref="CustomerUnit"/> are the units at decision time (null when unknown).
/// </summary>
[GenerateSerializer, Immutable, Alias("entitlements.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] string DecisionId,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Subject,
    [property: Id(3)] string? SubjectUnit,
    [property: Id(4)] string Caller,
    [property: Id(5)] string Customer,
    [property: Id(6)] string? CustomerUnit,
    [property: Id(7)] string Action,
    [property: Id(8)] string Application,
    [property: Id(9)] string? Grant,
    [property: Id(10)] string Decision,
    [property: Id(11)] IReadOnlyList<FieldResult> Fields,
    [property: Id(12)] IReadOnlyList<string> Reasons,
    [property: Id(13)] long PolicyVersion);
