using System.Buffers.Binary;
using System.Text.Json;
using Entitlements.Grains.Interfaces;

namespace Entitlements.Storage.Tests;

/// <summary>
/// PRI-2 across a crash, against the database: records a killed silo left in its journal (its decisions had been
/// answered, the database never got them) reach <c>audit_decision</c> when the silo starts again.
/// </summary>
public sealed class AuditJournalTests(TestDatabase db) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _cluster = $"j{Guid.NewGuid():N}"[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "entitlements-journal-storage-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task PRI2_RecordsInTheJournalOfAKilledSilo_ReachTheDatabase_WhenItStartsAgain()
    {
        var confirmed = Record($"d-{_cluster}-0");
        string[] unconfirmed = [$"d-{_cluster}-1", $"d-{_cluster}-2"];
        WriteJournalOfKilledSilo(confirmed, [.. unconfirmed.Select(Record)]);

        await using var silo = await new PostgresSilo(db.ConnectionString, _cluster,
            new Dictionary<string, string> { ["Entitlements:Audit:JournalDirectory"] = _directory }).ReadyAsync();

        await Eventually.WaitAsync(
            () => db.ScalarAsync<long>("SELECT count(*) FROM audit_decision WHERE decision_id = ANY(@ids)", ("ids", unconfirmed)),
            rows => rows == 2, TimeSpan.FromSeconds(30), "both unconfirmed journal records in audit_decision");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM audit_decision WHERE decision_id = @id", ("id", confirmed.DecisionId)));
        Assert.Equal("u-journal", await db.ScalarAsync<string>("SELECT subject FROM audit_decision WHERE decision_id = @id", ("id", unconfirmed[0])));
        await Eventually.WaitAsync(
            () => Task.FromResult(Directory.GetFiles(_directory, "audit-*.journal").Length),
            files => files == 0, TimeSpan.FromSeconds(30), "the replayed journal file to be deleted");
    }

    /// <summary>
    /// A journal file as a silo killed mid-run leaves it: the header (magic, confirmed end offset), one record the
    /// database had confirmed, two it had not, then the preallocated zeros.
    /// </summary>
    private void WriteJournalOfKilledSilo(AuditRecord confirmed, AuditRecord[] unconfirmed)
    {
        const int HeaderSize = 64;
        using var file = new MemoryStream();
        file.Write(new byte[HeaderSize]);
        file.Write(JsonSerializer.SerializeToUtf8Bytes(confirmed, AuditJson.Default.AuditRecord));
        file.WriteByte((byte)'\n');
        var confirmedEnd = file.Position;
        foreach (var record in unconfirmed)
        {
            file.Write(JsonSerializer.SerializeToUtf8Bytes(record, AuditJson.Default.AuditRecord));
            file.WriteByte((byte)'\n');
        }

        file.Write(new byte[4096]);
        var bytes = file.ToArray();
        "ENTAUDJ1"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), confirmedEnd);
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(Path.Combine(_directory, "audit-000000000007.journal"), bytes);
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UtcNow, "u-journal", "br1", "storage-tests", "c-1", "br1", AccessActions.View, "mss", null,
            Decisions.Allow, [new FieldResult("mobile", 1, Decisions.Allow, "hide-middle-4", null)], [], 1);
}
