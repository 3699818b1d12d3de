using System.Net.Http.Json;
using System.Text.Json;
using Entitlements.Silo.Hosting;
using Entitlements.Silo.Storage;
using static Entitlements.Storage.Tests.Responses;

namespace Entitlements.Storage.Tests;

/// <summary>
/// The README's PostgreSQL setup, as processes: two <c>dotnet Entitlements.Silo.dll</c> processes on one machine
/// sharing one database form one cluster (a change through one is decided by the other), stop cleanly on SIGTERM,
/// and everything (directory, policy version, audit rows) survives restarting both.
/// </summary>
public sealed class SiloProcessTests(TestDatabase db) : IClassFixture<TestDatabase>, IDisposable
{
    private const string SigningKey = "process-tests-signing-key-0123456789-abcdefghijklmnop";
    private readonly string _cluster = $"p{Guid.NewGuid():N}"[..12];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private readonly List<int> _siloPorts = [];

    /// <summary>Removes the journal directory each silo chose by default.</summary>
    public void Dispose()
    {
        foreach (var port in _siloPorts)
        {
            var directory = AuditExtensions.DefaultJournalDirectory(new SiloOptions { ServiceId = _cluster, ClusterId = _cluster, SiloPort = port });
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task TwoProcesses_FormOneCluster_StopOnSigterm_AndKeepTheirStateAcrossARestartOfBoth()
    {
        var unit = $"unit-{_run}";
        var agent = $"agent-{_run}";
        var customer = $"cust-{_run}";
        int policyVersion;

        await using (var a = Start())
        await using (var b = Start())
        {
            await Task.WhenAll(a.ReadyAsync(), b.ReadyAsync());
            await Eventually.WaitAsync(
                () => db.ScalarAsync<long>("SELECT count(*) FROM cluster_member WHERE deployment_id = @d AND status = 3", ("d", _cluster)),
                active => active == 2, TimeSpan.FromSeconds(60), "two active silos in cluster_member");
            using var throughA = a.Admin(SigningKey);
            using var throughB = b.Admin(SigningKey);

            await Ok(throughA.PutAsJsonAsync($"/v1/units/{unit}", new { name = "Branch", kind = "branch" }));
            await Ok(throughA.PutAsJsonAsync($"/v1/users/{agent}", new { unit, roles = new[] { "agent" }, employment = "staff", ndaSigned = true, designatedVipViewer = false }));
            await Ok(throughA.PutAsJsonAsync($"/v1/customers/{customer}", new { unit, vip = false, agent }));
            Assert.Equal("allow", Effect(await CheckAsync(throughB, agent, customer), "health"));

            // The agent no longer serves the customer: written through A, decided by B at once (LVL-4).
            await Ok(throughA.PutAsJsonAsync($"/v1/customers/{customer}", new { unit, vip = false, agent = (string?)null }));
            Assert.Equal("not-serving", Reason(await CheckAsync(throughB, agent, customer), "health"));

            // A policy replaced through B is the policy A decides with when the PUT has returned.
            var policy = await Ok(throughA.GetAsync("/v1/policy"));
            var replaced = await Ok(throughB.PutAsJsonAsync("/v1/policy", new
            {
                model = policy.GetProperty("model").GetString(),
                policy = policy.GetProperty("policy").GetString(),
                fields = policy.GetProperty("fields"),
            }));
            policyVersion = replaced.GetProperty("version").GetInt32();
            Assert.Equal(policy.GetProperty("version").GetInt32() + 1, policyVersion);
            Assert.Equal(policyVersion, (await CheckAsync(throughA, agent, customer)).GetProperty("policyVersion").GetInt32());

            Assert.True(await a.StopAsync() == 0, $"silo A did not stop cleanly on SIGTERM:\n{a.Output}");
            Assert.True(await b.StopAsync() == 0, $"silo B did not stop cleanly on SIGTERM:\n{b.Output}");
        }

        await using var c = Start();
        await using var d = Start();
        await Task.WhenAll(c.ReadyAsync(), d.ReadyAsync());
        using var throughC = c.Admin(SigningKey);
        using var throughD = d.Admin(SigningKey);

        var kept = await Ok(throughD.GetAsync($"/v1/customers/{customer}"));
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("agent").ValueKind);
        Assert.Equal(unit, (await Ok(throughD.GetAsync($"/v1/users/{agent}"))).GetProperty("unit").GetString());
        Assert.Equal(policyVersion, (await Ok(throughD.GetAsync("/v1/policy"))).GetProperty("version").GetInt32());
        var after = await CheckAsync(throughC, agent, customer);
        Assert.Equal("not-serving", Reason(after, "health"));
        Assert.Equal(policyVersion, after.GetProperty("policyVersion").GetInt32());

        // PRI-2: the four checks, made on four processes, are four audit rows.
        await Eventually.WaitAsync(
            () => db.ScalarAsync<long>("SELECT count(*) FROM audit_decision WHERE subject = @s", ("s", agent)),
            rows => rows == 4, TimeSpan.FromSeconds(30), $"four audit_decision rows for {agent}");
    }

    private SiloProcess Start()
    {
        var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Entitlements"] = db.ConnectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["Orleans__ClusterId"] = _cluster,
            ["Orleans__ServiceId"] = _cluster,
        });
        _siloPorts.Add(silo.SiloPort);
        return silo;
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, string subject, string customer) =>
        await Ok(client.PostAsJsonAsync("/v1/access/check", new
        {
            subject,
            customer,
            action = "view",
            fields = new[] { "mobile", "health", "gender" },
            application = "mss",
        }));

    private static JsonElement Field(JsonElement decision, string name) =>
        decision.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == name);

    private static string? Effect(JsonElement decision, string field) => Field(decision, field).GetProperty("effect").GetString();

    private static string? Reason(JsonElement decision, string field) => Field(decision, field).GetProperty("reason").GetString();
}
