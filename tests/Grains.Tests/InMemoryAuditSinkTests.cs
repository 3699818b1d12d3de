namespace Entitlements.Grains.Tests;

public sealed class InMemoryAuditSinkTests
{
    [Fact]
    public async Task AppendAsync_IgnoresRepeatedDecisionIds_WhenBatchIsRetried()
    {
        var sink = new InMemoryAuditSink();
        AuditRecord[] batch = [Record("d-1"), Record("d-2")];

        await sink.AppendAsync(batch);
        await sink.AppendAsync(batch);

        Assert.Equal(["d-1", "d-2"], sink.Records.Select(r => r.DecisionId));
    }

    [Fact]
    public async Task AppendAsync_DropsOldest_WhenOverCapacity()
    {
        var sink = new InMemoryAuditSink { Capacity = 2 };

        await sink.AppendAsync([Record("d-1"), Record("d-2"), Record("d-3")]);

        Assert.Equal(["d-2", "d-3"], sink.Records.Select(r => r.DecisionId));
        Assert.Null(sink.Find("d-1"));
    }

    [Fact]
    public async Task WaitForAsync_ThrowsTimeoutNamingExpectation_WhenConditionNeverHolds()
    {
        var sink = new InMemoryAuditSink();

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            sink.WaitForAsync(r => r.Count > 0, TimeSpan.FromMilliseconds(50), "a record that never comes"));

        Assert.Contains("a record that never comes", error.Message, StringComparison.Ordinal);
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UnixEpoch, "u", null, "caller", "c", null, AccessActions.View, "mss", null, Decisions.Deny, [], [], 1);
}
