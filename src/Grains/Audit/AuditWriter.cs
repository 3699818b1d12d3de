using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Entitlements.Grains.Audit;

/// <summary>
/// One per silo: takes audit records from the check path without blocking it and hands them to the
/// <see cref="IAuditSink"/> in batches. A failing sink gets the same batch again after a back-off (the sink is
/// idempotent on the decision id), so a decision is never dropped while the silo runs; on an orderly stop the
/// queue is drained. Records still queued when a silo crashes are lost: the price of a microsecond check path.
/// </summary>
internal sealed partial class AuditWriter(IAuditSink sink, TimeProvider time, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>The most records handed to the sink at once.</summary>
    internal const int MaxBatch = 500;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<AuditRecord> _queue = Channel.CreateUnbounded<AuditRecord>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    /// <summary>Queues a record; never blocks and never fails while the silo runs.</summary>
    public void Enqueue(AuditRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            LogDroppedAfterStop(logger, record.DecisionId);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            await WriteAsync(batch, stoppingToken).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AuditRecord> batch, CancellationToken stoppingToken)
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
                if (stoppingToken.IsCancellationRequested && attempt >= 3)
                {
                    LogDroppedOnStop(logger, batch.Count);
                    return;
                }
            }

            await Task.Delay(backoff, time, CancellationToken.None).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit sink failed to store {Count} record(s) (attempt {Attempt}); retrying")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit sink still failing while the silo stops: {Count} record(s) not stored")]
    private static partial void LogDroppedOnStop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit record {DecisionId} arrived after the writer stopped and was not stored")]
    private static partial void LogDroppedAfterStop(ILogger logger, string decisionId);
}
