namespace Entitlements.Grains.Audit;

internal sealed partial class AuditWriter
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Audit sink failed to store {Count} record(s) (attempt {Attempt}); retrying")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit sink still failing while the silo stops: {Count} record(s) not stored")]
    private static partial void LogDroppedOnStop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit sink still failing while the silo stops: {Count} record(s) stay in the journal in {Directory} for the next start")]
    private static partial void LogLeftInJournal(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit record {DecisionId} arrived after the writer stopped and was not stored")]
    private static partial void LogDroppedAfterStop(ILogger logger, string decisionId);
}
