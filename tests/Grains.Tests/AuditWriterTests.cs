using Entitlements.Grains.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Entitlements.Grains.Tests;

/// <summary>PRI-2: no decision goes unrecorded while the silo runs, even when the sink fails for a while.</summary>
public sealed class AuditWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PRI2_Enqueue_StoresEveryRecord_WhenSinkFailsBeforeSucceeding()
    {
        var sink = new FlakySink(failures: 2);
        var writer = new AuditWriter(sink, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            writer.Enqueue(Record($"d-{i}"));
        }

        var records = await sink.Inner.WaitForAsync(r => r.Count == 10, Timeout, "all 10 records after two sink failures");
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"d-{i}"), records.Select(r => r.DecisionId));
        Assert.True(sink.Attempts >= 3, $"expected the batch to be retried, saw {sink.Attempts} attempt(s)");
    }

    [Fact]
    public async Task PRI2_StopAsync_DrainsQueuedRecords()
    {
        var sink = new FlakySink(failures: 0);
        var writer = new AuditWriter(sink, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < AuditWriter.MaxBatch * 2 + 1; i++)
        {
            writer.Enqueue(Record($"d-{i}"));
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(AuditWriter.MaxBatch * 2 + 1, sink.Inner.Records.Count);
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UnixEpoch, "u", null, "caller", "c", null, AccessActions.View, "mss", null, Decisions.Deny, [], [], 1);

    private sealed class FlakySink(int failures) : IAuditSink
    {
        private int _attempts;

        public InMemoryAuditSink Inner { get; } = new();

        public int Attempts => Volatile.Read(ref _attempts);

        public ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _attempts) <= failures
                ? ValueTask.FromException(new InvalidOperationException("database unavailable"))
                : Inner.AppendAsync([.. records], cancellationToken);
    }
}
