namespace Entitlements.Api.Contracts;

/// <summary>One entry of the field catalogue: its level (1 most sensitive) and its default mask.</summary>
public sealed record FieldSpecBody(int? Level, string? Mask);

/// <summary>Body of <c>PUT /v1/policy</c>; <c>version</c> is ignored on PUT (the service assigns the next one).</summary>
public sealed record PolicyBody(string? Model, string? Policy, IReadOnlyDictionary<string, FieldSpecBody?>? Fields, long? Version);

/// <summary>The policy in force.</summary>
public sealed record PolicyView(string Model, string Policy, IReadOnlyDictionary<string, FieldSpecView> Fields, long Version);

/// <summary>A catalogue entry as stored.</summary>
public sealed record FieldSpecView(int Level, string? Mask);
