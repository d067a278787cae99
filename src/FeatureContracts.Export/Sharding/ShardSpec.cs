using System;
using System.Globalization;
using System.Text;

namespace FeatureContracts.Export.Sharding;

/// <summary>
/// Shard <c>K/N</c> of an export: the entities whose partition key value (an order id for shipments) has a stable hash
/// in the K-th of N equal ranges of the hash space. N processes with K = 0..N-1 write disjoint parts whose
/// concatenation, in K order, is the single-process export.
/// </summary>
public readonly record struct ShardSpec
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The whole export in one process.</summary>
    public static ShardSpec Single { get; } = new(0, 1);

    /// <summary>K, from 0.</summary>
    public int Index { get; }

    /// <summary>N, at least 1.</summary>
    public int Count { get; }

    /// <summary>Whether this shard owns the entities laid out by partition key value <paramref name="partitionKeyValue"/>.</summary>
    public bool Owns(string partitionKeyValue) => RangeOf(StableHash.Of(partitionKeyValue), Count) == Index;

    /// <summary>Parses <c>K/N</c>, e.g. <c>2/8</c>.</summary>
    public static bool TryParse(string? text, out ShardSpec shard)
    {
        shard = Single;
        if (text is null)
        {
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || k >= n)
        {
            return false;
        }

        shard = new ShardSpec(k, n);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>The range, of <paramref name="ranges"/> equal ranges of the hash space, that <paramref name="hash"/> falls in.</summary>
    internal static int RangeOf(ulong hash, int ranges) => (int)(((UInt128)hash * (uint)ranges) >> 64);
}

/// <summary>
/// A hash of a key value (a partition key value, an order id) that is the same in every process, on every machine and in every .NET version
/// (unlike <see cref="string.GetHashCode()"/>): 64-bit FNV-1a over the id's UTF-8 bytes, then the MurmurHash3
/// 64-bit finalizer, so that ids differing only in their last characters still spread over the high bits that
/// shards and partitions are cut by.
/// </summary>
internal static class StableHash
{
    /// <summary>The stable hash of <paramref name="key"/>.</summary>
    public static ulong Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = max > buffer.Length ? new byte[max] : null;
        Span<byte> bytes = rented ?? buffer;
        int length = Encoding.UTF8.GetBytes(key, bytes);
        ulong hash = offset;
        foreach (byte b in bytes[..length])
        {
            hash = unchecked((hash ^ b) * prime);
        }

        hash ^= hash >> 33;
        hash = unchecked(hash * 0xff51afd7ed558ccdUL);
        hash ^= hash >> 33;
        hash = unchecked(hash * 0xc4ceb9fe1a85ec53UL);
        hash ^= hash >> 33;
        return hash;
    }
}
