using System.Diagnostics.CodeAnalysis;

namespace Entitlements.Policy.Rbac;

/// <summary>
/// An immutable string-keyed map with structural sharing, tuned for role graphs: keys are spread over
/// power-of-two many buckets, each a plain <see cref="Dictionary{TKey, TValue}"/> that is never changed once
/// published. A lookup is one bucket pick plus one dictionary probe (no tree walk); a change copies only the
/// buckets it touches, so a snapshot and its successor share everything else.
/// </summary>
/// <remarks>
/// Buckets hold about <see cref="TargetBucketSize"/> entries; the bucket count doubles as the map grows,
/// keeping a single-entry change at O(n / buckets) and a lookup at O(1). Writes go through <see cref="Builder"/>,
/// which mutates buckets it already copied in place, so a batch of changes costs one copy per bucket.
/// </remarks>
internal sealed class StringMap<TValue>
    where TValue : class
{
    private const int TargetBucketSize = 256;

    private readonly Dictionary<string, TValue>?[] _buckets;

    private StringMap(Dictionary<string, TValue>?[] buckets, int count)
    {
        _buckets = buckets;
        Count = count;
    }

    public static StringMap<TValue> Empty { get; } = new([null], 0);

    public int Count { get; }

    public IEnumerable<string> Keys => Pairs().Select(p => p.Key);

    public IEnumerable<TValue> Values => Pairs().Select(p => p.Value);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var bucket = _buckets[BucketOf(key, _buckets.Length)];
        if (bucket is null)
        {
            value = null;
            return false;
        }

        return bucket.TryGetValue(key, out value);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerable<KeyValuePair<string, TValue>> Pairs()
    {
        foreach (var bucket in _buckets)
        {
            if (bucket is null)
            {
                continue;
            }

            foreach (var pair in bucket)
            {
                yield return pair;
            }
        }
    }

    public Builder ToBuilder() => new(_buckets, Count);

    /// <summary>FNV-1a over the UTF-16 code units: cheap, deterministic, independent of the buckets' own hashing.</summary>
    private static int BucketOf(string key, int bucketCount)
    {
        if (bucketCount == 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((hash ^ (hash >> 15)) & (uint)(bucketCount - 1));
    }

    /// <summary>Accumulates changes; buckets shared with the source map are copied on first write.</summary>
    internal sealed class Builder
    {
        private Dictionary<string, TValue>?[] _buckets;
        private bool[] _owned;
        private int _count;

        public Builder(Dictionary<string, TValue>?[] buckets, int count)
        {
            _buckets = (Dictionary<string, TValue>?[])buckets.Clone();
            _owned = new bool[buckets.Length];
            _count = count;
        }

        public int Count => _count;

        public IEnumerable<string> Keys => SnapshotKeys();

        public TValue this[string key]
        {
            get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
            set
            {
                var bucket = Writable(key);
                var before = bucket.Count;
                bucket[key] = value;
                _count += bucket.Count - before;
            }
        }

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
        {
            var bucket = _buckets[BucketOf(key, _buckets.Length)];
            if (bucket is null)
            {
                value = null;
                return false;
            }

            return bucket.TryGetValue(key, out value);
        }

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool Remove(string key)
        {
            if (!ContainsKey(key))
            {
                return false;
            }

            Writable(key).Remove(key);
            _count--;
            return true;
        }

        public void Clear()
        {
            _buckets = [null];
            _owned = [false];
            _count = 0;
        }

        public IEnumerable<TValue> Values()
        {
            foreach (var bucket in _buckets)
            {
                if (bucket is null)
                {
                    continue;
                }

                foreach (var value in bucket.Values)
                {
                    yield return value;
                }
            }
        }

        /// <summary>The finished map; the builder may keep being used (it copies again before its next write).</summary>
        public StringMap<TValue> ToImmutable()
        {
            if (_count > _buckets.Length * TargetBucketSize * 2)
            {
                Grow();
            }

            Array.Clear(_owned);
            return new StringMap<TValue>((Dictionary<string, TValue>?[])_buckets.Clone(), _count);
        }

        private string[] SnapshotKeys()
        {
            var keys = new string[_count];
            var i = 0;
            foreach (var bucket in _buckets)
            {
                if (bucket is null)
                {
                    continue;
                }

                bucket.Keys.CopyTo(keys, i);
                i += bucket.Count;
            }

            return keys;
        }

        private Dictionary<string, TValue> Writable(string key)
        {
            var index = BucketOf(key, _buckets.Length);
            if (!_owned[index])
            {
                var shared = _buckets[index];
                _buckets[index] = shared is null ? new Dictionary<string, TValue>() : new Dictionary<string, TValue>(shared);
                _owned[index] = true;
            }

            return _buckets[index]!;
        }

        private void Grow()
        {
            var size = _buckets.Length;
            while (_count > size * TargetBucketSize)
            {
                size *= 2;
            }

            var buckets = new Dictionary<string, TValue>?[size];
            foreach (var old in _buckets)
            {
                if (old is null)
                {
                    continue;
                }

                foreach (var (key, value) in old)
                {
                    var index = BucketOf(key, size);
                    (buckets[index] ??= new Dictionary<string, TValue>(TargetBucketSize))[key] = value;
                }
            }

            _buckets = buckets;
            _owned = new bool[size];
        }
    }
}
