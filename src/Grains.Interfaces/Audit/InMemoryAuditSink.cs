namespace Entitlements.Grains.Interfaces;

/// <summary>
/// An <see cref="IAuditSink"/> that keeps the most recent <see cref="Capacity"/> records in memory: the embedded
/// mode's default (not durable) and the tests' probe. Thread-safe; <see cref="WaitForAsync"/> waits on a
/// condition instead of sleeping.
/// </summary>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly Lock _lock = new();
    private readonly Queue<AuditRecord> _records = new();
    private readonly Dictionary<string, AuditRecord> _byId = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many records are kept; the oldest go first. Default: 100,000.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>A snapshot of the records kept, in arrival order.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        TaskCompletionSource changed;
        lock (_lock)
        {
            foreach (var record in records)
            {
                // Idempotent on the decision id: a retried batch does not duplicate records.
                if (_byId.TryAdd(record.DecisionId, record))
                {
                    _records.Enqueue(record);
                    if (_records.Count > Capacity)
                    {
                        _byId.Remove(_records.Dequeue().DecisionId);
                    }
                }
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>The record of <paramref name="decisionId"/>, or null.</summary>
    public AuditRecord? Find(string decisionId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(decisionId);
        }
    }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds for the stored records; throws <see cref="TimeoutException"/>
    /// naming <paramref name="expectation"/> and what was seen when it does not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> WaitForAsync(
        Func<IReadOnlyList<AuditRecord>, bool> condition, TimeSpan timeout, string expectation = "the expected audit records")
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            IReadOnlyList<AuditRecord> snapshot;
            lock (_lock)
            {
                snapshot = [.. _records];
                changed = _changed.Task;
            }

            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout} for {expectation}; saw {snapshot.Count} record(s).");
            }
        }
    }
}
