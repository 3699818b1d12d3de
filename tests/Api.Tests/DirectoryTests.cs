using System.Net;

namespace Entitlements.Api.Tests;

/// <summary>Directory PUT/GET round trips, 404 for unknown ids, 409 for a third designated VIP viewer.</summary>
[Collection(SiloCollection.Name)]
public sealed class DirectoryTests(SiloFactory silo)
{
    private readonly HttpClient _client = silo.Admin();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task PutUnit_ReturnsStoredUnit_AndGetShowsItUnsuspended()
    {
        var hq = $"hq-{_run}";
        await (await _client.PutJsonAsync($"/v1/units/{hq}", new { name = "Head office", parent = (string?)null, kind = "hq", tags = new[] { "cmd", "f1" } })).OkJsonAsync();

        var unit = await (await _client.GetAsync($"/v1/units/{hq}")).OkJsonAsync();

        Assert.Equal(hq, unit.GetProperty("id").GetString());
        Assert.Equal("Head office", unit.GetProperty("name").GetString());
        Assert.Equal("hq", unit.GetProperty("kind").GetString());
        Assert.Equal(["cmd", "f1"], unit.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order());
        Assert.False(unit.GetProperty("suspended").GetBoolean());
    }

    [Fact]
    public async Task PutUser_ReturnsActiveUser_AndGetShowsWhatWasPut()
    {
        var unit = await NewUnitAsync();
        var user = $"u-{_run}";
        await (await _client.PutJsonAsync($"/v1/users/{user}", new { unit, roles = new[] { "clerk" }, employment = "outsourced", ndaSigned = true, designatedVipViewer = false })).OkJsonAsync();

        var got = await (await _client.GetAsync($"/v1/users/{user}")).OkJsonAsync();

        Assert.Equal(unit, got.GetProperty("unit").GetString());
        Assert.Equal("outsourced", got.GetProperty("employment").GetString());
        Assert.True(got.GetProperty("ndaSigned").GetBoolean());
        Assert.Equal("active", got.GetProperty("status").GetString());
        Assert.Equal(["clerk"], got.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public async Task PutCustomer_ReturnsStoredCustomer_AndGetShowsConsents()
    {
        var unit = await NewUnitAsync();
        var customer = $"c-{_run}";
        await (await _client.PutJsonAsync($"/v1/customers/{customer}", new
        {
            unit,
            vip = true,
            agent = "a-1",
            servicePerson = (string?)null,
            servedBy = new[] { "s-1" },
            consents = new { thirdPartySharing = false, change = true },
        })).OkJsonAsync();

        var got = await (await _client.GetAsync($"/v1/customers/{customer}")).OkJsonAsync();

        Assert.True(got.GetProperty("vip").GetBoolean());
        Assert.Equal("a-1", got.GetProperty("agent").GetString());
        Assert.True(got.GetProperty("consents").GetProperty("change").GetBoolean());
        Assert.False(got.GetProperty("consents").GetProperty("thirdPartySharing").GetBoolean());
    }

    [Theory]
    [InlineData("units")]
    [InlineData("users")]
    [InlineData("customers")]
    public async Task Get_Returns404Problem_ForUnknownId(string collection)
    {
        var response = await _client.GetAsync($"/v1/{collection}/never-{Guid.NewGuid():N}");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetEntitlements_ListsRolesAndPolicyVersion_ForKnownUser()
    {
        var unit = await NewUnitAsync();
        var user = $"ent-{_run}";
        await (await _client.PutJsonAsync($"/v1/users/{user}", new { unit, roles = new[] { "clerk", "sales" }, employment = "staff", ndaSigned = true, designatedVipViewer = false })).OkJsonAsync();

        var got = await (await _client.GetAsync($"/v1/users/{user}/entitlements")).OkJsonAsync();

        Assert.Equal(["clerk", "sales"], got.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order());
        Assert.Equal(unit, got.GetProperty("unit").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, got.GetProperty("grants").ValueKind);
        Assert.True(got.GetProperty("policyVersion").GetInt64() >= 1);
        var views = got.GetProperty("allows").EnumerateArray()
            .Where(a => a.GetProperty("action").GetString() == "view")
            .ToDictionary(a => a.GetProperty("customers").GetString()!, a => a.GetProperty("fields").EnumerateArray().ToArray());
        Assert.Contains(views["unit"], f => f.GetProperty("field").GetString() == "mobile" && f.GetProperty("mask").GetString() == "hide-middle-4");
        Assert.DoesNotContain(views["unit"], f => f.GetProperty("field").GetString() == "health");
    }

    [Fact]
    public async Task GetEntitlements_Returns404Problem_ForUnknownUser()
    {
        await (await _client.GetAsync($"/v1/users/never-{_run}/entitlements")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutUser_Returns400NamingUnit_WhenUnitDoesNotExist()
    {
        var response = await _client.PutJsonAsync($"/v1/users/u-orphan-{_run}", new { unit = $"nowhere-{_run}", roles = Array.Empty<string>(), employment = "staff", ndaSigned = false, designatedVipViewer = false });
        await response.InvalidFieldAsync("unit");
    }

    [Fact]
    public async Task VIP4_PutUser_Returns409WithBlockingHolders_ForThirdDesignatedVipViewer()
    {
        var unit = await NewUnitAsync();
        foreach (var holder in new[] { "v1", "v2" })
        {
            await (await _client.PutJsonAsync($"/v1/users/{holder}-{_run}", VipViewer(unit))).OkJsonAsync();
        }

        var response = await _client.PutJsonAsync($"/v1/users/v3-{_run}", VipViewer(unit));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        var blocking = problem.GetProperty("blocking").EnumerateArray().Select(b => b.GetString()).ToList();
        Assert.Contains($"v1-{_run}", blocking);
        Assert.Contains($"v2-{_run}", blocking);
        // Nothing is half-written: the refused user does not exist.
        await (await _client.GetAsync($"/v1/users/v3-{_run}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static object VipViewer(string unit) =>
        new { unit, roles = new[] { "clerk" }, employment = "staff", ndaSigned = true, designatedVipViewer = true };

    // ORG-3 (Art. 10): a unit shows whether it names a security officer and contact who are users still with the
    // insurer, and GET /v1/units?compliant=false reports the units that do not.
    [Fact]
    public async Task ORG3_UnitsWithoutSecurityOfficerOrContact_AreReportedNonCompliant()
    {
        var lacking = await NewUnitAsync();
        var staffed = $"unit-{Guid.NewGuid():N}";
        await (await _client.PutJsonAsync($"/v1/units/{staffed}", new { name = "Staffed", kind = "branch" })).OkJsonAsync();
        var officer = $"officer-{_run}";
        await (await _client.PutJsonAsync($"/v1/users/{officer}", new { unit = staffed, roles = new[] { "head" }, employment = "staff", ndaSigned = true })).OkJsonAsync();
        var put = await (await _client.PutJsonAsync($"/v1/units/{staffed}",
            new { name = "Staffed", kind = "branch", securityOfficer = officer, securityContact = officer })).OkJsonAsync();
        Assert.True(put.GetProperty("compliant").GetBoolean());
        Assert.Empty(put.GetProperty("findings").EnumerateArray());

        var unit = await (await _client.GetAsync($"/v1/units/{lacking}")).OkJsonAsync();
        Assert.False(unit.GetProperty("compliant").GetBoolean());
        Assert.Equal(["no-security-officer", "no-security-contact"], unit.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!));

        var report = await (await _client.GetAsync("/v1/units?compliant=false")).OkJsonAsync();
        var reported = report.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).ToList();
        Assert.Contains(lacking, reported);
        Assert.DoesNotContain(staffed, reported);
        var compliant = await (await _client.GetAsync("/v1/units?compliant=true")).OkJsonAsync();
        Assert.Contains(staffed, compliant.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
        var all = await (await _client.GetAsync("/v1/units")).OkJsonAsync();
        Assert.Superset(new HashSet<string> { lacking, staffed }, all.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task ListUnits_Returns400NamingCompliant_ForAValueThatIsNotABoolean()
    {
        var problem = await (await _client.GetAsync("/v1/units?compliant=maybe")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("compliant", out _));
    }

    private async Task<string> NewUnitAsync()
    {
        var id = $"unit-{Guid.NewGuid():N}";
        await (await _client.PutJsonAsync($"/v1/units/{id}", new { name = "Branch", kind = "branch" })).OkJsonAsync();
        return id;
    }
}
