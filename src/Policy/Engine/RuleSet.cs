namespace Entitlements.Policy.Engine;

/// <summary>
/// The rules of one policy type in stored order, immutable once published, with lazily built
/// per-column hash indexes (value -> positions, ascending) and a membership set.
/// </summary>
internal sealed class RuleSet
{
    public static readonly RuleSet Empty = new([]);

    private readonly Dictionary<string, int[]>?[] _columns = new Dictionary<string, int[]>?[16];
    private HashSet<string[]>? _members;
    private readonly Lock _lock = new();

    public RuleSet(string[][] rows) => Rows = rows;

    public string[][] Rows { get; }

    public int Count => Rows.Length;

    private int _uniformSize = -2;

    /// <summary>True when every rule has exactly <paramref name="size"/> fields (only then may an index skip rules without hiding a size error).</summary>
    public bool AllOfSize(int size)
    {
        var uniform = Volatile.Read(ref _uniformSize);
        if (uniform == -2)
        {
            uniform = Rows.Length == 0 ? -1 : Rows[0].Length;
            foreach (var row in Rows)
            {
                if (row.Length != uniform)
                {
                    uniform = -3;
                    break;
                }
            }

            Volatile.Write(ref _uniformSize, uniform);
        }

        return uniform == size || uniform == -1;
    }

    public bool Contains(IReadOnlyList<string> rule)
    {
        var members = Volatile.Read(ref _members);
        if (members is null)
        {
            lock (_lock)
            {
                members = _members ??= new HashSet<string[]>(Rows, RuleComparer.Instance);
            }
        }

        return members.Contains(rule as string[] ?? [.. rule]);
    }

    /// <summary>Positions of the rules whose field <paramref name="column"/> equals <paramref name="value"/>.</summary>
    public int[] Lookup(int column, string value)
    {
        if (column >= _columns.Length)
        {
            return Scan(column, value);
        }

        var index = Volatile.Read(ref _columns[column]);
        if (index is null)
        {
            lock (_lock)
            {
                index = _columns[column];
                if (index is null)
                {
                    var build = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    for (var i = 0; i < Rows.Length; i++)
                    {
                        var row = Rows[i];
                        if (column < row.Length)
                        {
                            if (!build.TryGetValue(row[column], out var list))
                            {
                                build[row[column]] = list = [];
                            }

                            list.Add(i);
                        }
                    }

                    index = build.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
                    Volatile.Write(ref _columns[column], index);
                }
            }
        }

        return index.TryGetValue(value, out var positions) ? positions : [];
    }

    private int[] Scan(int column, string value)
    {
        var list = new List<int>();
        for (var i = 0; i < Rows.Length; i++)
        {
            if (column < Rows[i].Length && Rows[i][column] == value)
            {
                list.Add(i);
            }
        }

        return [.. list];
    }
}

/// <summary>Structural equality of rules (field by field, ordinal).</summary>
internal sealed class RuleComparer : IEqualityComparer<string[]>
{
    public static readonly RuleComparer Instance = new();

    public bool Equals(string[]? x, string[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(string[] obj)
    {
        var hash = new HashCode();
        foreach (var s in obj)
        {
            hash.Add(s, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
