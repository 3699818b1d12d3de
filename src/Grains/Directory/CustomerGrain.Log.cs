namespace Entitlements.Grains.Directory;

public sealed partial class CustomerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} written (version {Version})")]
    private static partial void LogCustomerWritten(ILogger logger, string customerId, long version);
}
