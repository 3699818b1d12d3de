namespace Entitlements.Grains.Interfaces;

/// <summary>The unit kinds of the organisation tree (ORG-1).</summary>
public static class UnitKinds
{
    public const string Hq = "hq";
    public const string Branch = "branch";
    public const string Subsidiary = "subsidiary";
    public const string Office = "office";

    public static readonly IReadOnlyList<string> All = [Hq, Branch, Subsidiary, Office];
}

/// <summary>Tags that mark the distinguished head-office units (ORG-2).</summary>
public static class UnitTags
{
    public const string Cmd = "cmd";
    public const string Dic = "dic";
    public const string F1 = "f1";
    public const string Compliance = "compliance";
    public const string Audit = "audit";
    public const string Committee = "committee";
    public const string Operations = "operations";

    public static readonly IReadOnlyList<string> All = [Cmd, Dic, F1, Compliance, Audit, Committee, Operations];
}

/// <summary>A user's employment relation; outsourced staff never see level 1 (Art. 30).</summary>
public static class Employments
{
    public const string Staff = "staff";
    public const string Outsourced = "outsourced";

    public static readonly IReadOnlyList<string> All = [Staff, Outsourced];
}

/// <summary>A user's lifecycle status, derived by the engine (HO-3), never PUT.</summary>
public static class UserStatuses
{
    public const string Active = "active";
    public const string Handover = "handover";
    public const string Departed = "departed";

    public static readonly IReadOnlyList<string> All = [Active, Handover, Departed];
}

/// <summary>The actions a check may ask about (API.md, Access decisions).</summary>
public static class AccessActions
{
    public const string View = "view";
    public const string List = "list";
    public const string Export = "export";
    public const string Print = "print";
    public const string Copy = "copy";
    public const string Forward = "forward";
    public const string Modify = "modify";
    public const string Share = "share";

    public static readonly IReadOnlyList<string> All = [View, List, Export, Print, Copy, Forward, Modify, Share];
}

/// <summary>The overall decision and the per-field effect words of a check response.</summary>
public static class Decisions
{
    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string Partial = "partial";
}

/// <summary>
/// What stands between a unit and Art. 10 (ORG-3: each unit names one security officer and one security contact),
/// as kebab-case codes. A unit without findings is compliant.
/// </summary>
public static class UnitFindings
{
    public const string NoSecurityOfficer = "no-security-officer";
    public const string NoSecurityContact = "no-security-contact";

    /// <summary>The named security officer is not a user of the directory.</summary>
    public const string SecurityOfficerUnknown = "security-officer-unknown";

    /// <summary>The named security officer has left (HO-3): the seat is empty in fact.</summary>
    public const string SecurityOfficerDeparted = "security-officer-departed";

    public const string SecurityContactUnknown = "security-contact-unknown";
    public const string SecurityContactDeparted = "security-contact-departed";
}
