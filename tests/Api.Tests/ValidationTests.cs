using System.Net;
using System.Text;

namespace Entitlements.Api.Tests;

/// <summary>Bad input is a 400 problem naming the offending field, never a 500, and nothing is written.</summary>
[Collection(SiloCollection.Name)]
public sealed class ValidationTests(SiloFactory silo)
{
    private readonly HttpClient _client = silo.Admin();

    [Theory]
    [InlineData("""{"customer":"c","action":"view","fields":["name"],"application":"mss"}""", "subject")]
    [InlineData("""{"subject":"u","action":"view","fields":["name"],"application":"mss"}""", "customer")]
    [InlineData("""{"subject":"u","customer":"c","fields":["name"],"application":"mss"}""", "action")]
    [InlineData("""{"subject":"u","customer":"c","action":"peek","fields":["name"],"application":"mss"}""", "action")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","application":"mss"}""", "fields")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","fields":[],"application":"mss"}""", "fields")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","fields":["name",""],"application":"mss"}""", "fields[1]")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","fields":["name"],"application":" "}""", "application")]
    [InlineData("""{"subject":" ","customer":"c","action":"view","fields":["name"],"application":"mss"}""", "subject")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","fields":"name","application":"mss"}""", "fields")]
    [InlineData("""{"subject":42,"customer":"c","action":"view","fields":["name"],"application":"mss"}""", "subject")]
    [InlineData("""{"subject":"u","customer":"c","action":"view","fields":["name"],"application":"mss","grant":""}""", "grant")]
    public async Task Check_Returns400NamingField_WhenBodyIsInvalid(string body, string field)
    {
        var response = await _client.PostRawAsync("/v1/access/check", body);
        await response.InvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task Check_Returns400Problem_WhenBodyIsNotAnObject(string body)
    {
        var response = await _client.PostRawAsync("/v1/access/check", body);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CheckBatch_Returns400NamingChecks_WhenEmpty()
    {
        var response = await _client.PostRawAsync("/v1/access/check-batch", """{"checks":[]}""");
        await response.InvalidFieldAsync("checks");
    }

    [Fact]
    public async Task CheckBatch_Returns400NamingChecks_WhenOver1000()
    {
        var response = await _client.PostRawAsync("/v1/access/check-batch", Batch(1001));
        await response.InvalidFieldAsync("checks");
    }

    [Fact]
    public async Task CheckBatch_Returns400NamingChecks_WhenMissing()
    {
        var response = await _client.PostRawAsync("/v1/access/check-batch", "{}");
        await response.InvalidFieldAsync("checks");
    }

    [Fact]
    public async Task CheckBatch_Returns400NamingItemField_WhenOneCheckIsInvalid()
    {
        var body = """{"checks":[{"subject":"u","customer":"c","action":"view","fields":["name"],"application":"mss"},{"subject":"u","customer":"c","action":"steal","fields":["name"],"application":"mss"}]}""";
        var response = await _client.PostRawAsync("/v1/access/check-batch", body);
        await response.InvalidFieldAsync("checks[1].action");
    }

    [Theory]
    [InlineData("""{"kind":"branch"}""", "name")]
    [InlineData("""{"name":"N"}""", "kind")]
    [InlineData("""{"name":"N","kind":"castle"}""", "kind")]
    [InlineData("""{"name":"N","kind":"branch","tags":["cmd","gossip"]}""", "tags[1]")]
    [InlineData("""{"name":"N","kind":"branch","parent":""}""", "parent")]
    [InlineData("""{"name":"N","kind":"branch","parent":"val-unit"}""", "parent")]
    [InlineData("""{"name":"N","kind":"branch","tags":"cmd"}""", "tags")]
    public async Task PutUnit_Returns400NamingField_WhenBodyIsInvalid(string body, string field)
    {
        var response = await _client.PutRawAsync("/v1/units/val-unit", body);
        await response.InvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"employment":"staff"}""", "unit")]
    [InlineData("""{"unit":"u1"}""", "employment")]
    [InlineData("""{"unit":"u1","employment":"contractor"}""", "employment")]
    [InlineData("""{"unit":"u1","employment":"staff","roles":["clerk",""]}""", "roles[1]")]
    [InlineData("""{"unit":"u1","employment":"staff","ndaSigned":"yes"}""", "ndaSigned")]
    public async Task PutUser_Returns400NamingField_WhenBodyIsInvalid(string body, string field)
    {
        var response = await _client.PutRawAsync("/v1/users/val-user", body);
        await response.InvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"vip":true}""", "unit")]
    [InlineData("""{"unit":"u1","vip":"very"}""", "vip")]
    [InlineData("""{"unit":"u1","agent":""}""", "agent")]
    [InlineData("""{"unit":"u1","servedBy":[null]}""", "servedBy[0]")]
    [InlineData("""{"unit":"u1","consents":{"change":"no"}}""", "consents.change")]
    public async Task PutCustomer_Returns400NamingField_WhenBodyIsInvalid(string body, string field)
    {
        var response = await _client.PutRawAsync("/v1/customers/val-customer", body);
        await response.InvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"policy":"","fields":{}}""", "model")]
    [InlineData("""{"model":"m","fields":{}}""", "policy")]
    [InlineData("""{"model":"m","policy":""}""", "fields")]
    [InlineData("""{"model":"m","policy":"","fields":{"name":{"mask":null}}}""", "fields.name.level")]
    [InlineData("""{"model":"m","policy":"","fields":{"name":{"level":4}}}""", "fields.name.level")]
    public async Task PutPolicy_Returns400NamingField_WhenBodyIsInvalid(string body, string field)
    {
        var response = await _client.PutRawAsync("/v1/policy", body);
        await response.InvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("GET", "/v1/units/%20", "unitId")]
    [InlineData("PUT", "/v1/units/%09", "unitId")]
    [InlineData("GET", "/v1/users/%E3%80%80", "userId")]
    [InlineData("GET", "/v1/users/%20/entitlements", "userId")]
    [InlineData("PUT", "/v1/customers/%C2%A0", "customerId")]
    public async Task Directory_Returns400NamingRouteId_WhenIdCannotBeAnId(string method, string path, string field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = new StringContent("""{"name":"N","kind":"branch","unit":"u1","employment":"staff"}""", Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        await response.InvalidFieldAsync(field);
    }

    [Fact]
    public async Task Directory_Returns400NamingRouteId_WhenIdIsTooLong()
    {
        var response = await _client.GetAsync("/v1/units/" + new string('u', 257));

        var problem = await response.InvalidFieldAsync("unitId");
        Assert.Contains("at most 256", problem.GetProperty("errors").GetProperty("unitId")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"unit":"u1","employment":"staff","roles":"clerk"}""", "roles", "must be an array of strings")]
    [InlineData("""{"unit":"u1","employment":"staff","ndaSigned":"yes"}""", "ndaSigned", "must be true or false")]
    [InlineData("""{"unit":7,"employment":"staff"}""", "unit", "must be a string")]
    public async Task Problem_SaysWhatKindOfJsonValue_WithoutDotNetTypeNames(string body, string field, string message)
    {
        var response = await _client.PutRawAsync("/v1/users/val-kinds", body);

        var problem = await response.InvalidFieldAsync(field);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.DoesNotContain("System.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_NamesFieldOnce_WhenReferenceIsUnknown()
    {
        var response = await _client.PutRawAsync("/v1/units/val-orphan", """{"name":"N","kind":"office","parent":"val-no-such-unit"}""");

        var problem = await response.InvalidFieldAsync("parent");
        Assert.Equal("unit 'val-no-such-unit' does not exist", problem.GetProperty("errors").GetProperty("parent")[0].GetString());
    }

    [Fact]
    public async Task PutUnit_Returns400NamingContentType_WhenBodyIsNotJson()
    {
        var response = await _client.PutAsync("/v1/units/val-form", new StringContent("name=N&kind=branch", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.InvalidFieldAsync("Content-Type");
    }

    [Fact]
    public async Task PutUnit_ReadsJson_WhenContentTypeIsMissing()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"N","kind":"branch"}"""));

        var response = await _client.PutAsync("/v1/units/val-no-content-type", content);

        Assert.Equal("val-no-content-type", (await response.OkJsonAsync()).GetProperty("id").GetString());
    }

    internal static string Batch(int count)
    {
        var json = new StringBuilder("""{"checks":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",")
                .Append($$"""{"subject":"nobody-{{i}}","customer":"c-none","action":"view","fields":["gender"],"application":"mss"}""");
        }

        return json.Append("]}").ToString();
    }
}
