namespace Entitlements.Grains.Interfaces;

/// <summary>
/// Where audit records go. The check path never calls a sink inline: it queues records in memory and a
/// per-silo writer hands them to the sink in batches (in decision order per silo). A sink that throws
/// gets the same batch again after a back-off, so an implementation must be idempotent on
/// <see cref="AuditRecord.DecisionId"/>.
/// </summary>
public interface IAuditSink
{
    /// <summary>Stores <paramref name="records"/> durably; returns when they are stored.</summary>
    ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);
}
