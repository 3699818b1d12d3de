namespace Entitlements.Grains.Directory;

public sealed partial class UserGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} written (version {Version})")]
    private static partial void LogUserWritten(ILogger logger, string userId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is now {Status}")]
    private static partial void LogUserStatus(ILogger logger, string userId, string status);
}
