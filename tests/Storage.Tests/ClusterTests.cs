using System.Net.Http.Json;
using System.Text.Json;
using static Entitlements.Storage.Tests.Responses;

namespace Entitlements.Storage.Tests;

/// <summary>The PostgreSQL mode end to end: two silos sharing one database form one cluster, a change through one is
/// seen by a check on the other, state survives restarting both, and decisions leave audit rows.</summary>
public sealed class ClusterTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private readonly string _cluster = $"c{Guid.NewGuid():N}"[..12];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TwoSilos_FormOneCluster_AndACheckOnOneSeesAChangeThroughTheOther()
    {
        await using var a = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync();
        await using var b = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync();

        await Eventually.WaitAsync(
            () => db.ScalarAsync<long>("SELECT count(*) FROM cluster_member WHERE deployment_id = @d AND status = 3", ("d", _cluster)),
            active => active == 2, TimeSpan.FromSeconds(60), "two active silos in cluster_member");

        var throughA = a.Admin();
        var throughB = b.Admin();
        var unit = $"unit-{_run}";
        var user = $"user-{_run}";
        var customer = $"cust-{_run}";
        await Ok(throughA.PutAsJsonAsync($"/v1/units/{unit}", new { name = "Branch", kind = "branch" }));
        await Ok(throughA.PutAsJsonAsync($"/v1/users/{user}", new { unit, roles = new[] { "clerk" }, employment = "staff", ndaSigned = true, designatedVipViewer = false }));
        await Ok(throughA.PutAsJsonAsync($"/v1/customers/{customer}", new { unit, vip = false, servedBy = Array.Empty<string>() }));

        var before = await CheckAsync(throughB, user, customer);
        Assert.DoesNotContain("unknown-subject", Reasons(before));

        // Departing the user's unit through A changes what B decides at once: B's view of the user must not be stale.
        var other = $"other-{_run}";
        await Ok(throughA.PutAsJsonAsync($"/v1/units/{other}", new { name = "Elsewhere", kind = "branch" }));
        await Ok(throughA.PutAsJsonAsync($"/v1/users/{user}", new { unit = other, roles = new[] { "clerk" }, employment = "outsourced", ndaSigned = true, designatedVipViewer = false }));
        var gotThroughB = await Ok(throughB.GetAsync($"/v1/users/{user}"));
        Assert.Equal(other, gotThroughB.GetProperty("unit").GetString());
        var after = await CheckAsync(throughB, user, customer);
        Assert.NotEqual(before.GetProperty("fields").GetRawText(), after.GetProperty("fields").GetRawText());
    }

    [Fact]
    public async Task State_SurvivesRestartingEverySilo()
    {
        var unit = $"durable-{_run}";
        await using (var first = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync())
        await using (var second = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync())
        {
            await Ok(first.Admin().PutAsJsonAsync($"/v1/units/{unit}", new { name = "Kept", kind = "office" }));
        }

        await using var restarted = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync();
        var got = await Ok(restarted.Admin().GetAsync($"/v1/units/{unit}"));

        Assert.Equal("Kept", got.GetProperty("name").GetString());
        Assert.Equal("office", got.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Check_WritesAnAuditRow_NamedByItsDecisionId()
    {
        await using var silo = await new PostgresSilo(db.ConnectionString, _cluster).ReadyAsync();
        var subject = $"audited-{_run}";

        var decision = await CheckAsync(silo.Admin(), subject, "c-none");
        var decisionId = decision.GetProperty("decisionId").GetString()!;

        await Eventually.WaitAsync(
            () => db.ScalarAsync<long>("SELECT count(*) FROM audit_decision WHERE decision_id = @id AND subject = @s", ("id", decisionId), ("s", subject)),
            rows => rows == 1, TimeSpan.FromSeconds(30), $"an audit_decision row for {decisionId}");
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, string subject, string customer) =>
        await Ok(client.PostAsJsonAsync("/v1/access/check", new
        {
            subject,
            customer,
            action = "view",
            fields = new[] { "name", "mobile", "health", "gender" },
            application = "mss",
        }));

    private static IEnumerable<string?> Reasons(JsonElement decision) =>
        decision.GetProperty("fields").EnumerateArray().Select(f => f.TryGetProperty("reason", out var r) ? r.GetString() : null);
}
