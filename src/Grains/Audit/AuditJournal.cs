using System.Buffers.Binary;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Entitlements.Grains.Interfaces;

namespace Entitlements.Grains.Audit;

/// <summary>Settings of the audit trail on a silo (<c>Entitlements:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Entitlements:Audit";

    /// <summary>
    /// This silo's audit journal directory, or null for none. With a journal, every audit record is written to a
    /// local file before its decision is returned, and records that had not reached the sink when the process died
    /// are sent again at the next start. One directory per silo process.
    /// </summary>
    public string? JournalDirectory { get; set; }
}

/// <summary>
/// A silo's local write-ahead journal of audit records. Records are newline-separated JSON copied into a shared
/// memory mapping of a preallocated file, so a record belongs to the operating system's page cache (and survives
/// the process being killed) the moment it is appended, without a system call per check. Each file's header holds
/// how far the sink has confirmed it; a file is deleted once every record in it is confirmed. Not thread-safe: the
/// <see cref="AuditWriter"/> calls it under its lock, in queue order.
/// </summary>
/// <remarks>
/// File layout: 8 bytes <c>ENTAUDJ1</c>, the confirmed end offset (int64, little-endian), zeros up to
/// <see cref="HeaderSize"/>, then records, then zeros (preallocated space; JSON never holds a zero byte).
/// Written pages reach the disk when the kernel writes them back, so a power loss can lose the last seconds; a
/// process crash loses nothing.
/// </remarks>
internal sealed partial class AuditJournal(string directory, ILogger logger, long fileSize = AuditJournal.DefaultFileSize) : IDisposable
{
    /// <summary>Size a journal file is preallocated to (space reserved on disk up front, so a full disk fails at rotation, not mid-record).</summary>
    public const long DefaultFileSize = 64L << 20;

    public const int HeaderSize = 64;

    private const int ConfirmedAt = 8;
    private const string LockName = "journal.lock";
    private const string Prefix = "audit-";
    private const string Suffix = ".journal";

    private static ReadOnlySpan<byte> Magic => "ENTAUDJ1"u8;

    private readonly List<JournalFile> _files = [];
    private readonly Queue<RecordEnd> _unconfirmed = new();
    private FileStream? _lock;
    private JournalFile? _current;
    private long _nextNumber;

    public string Directory { get; } = directory;

    /// <summary>How many journaled records the sink has not confirmed yet.</summary>
    public int Unconfirmed => _unconfirmed.Count;

    /// <summary>False once a write failed: the journal then stops taking records (the queue still does).</summary>
    public bool Healthy { get; private set; } = true;

    /// <summary>A record as the journal stores it; thread-safe, so callers encode before taking their lock.</summary>
    public static byte[] Encode(AuditRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, AuditJson.Default.AuditRecord);

    /// <summary>
    /// Takes the directory for this process and returns the records earlier runs journaled but the sink did not
    /// confirm, in their order. They count as the oldest unconfirmed records; new records go to a new file.
    /// </summary>
    public IReadOnlyList<AuditRecord> Open()
    {
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            _lock = new FileStream(Path.Combine(Directory, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The audit journal directory {Directory} is in use by another process; give each silo its own "
                + $"{AuditOptions.SectionName}:{nameof(AuditOptions.JournalDirectory)}.", e);
        }

        var pending = new List<AuditRecord>();
        foreach (var (number, path) in ExistingFiles())
        {
            _nextNumber = number + 1;
            var file = new JournalFile(number, path) { Closed = true };
            var before = pending.Count;
            if (!Read(file, pending))
            {
                continue;
            }

            if (pending.Count == before)
            {
                File.Delete(path);
                continue;
            }

            _files.Add(file);
        }

        if (pending.Count > 0)
        {
            LogReplaying(logger, pending.Count, Directory);
        }

        return pending;
    }

    /// <summary>Appends an encoded record; on a failed write the journal is switched off (and says so) rather than failing the check.</summary>
    public void Append(byte[] encoded)
    {
        if (!Healthy)
        {
            return;
        }

        try
        {
            var needed = encoded.Length + 1L;
            if (_current is null || _current.End + needed > _current.Capacity)
            {
                StartFile(Math.Max(fileSize, HeaderSize + needed));
            }

            var view = _current!.View!;
            view.WriteArray(_current.End, encoded, 0, encoded.Length);
            view.Write(_current.End + encoded.Length, (byte)'\n');
            _current.End += needed;
            _unconfirmed.Enqueue(new RecordEnd(_current.Number, _current.End));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Healthy = false;
            LogJournalFailed(logger, e, Directory);
        }
    }

