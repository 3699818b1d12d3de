namespace Entitlements.Cli.Commands;

/// <summary>A mistake in how the tool was called or in the files it was given; printed as one line, exit code 2.</summary>
public sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An option a command accepts: <c>--name</c>, with a value when <see cref="ValueName"/> is set.</summary>
public sealed record OptionSpec(string Name, string? ValueName, string Description)
{
    public bool TakesValue => ValueName is not null;
}

/// <summary>What a command accepts and how its help reads.</summary>
public sealed record CommandSpec(string Path, string Summary, string Usage, IReadOnlyList<OptionSpec> Options, string? Details = null)
{
    /// <summary>Writes the help text: usage, summary, options and details.</summary>
    public void WriteHelp(TextWriter output)
    {
        output.WriteLine($"usage: entitlements {Path} {Usage}".TrimEnd());
        output.WriteLine();
        output.WriteLine(Summary);
        output.WriteLine();
        output.WriteLine("options:");
        var rows = Options.Select(o => (Left: o.TakesValue ? $"--{o.Name} {o.ValueName}" : $"--{o.Name}", o.Description))
            .Append((Left: "-h, --help", Description: "show this help"))
            .ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, description) in rows)
        {
            output.WriteLine($"  {left.PadRight(width)}{description}");
        }

        if (Details is not null)
        {
            output.WriteLine();
            output.WriteLine(Details.TrimEnd());
        }
    }
}

/// <summary>
/// The parsed arguments of one command: options by name and positionals in order. Everything after
/// <c>--</c> is positional, so request values may start with a dash.
/// </summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, string?> _options;

    private ParsedArguments(Dictionary<string, string?> options, List<string> positionals, bool help)
    {
        _options = options;
        Positionals = positionals;
        Help = help;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when <c>-h</c> or <c>--help</c> was given before <c>--</c>.</summary>
    public bool Help { get; }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);

    /// <summary>The value of a required option; a <see cref="CliException"/> when it is missing.</summary>
    public string Required(string name, CommandSpec spec) =>
        _options.GetValueOrDefault(name) ?? throw new CliException($"missing --{name} (see 'entitlements {spec.Path} --help')");

    /// <summary>Parses <paramref name="args"/> against <paramref name="spec"/>; unknown options and missing values throw <see cref="CliException"/>.</summary>
    public static ParsedArguments Parse(CommandSpec spec, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(args);
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.Length > 1 && arg[0] == '-')
                {
                    throw new CliException($"unknown option {arg} (see 'entitlements {spec.Path} --help')");
                }

                positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var option = spec.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new CliException($"unknown option --{name} (see 'entitlements {spec.Path} --help')");
            string? value = null;
            if (option.TakesValue)
            {
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count && args[i + 1] != "--")
                {
                    value = args[++i];
                }
                else
                {
                    throw new CliException($"--{name} needs a value: --{name} {option.ValueName}");
                }
            }
            else if (equals >= 0)
            {
                throw new CliException($"--{name} takes no value");
            }

            if (!options.TryAdd(name, value))
            {
                throw new CliException($"--{name} given twice");
            }
        }

        return new ParsedArguments(options, positionals, help);
    }
}
