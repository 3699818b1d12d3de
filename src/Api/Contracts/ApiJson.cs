using System.Text.Json;
using System.Text.Json.Serialization;
using Entitlements.Grains.Interfaces;

namespace Entitlements.Api.Contracts;

/// <summary>
/// Source-generated JSON for the check endpoints, the hot path: no reflection and a direct writer for the
/// response. Same shape as the other endpoints use (web defaults: camelCase, case-insensitive reading; numbers
/// strictly as JSON numbers); types
/// not listed here fall through to the reflection-based resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckBatchRequest))]
[JsonSerializable(typeof(AccessCheckResponse))]
[JsonSerializable(typeof(CheckBatchResponse))]
internal sealed partial class ApiJson : JsonSerializerContext;
