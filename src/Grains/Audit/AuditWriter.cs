using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Entitlements.Grains.Audit;

/// <summary>
/// One per silo: takes audit records from the check path without blocking it and hands them to the
/// <see cref="IAuditSink"/> in batches. A failing sink gets the same batch again after a back-off (the sink is
/// idempotent on the decision id), so a decision is never dropped while the silo runs; on an orderly stop the
/// queue is drained. Records still queued when a silo crashes are lost: the price of a microsecond check path.
/// </summary>
internal sealed partial class AuditWriter(IAuditSink sink, TimeProvider time, ILogger<AuditWriter> logger) : IHostedService
{
    /// <summary>The most records handed to the sink at once.</summary>
    internal const int MaxBatch = 500;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<AuditRecord> _queue = Channel.CreateUnbounded<AuditRecord>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Queues a record; never blocks and never fails while the silo runs.</summary>
    public void Enqueue(AuditRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            LogDroppedAfterStop(logger, record.DecisionId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
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
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogSinkFailed(logger, exception, batch.Count, attempt);
                if (stopping.IsCancellationRequested)
                {
                    LogDroppedOnStop(logger, batch.Count);
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
