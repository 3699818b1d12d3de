using System.Text.Json;
using Entitlements.Grains.Interfaces;
using Npgsql;
using NpgsqlTypes;

namespace Entitlements.Silo.Storage;

/// <summary>Stores audit records in our own <c>audit_decision</c> table, one statement per batch. Idempotent on the
/// decision id, as <see cref="IAuditSink"/> requires (a retried batch inserts nothing twice). The check path never
/// waits for it: the grains' per-silo writer hands it batches in the background.</summary>
internal sealed class PostgresAuditSink(NpgsqlDataSource dataSource) : IAuditSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Insert = """
        INSERT INTO audit_decision (decision_id, at, subject, subject_unit, caller, customer, customer_unit, action,
                                    application, grant_id, decision, fields, reasons, policy_version)
        SELECT d.decision_id, d.at, d.subject, d.subject_unit, d.caller, d.customer, d.customer_unit, d.action,
               d.application, d.grant_id, d.decision, d.fields, string_to_array(d.reasons, ' '), d.policy_version
        FROM unnest(@decision_id, @at, @subject, @subject_unit, @caller, @customer, @customer_unit, @action,
                    @application, @grant_id, @decision, @fields, @reasons, @policy_version)
             AS d(decision_id, at, subject, subject_unit, caller, customer, customer_unit, action,
                  application, grant_id, decision, fields, reasons, policy_version)
        ON CONFLICT (decision_id) DO NOTHING
        """;

    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Insert);
        var p = command.Parameters;
        p.Add(Array("decision_id", NpgsqlDbType.Text, records, r => r.DecisionId));
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. records.Select(r => r.Time.ToUniversalTime())] });
        p.Add(Array("subject", NpgsqlDbType.Text, records, r => r.Subject));
        p.Add(Array("subject_unit", NpgsqlDbType.Text, records, r => r.SubjectUnit));
        p.Add(Array("caller", NpgsqlDbType.Text, records, r => r.Caller));
        p.Add(Array("customer", NpgsqlDbType.Text, records, r => r.Customer));
        p.Add(Array("customer_unit", NpgsqlDbType.Text, records, r => r.CustomerUnit));
        p.Add(Array("action", NpgsqlDbType.Text, records, r => r.Action));
        p.Add(Array("application", NpgsqlDbType.Text, records, r => r.Application));
        p.Add(Array("grant_id", NpgsqlDbType.Text, records, r => r.Grant));
        p.Add(Array("decision", NpgsqlDbType.Text, records, r => r.Decision));
        p.Add(Array("fields", NpgsqlDbType.Jsonb, records, r => JsonSerializer.Serialize(r.Fields, Json)));
        // Reason codes are kebab-case words, so a space-joined string round-trips through string_to_array.
        p.Add(Array("reasons", NpgsqlDbType.Text, records, r => string.Join(' ', r.Reasons)));
        p.Add(new NpgsqlParameter<long[]>("policy_version", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. records.Select(r => r.PolicyVersion)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter<string?[]> Array(string name, NpgsqlDbType type, IReadOnlyList<AuditRecord> records, Func<AuditRecord, string?> select) =>
        new(name, NpgsqlDbType.Array | type) { TypedValue = [.. records.Select(select)] };
}
