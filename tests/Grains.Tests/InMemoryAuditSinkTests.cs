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

    [Fact]
    public async Task Records_ReadBackEveryValue_AsAppended()
    {
        var sink = new InMemoryAuditSink();
        var time = new DateTimeOffset(2026, 12, 3, 10, 30, 15, TimeSpan.FromHours(1)).AddTicks(1234567);
        var record = new AuditRecord("d-1", time, "u-1", "br1", "crm-app", "c-1", "br2", AccessActions.View, "mss", "g-7",
            Decisions.Partial, [new FieldResult("mobile", 1, "allow", "hide-middle-4", null), new FieldResult("health", 2, "deny", null, "not-serving")],
            ["not-serving"], 42);

        await sink.AppendAsync([record]);

        var kept = Assert.Single(sink.Records);
        Assert.Equal(record with { Fields = kept.Fields, Reasons = kept.Reasons }, kept);
        Assert.Equal(record.Time.Offset, kept.Time.Offset);
        Assert.Equal(record.Fields, kept.Fields);
        Assert.Equal(record.Reasons, kept.Reasons);
        var found = sink.Find("d-1");
        Assert.NotNull(found);
        Assert.Equal(kept, found with { Fields = kept.Fields, Reasons = kept.Reasons });
    }

    [Fact]
    public async Task AppendAsync_KeepsNewestInOrder_AcrossManySegments()
    {
        var sink = new InMemoryAuditSink { Capacity = 3000 };
        var fields = Enumerable.Range(0, 20).Select(i => new FieldResult("field-" + i, 1, "deny", null, "no-permission")).ToArray();

        for (var batch = 0; batch < 20; batch++)
        {
            await sink.AppendAsync([.. Enumerable.Range(batch * 500, 500).Select(i => Record($"d-{i}") with { Fields = fields })]);
        }

        var kept = sink.Records;
        Assert.Equal(3000, kept.Count);
        Assert.Equal(Enumerable.Range(7000, 3000).Select(i => $"d-{i}"), kept.Select(r => r.DecisionId));
        Assert.All(kept, r => Assert.Equal(20, r.Fields.Count));
        Assert.Null(sink.Find("d-6999"));
        Assert.Equal("d-7000", sink.Find("d-7000")?.DecisionId);
        Assert.Equal("d-9999", sink.Find("d-9999")?.DecisionId);
    }

    [Fact]
    public async Task AppendAsync_KeepsRecordLargerThanASegment()
    {
        var sink = new InMemoryAuditSink();
        var fields = Enumerable.Range(0, 1000).Select(i => new FieldResult(new string('f', 300) + i, 1, "deny", null, "unknown-field")).ToArray();

        await sink.AppendAsync([Record("d-1"), Record("d-big") with { Fields = fields }, Record("d-2")]);

        Assert.Equal(["d-1", "d-big", "d-2"], sink.Records.Select(r => r.DecisionId));
        Assert.Equal(1000, sink.Find("d-big")?.Fields.Count);
    }

    [Fact]
    public async Task AppendAsync_RetriedBatch_AfterEviction_AddsOnlyWhatIsGone()
    {
        var sink = new InMemoryAuditSink { Capacity = 3 };
        await sink.AppendAsync([Record("d-1"), Record("d-2"), Record("d-3"), Record("d-4")]);

        await sink.AppendAsync([Record("d-3"), Record("d-4")]);

        Assert.Equal(["d-2", "d-3", "d-4"], sink.Records.Select(r => r.DecisionId));
        Assert.Equal(3, sink.Count);
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UnixEpoch, "u", null, "caller", "c", null, AccessActions.View, "mss", null, Decisions.Deny, [], [], 1);
}
