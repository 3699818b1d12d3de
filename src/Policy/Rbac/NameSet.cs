using System.Collections;
using System.Collections.Immutable;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// An immutable set of names: an array while small (most users have a few roles, most roles a few members:
/// cheap to copy, fastest to scan), a persistent hash set once large (an "everyone" role with 100,000 members
/// stays O(log n) per change).
/// </summary>
internal readonly struct NameSet : IEnumerable<string>
{
    private const int MaxArrayLength = 32;

    private readonly ImmutableArray<string> _small;
    private readonly ImmutableHashSet<string>? _large;

    private NameSet(ImmutableArray<string> small)
    {
        _small = small;
        _large = null;
    }

    private NameSet(ImmutableHashSet<string> large)
    {
        _small = default;
        _large = large;
    }

    public static NameSet Empty { get; } = new(ImmutableArray<string>.Empty);

    public int Count => _large?.Count ?? Small.Length;

    public bool IsEmpty => Count == 0;

    private ImmutableArray<string> Small => _small.IsDefault ? [] : _small;

    public static NameSet Of(IEnumerable<string> names)
    {
        var set = Empty;
        foreach (var name in names)
        {
            set = set.Add(name);
        }

        return set;
    }

    public bool Contains(string name)
    {
        if (_large is not null)
        {
            return _large.Contains(name);
        }

        foreach (var item in Small)
        {
            if (item == name)
            {
                return true;
            }
        }

        return false;
    }

    public NameSet Add(string name)
    {
        if (_large is not null)
        {
            return new(_large.Add(name));
        }

        if (Contains(name))
        {
            return this;
        }

        var small = Small;
        return small.Length < MaxArrayLength
            ? new(small.Add(name))
            : new(ImmutableHashSet.CreateRange(StringComparer.Ordinal, small).Add(name));
    }

    public NameSet Remove(string name)
    {
        if (_large is not null)
        {
            return new(_large.Remove(name));
        }

        return Contains(name) ? new(Small.Remove(name)) : this;
    }

    /// <summary>Appends every name to <paramref name="output"/> without boxing.</summary>
    public void AddTo(List<string> output)
    {
        if (_large is not null)
        {
            output.AddRange(_large);
        }
        else
        {
            output.AddRange(Small);
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<string> IEnumerable<string>.GetEnumerator() => _large is not null ? _large.GetEnumerator() : ((IEnumerable<string>)Small).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<string>)this).GetEnumerator();

    /// <summary>Allocation-free enumeration of either representation.</summary>
    public struct Enumerator : IDisposable
    {
        private readonly ImmutableArray<string> _small;
        private ImmutableHashSet<string>.Enumerator _large;
        private readonly bool _isLarge;
        private int _index;

        internal Enumerator(NameSet set)
        {
            _isLarge = set._large is not null;
            _small = set.Small;
            _large = _isLarge ? set._large!.GetEnumerator() : default;
            _index = -1;
        }

        public readonly string Current => _isLarge ? _large.Current : _small[_index];

        public bool MoveNext() => _isLarge ? _large.MoveNext() : ++_index < _small.Length;

        public void Dispose()
        {
            if (_isLarge)
            {
                _large.Dispose();
            }
        }
    }
}
