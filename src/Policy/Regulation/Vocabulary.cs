namespace Entitlements.Policy.Regulation;

/// <summary>The words of the access contract (API.md): actions, masks, reason codes and decisions.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Actions = ["view", "list", "export", "print", "copy", "forward", "modify", "share"];

    public static readonly IReadOnlyList<string> Masks = [MaskHideMiddle4, MaskHideLast4, MaskSurnameOnly];

    public const string MaskHideMiddle4 = "hide-middle-4";
    public const string MaskHideLast4 = "hide-last-4";
    public const string MaskSurnameOnly = "surname-only";

    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string Partial = "partial";

    public const string UnknownSubject = "unknown-subject";
    public const string UnknownCustomer = "unknown-customer";
    public const string UnknownField = "unknown-field";
    public const string UnknownAction = "unknown-action";

    /// <summary>A policy row could not be evaluated for this check; the field is denied (PRI-3) and the fault logged.</summary>
    public const string PolicyError = "policy-error";
}
