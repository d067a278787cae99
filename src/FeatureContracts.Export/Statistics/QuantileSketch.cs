using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FeatureContracts.Export.Statistics;

/// <summary>
/// A mergeable quantile sketch in the manner of DDSketch, with a mapping read off the bits of a double instead of a
/// logarithm, so that every machine maps a value to the same bucket. Each binary octave [2^e, 2^(e+1)) is cut into
/// 64 equal buckets by the top 6 bits of the significand; a bucket's index is <c>biased exponent × 64 + those
/// bits</c> and its representative value is its midpoint, within 1/128 (0.78 %) of every value in it. Negative
/// values go to a second store by magnitude; zero and subnormal magnitudes (below 2^-1022) to a zero count.
/// </summary>
/// <remarks>
/// Merging adds bucket counts, so any grouping of shards gives the same sketch. Memory: one entry per non-empty
/// bucket, at most 64 per octave that the data spans (a feature within [0.1, 20 000] uses at most ~1 200), and
/// never more than 2 × 131 008 whatever the data. Not thread-safe.
/// </remarks>
internal sealed class QuantileSketch
{
    /// <summary>The largest relative error of a quantile estimate against the value at the quantile's rank.</summary>
    public const double RelativeAccuracy = 1.0 / 128;

    private const int SubBucketBits = 6;
    private const int MantissaShift = 52 - SubBucketBits;
    private const int MinIndex = 1 << SubBucketBits;
    private const int MaxIndex = (2047 << SubBucketBits) - 1;

    private readonly Dictionary<int, long> _positive = [];
    private readonly Dictionary<int, long> _negative = [];

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The number of zero or subnormal values.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>Adds a finite value.</summary>
    public void Add(double value)
    {
        double magnitude = Math.Abs(value);
        Count++;
        if (BitConverter.DoubleToInt64Bits(magnitude) >> 52 == 0)
        {
            ZeroCount++;
            return;
        }

        Dictionary<int, long> store = value < 0 ? _negative : _positive;
        int index = IndexOf(magnitude);
        store[index] = store.GetValueOrDefault(index) + 1;
    }

    /// <summary>Adds another sketch's counts to this one.</summary>
    public void Merge(QuantileSketch other)
    {
        Count += other.Count;
        ZeroCount += other.ZeroCount;
        foreach (var (index, n) in other._positive)
        {
            _positive[index] = _positive.GetValueOrDefault(index) + n;
        }

        foreach (var (index, n) in other._negative)
        {
            _negative[index] = _negative.GetValueOrDefault(index) + n;
        }
    }

    /// <summary>
    /// The estimate of the value at 0-based <paramref name="rank"/> in sorted order: the representative of the
    /// bucket holding it.
    /// </summary>
    public double ValueAtRank(long rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, Count);
        long seen = 0;
        foreach (var (index, n) in _negative.OrderByDescending(b => b.Key))
        {
            seen += n;
            if (seen > rank)
            {
                return -Representative(index);
            }
        }

        seen += ZeroCount;
        if (seen > rank)
        {
            return 0.0;
        }

        foreach (var (index, n) in _positive.OrderBy(b => b.Key))
        {
            seen += n;
            if (seen > rank)
            {
                return Representative(index);
            }
        }

        throw new InvalidOperationException("The sketch's counts are inconsistent.");
    }

    /// <summary>
    /// Every non-empty bucket as its representative value and count, in ascending order of value: the negative
    /// buckets by decreasing magnitude, then the zero count (as 0), then the positive buckets.
    /// </summary>
    public IEnumerable<(double Value, long Count)> Buckets()
    {
        foreach (var (index, n) in _negative.OrderByDescending(b => b.Key))
        {
            yield return (-Representative(index), n);
        }

        if (ZeroCount > 0)
        {
            yield return (0.0, ZeroCount);
        }

        foreach (var (index, n) in _positive.OrderBy(b => b.Key))
        {
            yield return (Representative(index), n);
        }
    }

    /// <summary>
    /// The value <paramref name="value"/> stands for in a sketch: the representative of its bucket (0 for zero and
    /// subnormal magnitudes), with its sign. Two values in one bucket are indistinguishable to the sketch.
    /// </summary>
    public static double RepresentativeOf(double value)
    {
        double magnitude = Math.Abs(value);
        if (BitConverter.DoubleToInt64Bits(magnitude) >> 52 == 0)
        {
            return 0.0;
        }

        double representative = Representative(IndexOf(magnitude));
        return value < 0 ? -representative : representative;
    }

    /// <summary>The positive store as <c>index:count</c> pairs, ascending index, separated by spaces.</summary>
    public string PositiveText() => Format(_positive);

    /// <summary>The negative store (by magnitude) as <c>index:count</c> pairs, ascending index, separated by spaces.</summary>
    public string NegativeText() => Format(_negative);

    /// <summary>Restores a sketch from its zero count and the text of its stores.</summary>
    public static bool TryRestore(long zeroCount, string? negative, string? positive, out QuantileSketch sketch)
    {
        sketch = new QuantileSketch();
        if (zeroCount < 0 || !TryParse(negative, sketch._negative) || !TryParse(positive, sketch._positive))
        {
            return false;
        }

        sketch.ZeroCount = zeroCount;
        sketch.Count = checked(zeroCount + sketch._negative.Values.Sum() + sketch._positive.Values.Sum());
        return true;
    }

    /// <summary>The bucket index of a positive normal magnitude.</summary>
    internal static int IndexOf(double magnitude) => (int)(BitConverter.DoubleToInt64Bits(magnitude) >> MantissaShift);

    /// <summary>The midpoint of bucket <paramref name="index"/>.</summary>
    internal static double Representative(int index)
        => BitConverter.Int64BitsToDouble(((long)index << MantissaShift) | (1L << (MantissaShift - 1)));

    private static string Format(Dictionary<int, long> store)
    {
        var text = new StringBuilder(store.Count * 12);
        foreach (var (index, n) in store.OrderBy(b => b.Key))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(index.ToString(CultureInfo.InvariantCulture)).Append(':').Append(n.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static bool TryParse(string? text, Dictionary<int, long> store)
    {
        if (text is null)
        {
            return false;
        }

        if (text.Length == 0)
        {
            return true;
        }

        int previous = int.MinValue;
        foreach (string pair in text.Split(' '))
        {
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0
                || !int.TryParse(pair.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || !long.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                || index < MinIndex || index > MaxIndex || index <= previous || n <= 0)
            {
                return false;
            }

            store.Add(index, n);
            previous = index;
        }

        return true;
    }
}