    /// <summary>Counts the oldest <paramref name="count"/> unconfirmed records as stored by the sink; deletes the files they emptied.</summary>
    public void Confirm(int count)
    {
        var last = default(RecordEnd?);
        while (count-- > 0 && _unconfirmed.TryDequeue(out var end))
        {
            last = end;
        }

        if (last is not { } confirmed)
        {
            return;
        }

        try
        {
            // Files before the one the confirmation ends in are confirmed entirely.
            while (_files.Count > 0 && _files[0].Number < confirmed.FileNumber)
            {
                Delete(_files[0]);
            }

            if (_files.Count > 0 && _files[0].Number == confirmed.FileNumber)
            {
                var file = _files[0];
                file.Confirmed = confirmed.End;
                if (file.Closed && file.Confirmed >= file.End)
                {
                    Delete(file);
                }
                else
                {
                    WriteConfirmed(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the records stay and are sent again (the sink skips duplicates).
            LogConfirmFailed(logger, e, Directory);
        }
    }

    /// <summary>Closes the files; with <paramref name="deleteConfirmed"/>, files whose records the sink holds are removed.</summary>
    public void Close(bool deleteConfirmed)
    {
        CloseCurrent(truncate: true);
        if (deleteConfirmed)
        {
            while (_files.Count > 0 && _files[0].Confirmed >= _files[0].End)
            {
                Delete(_files[0]);
            }
        }

        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>Releases the files as a dying process would: nothing is cut or deleted.</summary>
    public void Dispose()
    {
        CloseCurrent(truncate: false);
        _lock?.Dispose();
        _lock = null;
    }

    private void StartFile(long capacity)
    {
        CloseCurrent(truncate: true);
        var number = _nextNumber++;
        var path = Path.Combine(Directory, Prefix + number.ToString("D12", CultureInfo.InvariantCulture) + Suffix);

        // Reserve the blocks now: writing through the mapping into space the disk cannot provide would kill the process.
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, capacity))
        {
            RandomAccess.SetLength(handle, capacity);
            Span<byte> header = stackalloc byte[HeaderSize];
            header.Clear();
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[ConfirmedAt..], HeaderSize);
            RandomAccess.Write(handle, header, 0);
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, capacity, MemoryMappedFileAccess.ReadWrite);
        _current = new JournalFile(number, path)
        {
            Capacity = capacity,
            End = HeaderSize,
            Confirmed = HeaderSize,
            Map = map,
            View = map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite),
        };
        _files.Add(_current);
    }

    /// <summary>Unmaps the current file and, with <paramref name="truncate"/>, cuts it to the records it holds.</summary>
    private void CloseCurrent(bool truncate)
    {
        if (_current is not { } file)
        {
            return;
        }

        _current = null;
        file.View?.Dispose();
        file.Map?.Dispose();
        file.View = null;
        file.Map = null;
        file.Closed = true;
        if (truncate)
        {
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.SetLength(handle, file.End);
        }
    }

    private void WriteConfirmed(JournalFile file)
    {
        if (file.View is { } view)
        {
            view.Write(ConfirmedAt, file.Confirmed);
            return;
        }

        Span<byte> value = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(value, file.Confirmed);
        using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(handle, value, ConfirmedAt);
    }

    private void Delete(JournalFile file)
    {
        if (ReferenceEquals(file, _current))
        {
            CloseCurrent(truncate: false);
        }

        File.Delete(file.Path);
        _files.Remove(file);
    }

    private IEnumerable<(long Number, string Path)> ExistingFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Suffix)
            .Select(path => (Number: NumberOf(path), Path: path))
            .Where(file => file.Number >= 0)
            .OrderBy(file => file.Number);

    private static long NumberOf(string path)
    {
        var name = Path.GetFileName(path);
        return long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : -1;
    }

    /// <summary>
    /// Reads the unconfirmed records of a file left by an earlier run into <paramref name="into"/> and notes where each
    /// ends. A record cut short by the crash is skipped. False (and the file left alone) when it is not a journal file.
    /// </summary>
    private bool Read(JournalFile file, List<AuditRecord> into)
    {
        var bytes = File.ReadAllBytes(file.Path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            LogNotAJournal(logger, file.Path);
            return false;
        }

        var confirmed = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(ConfirmedAt));
        var position = (int)Math.Clamp(confirmed, HeaderSize, bytes.Length);
        file.Confirmed = position;
        file.End = position;
        var zero = bytes.AsSpan(position).IndexOf((byte)0);
        var dataEnd = zero < 0 ? bytes.Length : position + zero;
        while (position < dataEnd)
        {
            var data = bytes.AsSpan(position, dataEnd - position);
            var newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            try
            {
                if (newline < 0)
                {
                    throw new JsonException("the record has no end of line");
                }

                into.Add(JsonSerializer.Deserialize(line, AuditJson.Default.AuditRecord)
                    ?? throw new JsonException("the record is null"));
                position += newline + 1;
                file.End = position;
                _unconfirmed.Enqueue(new RecordEnd(file.Number, position));
            }
            catch (JsonException e)
            {
                LogUnreadableRecord(logger, e, file.Path);
                break;
            }
        }

        return true;
    }

    private readonly record struct RecordEnd(long FileNumber, long End);

    private sealed class JournalFile(long number, string path)
    {
        public long Number { get; } = number;
        public string Path { get; } = path;
        public long Capacity { get; init; }

        /// <summary>Offset just past the last record.</summary>
        public long End { get; set; }

        /// <summary>Offset just past the last record the sink confirmed.</summary>
        public long Confirmed { get; set; }

        public bool Closed { get; set; }
        public MemoryMappedFile? Map { get; set; }
        public MemoryMappedViewAccessor? View { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit journal: {Count} record(s) in {Directory} had not been confirmed by the audit sink when the silo stopped; sending them again")]
    private static partial void LogReplaying(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit journal in {Directory} failed and is switched off; audit records are queued in memory only until the silo restarts")]
    private static partial void LogJournalFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit journal in {Directory}: recording a confirmation failed; the records will be sent again at the next start")]
    private static partial void LogConfirmFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit journal: skipped the end of {Path}, a record cut short when the process died")]
    private static partial void LogUnreadableRecord(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit journal: {Path} is not a journal file and was left alone")]
    private static partial void LogNotAJournal(ILogger logger, string path);
}
