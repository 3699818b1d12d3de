using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Entitlements.Grains.Audit;

/// <summary>
/// One per silo: takes audit records from the check path without waiting for the sink and hands them to the
/// <see cref="IAuditSink"/> in batches. A failing sink gets the same batch again after a back-off (the sink is
/// idempotent on the decision id), so a decision is never dropped while the silo runs; on an orderly stop the
/// queue is drained. With an <see cref="AuditJournal"/>, each record is also written to a local file before its
/// check returns, and records that had not reached the sink when the process died are sent at the next start;
/// without one, records still queued when a silo crashes are lost.
/// </summary>
internal sealed partial class AuditWriter(IAuditSink sink, TimeProvider time, ILogger<AuditWriter> logger, AuditJournal? journal = null)
    : IHostedService, IDisposable
{
    /// <summary>The most records handed to the sink at once.</summary>
    internal const int MaxBatch = 500;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<AuditRecord> _queue = Channel.CreateUnbounded<AuditRecord>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _journalLock = new();
    private bool _journalOpen;

    // Set when a batch was given up on at stop: later confirmations would count the wrong records.
    private bool _confirmationsStopped;
    private Task _loop = Task.CompletedTask;

    /// <summary>Queues a record (journaling it first when there is a journal); never fails while the silo runs.</summary>
    public void Enqueue(AuditRecord record)
    {
        if (journal is null)
        {
            Queue(record);
            return;
        }

        // The journal and the queue see records in the same order, which is how confirmations find their files.
        var encoded = AuditJournal.Encode(record);
        lock (_journalLock)
        {
            OpenJournal();
            journal.Append(encoded);
            Queue(record);
        }
    }

    /// <summary>How many journaled records the sink has not confirmed yet (0 without a journal).</summary>
    public int JournalBacklog()
    {
        lock (_journalLock)
        {
            return journal?.Unconfirmed ?? 0;
        }
    }

    private void Queue(AuditRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            LogDroppedAfterStop(logger, record.DecisionId);
        }
    }

    /// <summary>Opens the journal once, queueing what earlier runs left unconfirmed ahead of anything new. Under the lock.</summary>
    private void OpenJournal()
    {
        if (_journalOpen)
        {
            return;
        }

        foreach (var record in journal!.Open())
        {
            Queue(record);
        }

        _journalOpen = true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (journal is not null)
        {
            lock (_journalLock)
            {
                OpenJournal();
            }
        }

        // Not BackgroundService: its loop may never start when the host stops at once, and then nothing drains.
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking records and drains the queue; gives up retrying a failing sink when <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_stopping.Cancel))
        {
            await _loop.ConfigureAwait(false);
        }

        if (journal is not null)
        {
            lock (_journalLock)
            {
                // What the sink holds leaves the journal; anything it could not take stays for the next start.
                journal.Close(deleteConfirmed: true);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        if (journal is not null)
        {
            lock (_journalLock)
            {
                journal.Dispose();
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var batch = new List<AuditRecord>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            await WriteAsync(batch, stopping).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AuditRecord> batch, CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sink.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                if (journal is not null)
                {
                    lock (_journalLock)
                    {
                        if (!_confirmationsStopped)
                        {
                            journal.Confirm(batch.Count);
                        }
                    }
                }

                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogSinkFailed(logger, exception, batch.Count, attempt);
                if (stopping.IsCancellationRequested)
                {
                    if (journal is { Healthy: true })
                    {
                        lock (_journalLock)
                        {
                            _confirmationsStopped = true;
                        }

                        LogLeftInJournal(logger, batch.Count, journal.Directory);
                    }
                    else
                    {
                        LogDroppedOnStop(logger, batch.Count);
                    }

                    return;
                }
            }

            try
            {
                await Task.Delay(backoff, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's stop deadline passed: one more attempt, then the batch is reported lost.
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
