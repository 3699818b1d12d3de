using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Entitlements.Cli.Commands;

/// <summary>A model or policy given inline in the test file or as a path next to it.</summary>
public sealed record TextSource(string Text, SourceRef Ref);

/// <summary>One request and the decision it must get.</summary>
public sealed record CheckAssertion(int Line, IReadOnlyList<object?> Request, IReadOnlyList<string> Shown, string? Context, bool ExpectAllow);

/// <summary>The exact set of roles a user must have (directly, or including inherited roles), optionally in a domain and for a role type other than <c>g</c>.</summary>
public sealed record RoleAssertion(int Line, string User, string? Domain, string Type, IReadOnlyList<string>? Roles, IReadOnlyList<string>? ImplicitRoles);

/// <summary>A named test: optional extra policy lines and its checks.</summary>
public sealed record PolicyTestCase(int Line, string Name, TextSource? Policy, IReadOnlyList<CheckAssertion> Checks, IReadOnlyList<RoleAssertion> Roles);

/// <summary>
/// A policy test file (YAML), in the spirit of <c>fga model test</c>:
/// <code>
/// name: RBAC example
/// model_file: rbac_model.conf      # or model: | (CONF text)
/// policy_file: rbac_policy.csv     # or policy: | (CSV text); optional
/// tests:
///   - name: alice reads data1
///     policy: |                    # optional: rules added for this test only
///       p, carol, data3, read
///     check:
///       - request: [alice, data1, read]
///         expect: allow            # allow | deny
///         context: r2,p2,e2,m2     # optional
///     roles:
///       - user: alice
///         domain: domain1          # optional
///         type: g2                 # optional, default g
///         roles: [data2_admin]     # the direct roles, exactly
///         implicit_roles: [data2_admin]  # the direct and inherited roles, exactly
/// </code>
/// Paths are relative to the test file. Every problem is reported with the file and line.
/// </summary>
public sealed record PolicyTestFile(string Path, string? Name, TextSource Model, TextSource? Policy, IReadOnlyList<PolicyTestCase> Tests)
{
    private static readonly string[] TopKeys = ["name", "description", "model", "model_file", "policy", "policy_file", "tests"];
    private static readonly string[] TestKeys = ["name", "description", "policy", "check", "roles"];
    private static readonly string[] CheckKeys = ["request", "expect", "context"];
    private static readonly string[] RoleKeys = ["user", "domain", "type", "roles", "implicit_roles"];

    /// <summary>Reads and validates a test file; problems throw <see cref="CliException"/> naming file and line.</summary>
    public static PolicyTestFile Load(string path)
    {
        var text = PolicySource.ReadFile(path, "test");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CliException($"{path}:{(int)ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new CliException($"{path}: the test file is empty");
        }

        var reader = new Reader(path);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the test file", TopKeys);
        var directory = System.IO.Path.GetDirectoryName(path) ?? "";
        var model = reader.Source(root, "model", directory, required: true)!;
        var policy = reader.Source(root, "policy", directory, required: false);
        var tests = reader.Sequence(root, "tests", required: true)
            .Select((node, i) => reader.Test(node, i))
            .ToList();
        if (tests.Count == 0)
        {
            throw new CliException($"{path}:{(int)root.Start.Line}: tests is empty");
        }

        return new PolicyTestFile(path, reader.OptionalScalar(root, "name"), model, policy, tests);
    }

    private sealed class Reader(string path)
    {
        /// <summary>The 1-based line where a node starts.</summary>
        private static int Line(YamlNode node) => (int)node.Start.Line;

        private CliException Error(YamlNode node, string message) => new($"{path}:{Line(node)}: {message}");

        public YamlMappingNode Mapping(YamlNode node, string what, string[] keys)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(node, $"{what} must be a mapping");
            }

