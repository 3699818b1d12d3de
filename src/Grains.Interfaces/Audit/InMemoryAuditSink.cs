using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Entitlements.Grains.Interfaces;

/// <summary>
/// An <see cref="IAuditSink"/> that keeps the most recent <see cref="Capacity"/> records in memory: the embedded
/// mode's default (not durable) and the tests' probe. Thread-safe; <see cref="WaitForAsync"/> waits on a
/// condition instead of sleeping.
/// </summary>
/// <remarks>
/// Records are kept as UTF-8 JSON in large reused byte segments, indexed by a ring of plain structs, so that a
/// hundred thousand kept records are a few pointer-free arrays to the garbage collector rather than millions of
/// objects: a silo under load pays no collection pauses for its audit trail. Reading decodes the records again.
/// </remarks>
public sealed class InMemoryAuditSink : IAuditSink
{
    /// <summary>Size of a storage segment; a record larger than this gets a segment of its own.</summary>
    internal const int SegmentSize = 256 * 1024;

    private readonly Lock _lock = new();
    private Entry[] _ring = new Entry[64];
    private int _head;
    private int _count;
    private readonly Dictionary<ulong, long> _byIdHash = [];
    private readonly List<byte[]> _segments = [];
    private readonly Stack<byte[]> _spareSegments = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private long _firstSegment;
    private int _segmentUsed = SegmentSize;
    private long _nextSequence;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryAuditSink()
    {
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>How many records are kept; the oldest go first. Default: 100,000.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>How many records are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>A snapshot of the records kept, in arrival order.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return Snapshot();
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
                ArgumentNullException.ThrowIfNull(record);

                // Idempotent on the decision id: a retried batch does not duplicate records.
                var hash = Hash(record.DecisionId);
                var indexed = _byIdHash.TryGetValue(hash, out var sequence);
                if (indexed && Locate(sequence) is { } kept && IdOf(kept) == record.DecisionId)
                {
                    continue;
                }

                Store(record, hash, index: !indexed);
                if (_count > Capacity)
                {
                    Evict();
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
        ArgumentNullException.ThrowIfNull(decisionId);
        lock (_lock)
        {
            if (_byIdHash.TryGetValue(Hash(decisionId), out var sequence) && Locate(sequence) is { } entry && IdOf(entry) == decisionId)
            {
                return Decode(entry);
            }

            // Two ids with one hash: the second is kept but not indexed, so look for it the long way.
            for (var i = 0; i < _count; i++)
            {
                var candidate = At(i);
                if (candidate.IdHash == Hash(decisionId) && IdOf(candidate) == decisionId)
                {
                    return Decode(candidate);
                }
            }

            return null;
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
                snapshot = Snapshot();
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

    private List<AuditRecord> Snapshot()
    {
        var records = new List<AuditRecord>(_count);
        for (var i = 0; i < _count; i++)
        {
            records.Add(Decode(At(i)));
        }

        return records;
    }

    private void Store(AuditRecord record, ulong hash, bool index)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, record, AuditJson.Default.AuditRecord);
        var bytes = _buffer.WrittenSpan;

        long segment;
        int offset;
        if (bytes.Length > SegmentSize)
        {
            // Too large to share a segment: it gets one of its own, and the next record starts a fresh one.
            _segments.Add(bytes.ToArray());
            segment = _firstSegment + _segments.Count - 1;
            offset = 0;
            _segmentUsed = SegmentSize;
        }
        else
        {
            if (_segmentUsed + bytes.Length > SegmentSize)
            {
                _segments.Add(_spareSegments.TryPop(out var spare) ? spare : new byte[SegmentSize]);
                _segmentUsed = 0;
            }

            segment = _firstSegment + _segments.Count - 1;
            offset = _segmentUsed;
            bytes.CopyTo(_segments[^1].AsSpan(offset));
            _segmentUsed += bytes.Length;
        }

        var sequence = _nextSequence++;
        if (_count == _ring.Length)
        {
            var grown = new Entry[_ring.Length * 2];
            for (var i = 0; i < _count; i++)
            {
                grown[i] = At(i);
            }

            _ring = grown;
            _head = 0;
        }

        _ring[(_head + _count++) % _ring.Length] = new Entry(sequence, segment, offset, bytes.Length, hash);
        if (index)
        {
            _byIdHash[hash] = sequence;
        }
    }

    private void Evict()
    {
        var oldest = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        _count--;
        if (_byIdHash.TryGetValue(oldest.IdHash, out var sequence) && sequence == oldest.Sequence)
        {
            _byIdHash.Remove(oldest.IdHash);
        }

        // Segments before the one the oldest kept record lives in hold nothing any more: reuse them.
        var keepFrom = _count > 0 ? At(0).Segment : _firstSegment + _segments.Count - 1;
        while (_firstSegment < keepFrom)
        {
            var released = _segments[0];
            _segments.RemoveAt(0);
            _firstSegment++;
            if (released.Length == SegmentSize)
            {
                _spareSegments.Push(released);
            }
        }
    }

    private Entry? Locate(long sequence)
    {
        if (_count == 0)
        {
            return null;
        }

        // Sequence numbers are consecutive from the oldest kept record.
        var position = sequence - At(0).Sequence;
        return position >= 0 && position < _count ? At((int)position) : null;
    }

    /// <summary>The kept record at <paramref name="position"/>, 0 being the oldest.</summary>
    private Entry At(int position) => _ring[(_head + position) % _ring.Length];

    private ReadOnlySpan<byte> BytesOf(Entry entry) =>
        _segments[(int)(entry.Segment - _firstSegment)].AsSpan(entry.Offset, entry.Length);

    private AuditRecord Decode(Entry entry) =>
        JsonSerializer.Deserialize(BytesOf(entry), AuditJson.Default.AuditRecord)
        ?? throw new InvalidOperationException("an audit record decoded as null");

    private string? IdOf(Entry entry)
    {
        var reader = new Utf8JsonReader(BytesOf(entry));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("DecisionId"u8))
            {
                reader.Read();
                return reader.GetString();
            }
        }

        return null;
    }

    /// <summary>FNV-1a over the id's UTF-16 code units: stable, cheap, and plenty for an index that checks the id.</summary>
    private static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Where one kept record lives: no references, so the ring of them is invisible to the collector.</summary>
    private readonly record struct Entry(long Sequence, long Segment, int Offset, int Length, ulong IdHash);
}

/// <summary>
/// The JSON shape audit records are kept in by <see cref="InMemoryAuditSink"/> and the silo's audit journal
/// (property names as declared).
/// </summary>
[JsonSerializable(typeof(AuditRecord))]
public sealed partial class AuditJson : JsonSerializerContext;
