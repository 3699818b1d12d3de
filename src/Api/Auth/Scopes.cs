namespace Entitlements.Api.Auth;

/// <summary>The OAuth scopes of the v1 contract; each is also the name of the authorization policy that demands it.</summary>
public static class Scopes
{
    public const string AccessCheck = "access.check";
    public const string DirectoryWrite = "directory.write";
    public const string DirectoryRead = "directory.read";
    public const string PolicyAdmin = "policy.admin";
    public const string HrHandover = "hr.handover";
    public const string UnitsSuspend = "units.suspend";
    public const string RequestsSubmit = "requests.submit";
    public const string RequestsApprove = "requests.approve";
    public const string AuditRead = "audit.read";
    public const string IncidentsWrite = "incidents.write";

    /// <summary>Every scope, in contract order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AccessCheck, DirectoryWrite, DirectoryRead, PolicyAdmin, HrHandover,
        UnitsSuspend, RequestsSubmit, RequestsApprove, AuditRead, IncidentsWrite,
    ];
}