            foreach (var key in mapping.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!keys.Contains(name))
                {
                    throw Error(key, $"unknown key \"{name}\" in {what} (expected one of: {string.Join(", ", keys)})");
                }
            }

            return mapping;
        }

        private static YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public string? OptionalScalar(YamlMappingNode mapping, string key) => Child(mapping, key) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value ?? "",
            var other => throw Error(other, $"{key} must be a single value"),
        };

        private string RequiredScalar(YamlMappingNode mapping, string key, string what) =>
            OptionalScalar(mapping, key) ?? throw Error(mapping, $"{what} needs {key}");

        public IReadOnlyList<YamlNode> Sequence(YamlMappingNode mapping, string key, bool required) => Child(mapping, key) switch
        {
            null when required => throw Error(mapping, $"missing {key}"),
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children],
            var other => throw Error(other, $"{key} must be a list"),
        };

        private List<string>? StringList(YamlMappingNode mapping, string key) => Child(mapping, key) switch
        {
            null => null,
            YamlSequenceNode sequence => [.. sequence.Children.Select(n => n is YamlScalarNode s ? s.Value ?? "" : throw Error(n, $"{key} must list plain values"))],
            YamlScalarNode { Value: null or "" or "[]" } => [],
            var other => throw Error(other, $"{key} must be a list, e.g. [admin, reader]"),
        };

        /// <summary><c>key: |</c> inline text or <c>key_file: path</c> relative to the test file.</summary>
        public TextSource? Source(YamlMappingNode mapping, string key, string directory, bool required)
        {
            var inline = Child(mapping, key);
            var file = Child(mapping, key + "_file");
            switch (inline, file)
            {
                case (not null, not null):
                    throw Error(file, $"give either {key} or {key}_file, not both");
                case (YamlScalarNode scalar, null):
                    // A block scalar's text starts on the line after its indicator (| or >).
                    var offset = scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? Line(scalar) : Line(scalar) - 1;
                    return new TextSource(scalar.Value ?? "", new SourceRef(path, offset));
                case (null, YamlScalarNode scalar):
                    var relative = scalar.Value ?? "";
                    var full = System.IO.Path.IsPathRooted(relative) ? relative : System.IO.Path.Combine(directory, relative);
                    try
                    {
                        return new TextSource(PolicySource.ReadFile(full, key), new SourceRef(full));
                    }
                    catch (CliException ex)
                    {
                        throw Error(scalar, ex.Message);
                    }

                case (null, null) when required:
                    throw Error(mapping, $"missing {key} (inline text) or {key}_file (a path relative to this file)");
                case (null, null):
                    return null;
                default:
                    throw Error(inline ?? file!, $"{key} must be text");
            }
        }

        public PolicyTestCase Test(YamlNode node, int index)
        {
            var mapping = Mapping(node, "a test", TestKeys);
            var name = OptionalScalar(mapping, "name") ?? $"test {index + 1}";
            var policy = Child(mapping, "policy") switch
            {
                null => null,
                YamlScalarNode scalar => new TextSource(scalar.Value ?? "",
                    new SourceRef(path, scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? Line(scalar) : Line(scalar) - 1)),
                var other => throw Error(other, "policy must be CSV text"),
            };
            var checks = Sequence(mapping, "check", required: false).Select(Check).ToList();
            var roles = Sequence(mapping, "roles", required: false).Select(Role).ToList();
            if (checks.Count == 0 && roles.Count == 0)
            {
                throw Error(mapping, $"test \"{name}\" has no check and no roles assertions");
            }

            return new PolicyTestCase(Line(mapping), name, policy, checks, roles);
        }

        private CheckAssertion Check(YamlNode node)
        {
            var mapping = Mapping(node, "a check", CheckKeys);
            var values = Sequence(mapping, "request", required: true);
            if (values.Count == 0)
            {
                throw Error(mapping, "request is empty");
            }

            var request = new List<object?>();
            var shown = new List<string>();
            foreach (var value in values)
            {
                if (value is YamlScalarNode scalar)
                {
                    request.Add(ParseScalarValue(scalar, request.Count));
                    shown.Add(scalar.Value ?? "");
                }
                else
                {
                    var json = ToJson(value);
                    using var document = JsonDocument.Parse(json);
                    request.Add(document.RootElement.Clone());
                    shown.Add(json);
                }
            }

            var expect = RequiredScalar(mapping, "expect", "a check");
            var allow = expect.ToLowerInvariant() switch
            {
                "allow" or "true" => true,
                "deny" or "false" => false,
                _ => throw Error(Child(mapping, "expect")!, $"expect must be allow or deny, not \"{expect}\""),
            };
            var context = OptionalScalar(mapping, "context");
            if (context is not null)
            {
                try
                {
                    PolicySource.ParseContext(context);
                }
                catch (CliException ex)
                {
                    throw Error(Child(mapping, "context")!, ex.Message);
                }
            }

            return new CheckAssertion(Line(mapping), request, shown, context, allow);
        }

        private object? ParseScalarValue(YamlScalarNode scalar, int index)
        {
            try
            {
                return PolicySource.ParseValue(scalar.Value ?? "", index);
            }
            catch (CliException ex)
            {
                throw Error(scalar, ex.Message);
            }
        }

        private RoleAssertion Role(YamlNode node)
        {
            var mapping = Mapping(node, "a roles assertion", RoleKeys);
            var roles = StringList(mapping, "roles");
            var implicitRoles = StringList(mapping, "implicit_roles");
            if (roles is null && implicitRoles is null)
            {
                throw Error(mapping, "a roles assertion needs roles, implicit_roles or both");
            }

            return new RoleAssertion(Line(mapping), RequiredScalar(mapping, "user", "a roles assertion"),
                OptionalScalar(mapping, "domain"), OptionalScalar(mapping, "type") ?? "g", roles, implicitRoles);
        }

        /// <summary>A YAML mapping or list as JSON; plain scalars that read as numbers or booleans keep that type.</summary>
        private static string ToJson(YamlNode node)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, node);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void Write(Utf8JsonWriter writer, YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    writer.WriteStartObject();
                    foreach (var (key, value) in mapping.Children)
                    {
                        writer.WritePropertyName((key as YamlScalarNode)?.Value ?? "");
                        Write(writer, value);
                    }

                    writer.WriteEndObject();
                    break;
                case YamlSequenceNode sequence:
                    writer.WriteStartArray();
                    foreach (var child in sequence.Children)
                    {
                        Write(writer, child);
                    }

                    writer.WriteEndArray();
                    break;
                case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag:
                    writer.WriteBooleanValue(flag.Value == "true");
                    break;
                case YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" }:
                    writer.WriteNullValue();
                    break;
                case YamlScalarNode { Style: ScalarStyle.Plain } plain
                    when double.TryParse(plain.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    writer.WriteNumberValue(number);
                    break;
                case YamlScalarNode scalar:
                    writer.WriteStringValue(scalar.Value);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
    }
}
