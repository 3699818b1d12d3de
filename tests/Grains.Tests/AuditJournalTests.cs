using Entitlements.Grains.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Entitlements.Grains.Tests;

/// <summary>
/// PRI-2 across a crash: with a journal, a record is on disk before its check returns, and what had not reached the
/// sink when the process died reaches it at the next start.
/// </summary>
public sealed class AuditJournalTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "entitlements-journal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task PRI2_RecordsNotYetInTheSink_WhenTheProcessDies_ReachTheSinkAtTheNextStart()
    {
        var stuck = new StuckSink();
        var crashed = Writer(stuck);
        await crashed.StartAsync(CancellationToken.None);
        crashed.Enqueue(Record("d-1"));
        crashed.Enqueue(Record("d-2"));
        crashed.Enqueue(Record("d-3"));
        await stuck.Reached.WaitAsync(Timeout);

        // The process dies: no stop, no drain; the operating system closes the files.
        crashed.Dispose();

        var sink = new InMemoryAuditSink();
        var restarted = Writer(sink);
        await restarted.StartAsync(CancellationToken.None);
        restarted.Enqueue(Record("d-4"));
        var records = await sink.WaitForAsync(r => r.Count == 4, Timeout, "the three journaled records and the new one");
        await restarted.StopAsync(CancellationToken.None);

        Assert.Equal(["d-1", "d-2", "d-3", "d-4"], records.Select(r => r.DecisionId));
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task PRI2_Enqueue_WritesTheRecordToTheJournal_BeforeItReturns()
    {
        var stuck = new StuckSink();
        var writer = Writer(stuck);
        await writer.StartAsync(CancellationToken.None);

        writer.Enqueue(Record("d-on-disk"));

        var file = Assert.Single(JournalFiles());
        var text = (await ReadSharedAsync(file)).TrimEnd('\0');
        Assert.Contains("\"DecisionId\":\"d-on-disk\"", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        writer.Dispose();
    }

    [Fact]
    public async Task Open_SkipsALineCutShortByTheCrash_AndReplaysTheRest()
    {
        var stuck = new StuckSink();
        var crashed = Writer(stuck);
        await crashed.StartAsync(CancellationToken.None);
        crashed.Enqueue(Record("d-1"));
        crashed.Enqueue(Record("d-2"));
        crashed.Dispose();

        // The process died while copying a third record: its first bytes follow the two whole ones.
        var path = Assert.Single(JournalFiles());
        var bytes = await File.ReadAllBytesAsync(path);
        var end = Array.IndexOf(bytes, (byte)0, AuditJournal.HeaderSize);
        "{\"DecisionId\":\"d-3\",\"Ti"u8.CopyTo(bytes.AsSpan(end));
        await File.WriteAllBytesAsync(path, bytes);

        var sink = new InMemoryAuditSink();
        var restarted = Writer(sink);
        await restarted.StartAsync(CancellationToken.None);
        var records = await sink.WaitForAsync(r => r.Count == 2, Timeout, "the two whole records");
        await restarted.StopAsync(CancellationToken.None);

        Assert.Equal(["d-1", "d-2"], records.Select(r => r.DecisionId));
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task Confirm_DeletesEveryFileTheSinkHoldsEntirely()
    {
        var sink = new InMemoryAuditSink();
        var writer = new AuditWriter(sink, TimeProvider.System, NullLogger<AuditWriter>.Instance,
            new AuditJournal(_directory, NullLogger.Instance, fileSize: 2048));
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 35; i++)
        {
            writer.Enqueue(Record($"d-{i}"));
        }

        await sink.WaitForAsync(r => r.Count == 35, Timeout, "35 records");

        // The full files go once the sink holds them; the current one stays, marked as confirmed to its end.
        await Eventually(() => writer.JournalBacklog() == 0, "every record to be confirmed");
        Assert.Single(JournalFiles());
        writer.Dispose();

        var afterCrash = new InMemoryAuditSink();
        var restarted = Writer(afterCrash);
        await restarted.StartAsync(CancellationToken.None);
        await restarted.StopAsync(CancellationToken.None);

        Assert.Empty(afterCrash.Records);
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task StopAsync_KeepsInTheJournal_WhatTheSinkRefused()
    {
        var failing = new FailingSink();
        var writer = Writer(failing);
        await writer.StartAsync(CancellationToken.None);
        writer.Enqueue(Record("d-1"));
        writer.Enqueue(Record("d-2"));
        using (var stopDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await writer.StopAsync(stopDeadline.Token);
        }

        writer.Dispose();

        var sink = new InMemoryAuditSink();
        var restarted = Writer(sink);
        await restarted.StartAsync(CancellationToken.None);
        var records = await sink.WaitForAsync(r => r.Count == 2, Timeout, "the two refused records");
        await restarted.StopAsync(CancellationToken.None);

        Assert.Equal(["d-1", "d-2"], records.Select(r => r.DecisionId));
    }

    [Fact]
    public async Task StartAsync_Fails_WhenAnotherWriterHoldsTheDirectory()
    {
        var first = Writer(new InMemoryAuditSink());
        await first.StartAsync(CancellationToken.None);

        var second = Writer(new InMemoryAuditSink());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(CancellationToken.None));

        Assert.Contains("Entitlements:Audit:JournalDirectory", error.Message, StringComparison.Ordinal);
        await first.StopAsync(CancellationToken.None);
    }

    private AuditWriter Writer(IAuditSink sink) =>
        new(sink, TimeProvider.System, NullLogger<AuditWriter>.Instance, new AuditJournal(_directory, NullLogger.Instance));

    private string[] JournalFiles() =>
        System.IO.Directory.Exists(_directory) ? System.IO.Directory.GetFiles(_directory, "audit-*.journal") : [];

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task Eventually(Func<bool> condition, string expectation)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Timeout} for {expectation}.");
            }

            await Task.Delay(10);
        }
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UnixEpoch, "u", null, "caller", "c", null, AccessActions.View, "mss", null, Decisions.Deny, [], [], 1);

    /// <summary>A sink that never answers, like a database that hangs while the process dies.</summary>
    private sealed class StuckSink : IAuditSink
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            _reached.TrySetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, CancellationToken.None);
        }
    }

    private sealed class FailingSink : IAuditSink
    {
        public ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new InvalidOperationException("database unavailable"));
    }
}
