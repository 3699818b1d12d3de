namespace Entitlements.Grains.Policy;

public sealed partial class PolicyGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Baseline policy stored (version {Version})")]
    private static partial void LogBaselineStored(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy replaced (version {Version})")]
    private static partial void LogPolicyReplaced(ILogger logger, long version);
}
