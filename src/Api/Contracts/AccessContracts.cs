namespace Entitlements.Api.Contracts;

// Responses reuse the grain records (Entitlements.Grains.Interfaces.AccessCheckResponse and FieldResult):
// they are the contract's shape already, and copying them on the hot path would buy nothing.

/// <summary>Body of <c>POST /v1/access/check</c> and one item of a batch.</summary>
public sealed record CheckRequest(
    string? Subject,
    string? Customer,
    string? Action,
    IReadOnlyList<string?>? Fields,
    string? Application,
    string? Grant);

/// <summary>Body of <c>POST /v1/access/check-batch</c>.</summary>
public sealed record CheckBatchRequest(IReadOnlyList<CheckRequest?>? Checks);

/// <summary>The answers of a batch, in request order.</summary>
public sealed record CheckBatchResponse(IReadOnlyList<Grains.Interfaces.AccessCheckResponse> Results);
