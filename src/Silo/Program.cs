using Entitlements.Api;
using Entitlements.Api.Endpoints;
using Entitlements.Silo.Health;
using Entitlements.Silo.Hosting;
using Entitlements.Silo.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddDevelopmentCredentials();    // embedded mode: a generated signing key and a printed token
builder.AddEntitlementsSilo();          // Orleans: in memory, or PostgreSQL when ConnectionStrings:Entitlements is set
builder.AddEntitlementsAudit();         // where decisions are recorded
builder.AddEntitlementsApi();           // auth, problem details, OpenAPI, metrics
builder.AddEntitlementsHealth();

var app = builder.Build();

app.UseEntitlementsApi();
app.MapDirectoryEndpoints();
app.MapAccessEndpoints();
app.MapPolicyEndpoints();
app.MapOperationsEndpoints();
app.MapHealthEndpoints();

app.Run();

/// <summary>The silo process; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
