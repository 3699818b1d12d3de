using System.Net;
using Entitlements.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Entitlements.Api.Tests;

/// <summary>Checks through HTTP: unknown ids deny with a reason (never 500), batches keep order, every decision is audited.</summary>
[Collection(SiloCollection.Name)]
public sealed class AccessTests(SiloFactory silo)
{
    private readonly HttpClient _client = silo.ClientWith(Entitlements.Api.Auth.Scopes.AccessCheck);

    [Fact]
    public async Task Check_DeniesWithUnknownSubjectReason_ForUnknownSubject()
    {
        var response = await _client.PostRawAsync("/v1/access/check",
            $$"""{"subject":"ghost-{{Guid.NewGuid():N}}","customer":"c-none","action":"view","fields":["name","gender"],"application":"mss","grant":null}""");

        var result = await response.OkJsonAsync();

        Assert.Equal("deny", result.GetProperty("decision").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("decisionId").GetString()));
        Assert.True(result.GetProperty("policyVersion").GetInt64() >= 1);
        var fields = result.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["name", "gender"], fields.Select(f => f.GetProperty("field").GetString()));
        Assert.All(fields, f => Assert.Equal("deny", f.GetProperty("effect").GetString()));
        Assert.All(fields, f => Assert.Equal("unknown-subject", f.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task CheckBatch_Returns1000ResultsInOrder_ForFullBatch()
    {
        var response = await _client.PostRawAsync("/v1/access/check-batch", ValidationTests.Batch(1000));

        var results = (await response.OkJsonAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(1000, results.Count);
        Assert.Equal(1000, results.Select(r => r.GetProperty("decisionId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Check_WritesOneAuditRecord_NamedByDecisionId()
    {
        var subject = $"audited-{Guid.NewGuid():N}";
        var response = await _client.PostRawAsync("/v1/access/check",
            $$"""{"subject":"{{subject}}","customer":"c-none","action":"export","fields":["gender"],"application":"mss"}""");
        var decisionId = (await response.OkJsonAsync()).GetProperty("decisionId").GetString()!;

        var sink = silo.Services.GetRequiredService<InMemoryAuditSink>();
        var records = await sink.WaitForAsync(r => r.Any(x => x.DecisionId == decisionId), TimeSpan.FromSeconds(10), $"audit record {decisionId}");

        var record = Assert.Single(records, r => r.DecisionId == decisionId);
        Assert.Equal(subject, record.Subject);
        Assert.Equal("export", record.Action);
        Assert.Equal("tester", record.Caller);
    }

    // TEC-1: the trail names the application a check came through; a caller that names none is that application.
    [Fact]
    public async Task Check_RecordsTheCallerAsApplication_WhenTheCheckNamesNone()
    {
        var subject = $"no-app-{Guid.NewGuid():N}";
        var response = await _client.PostRawAsync("/v1/access/check",
            $$"""{"subject":"{{subject}}","customer":"c-none","action":"view","fields":["gender"]}""");
        var decisionId = (await response.OkJsonAsync()).GetProperty("decisionId").GetString()!;

        var sink = silo.Services.GetRequiredService<InMemoryAuditSink>();
        var records = await sink.WaitForAsync(r => r.Any(x => x.DecisionId == decisionId), TimeSpan.FromSeconds(10), $"audit record {decisionId}");

        Assert.Equal("tester", Assert.Single(records, r => r.DecisionId == decisionId).Application);
    }

    [Fact]
    public async Task Check_NeverReturns500_ForUnknownFieldAndCustomer()
    {
        var response = await _client.PostRawAsync("/v1/access/check",
            """{"subject":"someone","customer":"nobody","action":"share","fields":["no-such-field"],"application":"elsewhere"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
