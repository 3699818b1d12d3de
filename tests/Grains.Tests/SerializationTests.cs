using System.Text.Json;
using Entitlements.Grains.Caching;
using Entitlements.Grains.Directory;
using Entitlements.Grains.Policy;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Entitlements.Grains.Tests;

/// <summary>Every type that crosses a grain boundary or is stored survives the Orleans serializer unchanged.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SerializationTests(ClusterFixture fixture)
{
    private readonly Serializer _serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();

    public static TheoryData<object> Records() => new()
    {
        new UnitDefinition("Branch", "hq", UnitKinds.Branch, "u-1", "u-2", [UnitTags.Cmd, UnitTags.F1]),
        new UnitSuspension("inspection 7", "leak", DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture)),
        new UnitRecord("br", "Branch", "hq", UnitKinds.Branch, null, "u-2", [UnitTags.Dic], true,
            new UnitSuspension("i", "r", DateTimeOffset.UnixEpoch), ["u-1", "u-3"], 4),
        new UserDefinition("br", ["agent", "head"], Employments.Outsourced, NdaSigned: true, DesignatedVipViewer: true),
        new UserRecord("u-1", "br", ["clerk"], Employments.Staff, false, false, UserStatuses.Handover, 2),
        new CustomerConsents(ThirdPartySharing: true, Change: false),
        new CustomerDefinition("br", true, "u-1", null, ["u-2", "u-3"], new CustomerConsents(false, true)),
        new CustomerRecord("c-1", "br", false, null, "u-4", [], new CustomerConsents(true, true), 9),
        new PolicyField(1, "hide-middle-4"),
        new PolicyDocument("[request_definition]\nr = sub\n", "p, a\n",
            new Dictionary<string, PolicyField> { ["mobile"] = new(1, "hide-middle-4"), ["gender"] = new(3, null) }, 7),
        new AccessCheckRequest("u-1", "c-1", AccessActions.View, ["name", "mobile"], "mss", "g-1"),
        new FieldResult("health", 2, Decisions.Deny, null, "not-serving"),
        new AccessCheckResponse(Decisions.Partial, "d-1", 7,
            [new FieldResult("name", 1, Decisions.Allow, "surname-only", null), new FieldResult("x", null, Decisions.Deny, null, "unknown-field")]),
        new AuditRecord("d-1", DateTimeOffset.UnixEpoch, "u-1", "br", "app-svc", "c-1", "hq", AccessActions.Export, "mss", null,
            Decisions.Deny, [new FieldResult("age", 3, Decisions.Deny, null, "no-permission")], ["no-permission"], 3),
        new UnitCompliance(new UnitRecord("br", "Branch", "hq", UnitKinds.Branch, null, null, [], false, null, [], 1),
            [UnitFindings.NoSecurityOfficer, UnitFindings.SecurityContactDeparted]),
        new Invalidation(InvalidationKind.Unit, "br"),
        new CacheLease(TimeSpan.FromSeconds(30), Reset: true),
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Serializer_RoundTripsRecord_WhenTypeCrossesGrainBoundary(object record)
    {
        var copy = RoundTrip(record);

        Assert.IsType(record.GetType(), copy);
        Assert.Equal(Json(record), Json(copy));
    }

    [Fact]
    public void Serializer_RoundTripsGrainStates_WhenStored()
    {
        var unit = RoundTrip(new UnitGrainState
        {
            Definition = new UnitDefinition("n", null, UnitKinds.Hq, null, null, []),
            Suspension = new UnitSuspension("i", "r", DateTimeOffset.UnixEpoch),
            VipViewers = ["u-1"],
            Version = 3,
        });
        var user = RoundTrip(new UserGrainState { Definition = new UserDefinition("br", ["agent"], Employments.Staff, true, false), Status = UserStatuses.Departed, Version = 2 });
        var customer = RoundTrip(new CustomerGrainState { Definition = new CustomerDefinition("br", false, null, null, [], new CustomerConsents(true, false)), Version = 5 });
        var policy = RoundTrip(new PolicyGrainState { Document = new PolicyDocument("m", "p", new Dictionary<string, PolicyField>(), 2) });
        var hub = RoundTrip(new InvalidationHubGrainState());
        var units = RoundTrip(new UnitRegistryGrainState { Units = ["br", "hq"] });

        Assert.Equal(["u-1"], unit.VipViewers);
        Assert.Equal("r", unit.Suspension!.Reason);
        Assert.Equal(UserStatuses.Departed, user.Status);
        Assert.Equal(5, customer.Version);
        Assert.Equal(2, policy.Document!.Version);
        Assert.Empty(hub.Caches);
        Assert.Equal(["br", "hq"], units.Units.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Serializer_RoundTripsDomainExceptions_WithTheirDetails()
    {
        var notFound = RoundTrip(new NotFoundException("unit", "u-9"));
        var validation = RoundTrip(new ValidationException("employment", "employment: bad"));
        var reference = RoundTrip(new UnknownReferenceException("unit", "unit", "nope"));
        var policy = RoundTrip(new PolicyValidationException("model", "line 3: bad", 3));
        var conflict = RoundTrip(new RegulationConflictException("seats taken", ["u-1", "u-2"]));

        Assert.Equal(("unit", "u-9", "unit 'u-9' does not exist"), (notFound.Kind, notFound.Id, notFound.Message));
        Assert.Equal(("employment", "employment: bad"), (validation.Field, validation.Message));
        Assert.Equal(("unit", "unit", "nope"), (reference.Field, reference.Kind, reference.Id));
        Assert.Equal(("model", 3, "line 3: bad"), (policy.Field, policy.Line, policy.Message));
        Assert.Equal(["u-1", "u-2"], conflict.Blocking);
        Assert.Equal("seats taken", conflict.Message);
    }

    private T RoundTrip<T>(T value) => _serializer.Deserialize<T>(_serializer.SerializeToArray(value))!;

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());
}
