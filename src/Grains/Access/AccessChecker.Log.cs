namespace Entitlements.Grains.Access;

internal sealed partial class AccessChecker
{
    [LoggerMessage(Level = LogLevel.Error,
        Message = "Policy version {Version} could not evaluate a {Action} check of {Subject} on {Customer}; the fields were denied (policy-error). Correct the policy with PUT /v1/policy")]
    private static partial void LogPolicyError(ILogger logger, long version, string subject, string customer, string action);
}
