using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using FeatureContracts.Contracts;

namespace FeatureContracts.Export.Statistics;

/// <summary>
/// The bins in which a feature's present values are counted to compare a training baseline (the statistics an
/// export's manifest carries) with other traffic, for drift measures and for charts. Built from the baseline alone,
/// so every comparison against one manifest uses the same bins.
/// </summary>
/// <remarks>
/// <para>
/// <b>Numeric features</b> are binned at the training deciles. The manifest keeps a quantile sketch, not the values:
/// each value stands for its sketch bucket's representative (within 1/128 of it,
/// <see cref="ExportStatistics.QuantileRelativeAccuracy"/>). The edges are the representatives at the 0-based ranks
/// ⌊k·(n−1)/10⌋ for k = 1…9 of the n training values, duplicates removed (a feature with a heavy point mass, such as
/// a cap, has fewer bins). Bin i holds the values whose representative r satisfies edge<sub>i−1</sub> &lt; r ≤
/// edge<sub>i</sub>; the first bin is unbounded below and a last bin holds everything above the last edge. A training
/// value and a serving value in the same sketch bucket always fall in the same bin, so the baseline's counts per bin
/// are exact, not estimated.
/// </para>
/// <para>
/// <b>Categorical features</b> have one bin per vocabulary code, in vocabulary order, then the unseen bucket when the
/// contract maps unseen codes to one. <b>Boolean features</b> have the bins <c>false</c> and <c>true</c>.
/// Missing values are in no bin: the null rate measures them.
/// </para>
/// </remarks>
public sealed class DistributionBins
{
    /// <summary>The number of quantile bins numeric features are cut into at most: deciles.</summary>
    public const int QuantileBins = 10;

    private readonly ImmutableArray<double> _edges;
    private readonly Dictionary<string, int>? _codes;

    private DistributionBins(string feature, FeatureKind kind, ImmutableArray<string> labels, ImmutableArray<long> baselineCounts, ImmutableArray<double> edges, Dictionary<string, int>? codes)
    {
        Feature = feature;
        Kind = kind;
        Labels = labels;
        BaselineCounts = baselineCounts;
        _edges = edges;
        _codes = codes;
    }

    /// <summary>The feature's name.</summary>
    public string Feature { get; }

    /// <summary>The feature's kind.</summary>
    public FeatureKind Kind { get; }

    /// <summary>The bins' labels, in bin order: <c>≤ 12.5</c>, <c>(12.5, 30]</c>, <c>&gt; 500</c>; category codes; <c>false</c>, <c>true</c>.</summary>
    public ImmutableArray<string> Labels { get; }

    /// <summary>The baseline's present values per bin, in bin order.</summary>
    public ImmutableArray<long> BaselineCounts { get; }

    /// <summary>The upper edges of a numeric feature's bins, ascending (the last bin has none); empty for other kinds.</summary>
    public ImmutableArray<double> UpperEdges => _edges;

    /// <summary>The number of bins; 0 when the baseline has no present value of a numeric feature.</summary>
    public int Count => Labels.Length;

    /// <summary>Builds the bins of one feature from its baseline statistics (a manifest's <see cref="FeatureStatistics"/>).</summary>
    /// <exception cref="InvalidDataException">The statistics are inconsistent (for example, a corrupt sketch).</exception>
    public static DistributionBins FromBaseline(FeatureStatistics baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline.Kind switch
        {
            NumericAccumulator.KindName when baseline.Numeric is { } numeric => Numeric(baseline.Name, numeric),
            CategoricalAccumulator.KindName when baseline.Categorical is { } categorical => Categorical(baseline.Name, categorical),
            BooleanAccumulator.KindName when baseline.Boolean is { } boolean => new(
                baseline.Name, FeatureKind.Boolean, ["false", "true"], [boolean.FalseCount, boolean.TrueCount], [], null),
            _ => throw new InvalidDataException($"Feature '{baseline.Name}' of kind '{baseline.Kind}' does not carry the summary of its kind."),
        };
    }

    /// <summary>
    /// The bin <paramref name="value"/> falls in, or −1 when it is in none: a missing value, a value of another kind,
    /// a non-finite number, a category the baseline has no bin for, or any value when there are no bins.
    /// </summary>
    public int BinOf(FeatureValue value)
    {
        if (value.IsDefault || value.IsMissing || value.Kind != Kind || Count == 0)
        {
            return -1;
        }

        switch (Kind)
        {
            case FeatureKind.Numeric:
                double x = value.Number!.Value;
                return double.IsFinite(x) ? BinOfRepresentative(QuantileSketch.RepresentativeOf(x)) : -1;
            case FeatureKind.Categorical:
                return _codes!.TryGetValue(value.Category!, out int bin) ? bin : -1;
            default:
                return value.Boolean!.Value ? 1 : 0;
        }
    }

    /// <summary>Counts <paramref name="values"/> per bin; values in no bin are not counted.</summary>
    public long[] CountValues(IEnumerable<FeatureValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long[] counts = new long[Count];
        foreach (FeatureValue value in values)
        {
            int bin = BinOf(value);
            if (bin >= 0)
            {
                counts[bin]++;
            }
        }

        return counts;
    }

    private static DistributionBins Numeric(string name, NumericStatistics numeric)
    {
        NumericAccumulator accumulator = NumericAccumulator.Restore(name, numeric);
        QuantileSketch sketch = accumulator.Sketch;
        long n = sketch.Count;
        if (n == 0)
        {
            return new(name, FeatureKind.Numeric, [], [], [], null);
        }

        var edges = new List<double>(QuantileBins - 1);
        for (int k = 1; k < QuantileBins; k++)
        {
            long rank = (long)((Int128)k * (n - 1) / QuantileBins);
            double edge = sketch.ValueAtRank(rank);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        var bins = new DistributionBins(name, FeatureKind.Numeric, NumericLabels(edges), [], [.. edges], null);
        long[] counts = new long[edges.Count + 1];
        foreach (var (value, count) in sketch.Buckets())
        {
            counts[bins.BinOfRepresentative(value)] += count;
        }

        return new(name, FeatureKind.Numeric, bins.Labels, [.. counts], bins._edges, null);
    }

    private static DistributionBins Categorical(string name, CategoricalStatistics categorical)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = ImmutableArray.CreateBuilder<string>();
        var counts = ImmutableArray.CreateBuilder<long>();
        foreach (CategoryCount category in categorical.Counts)
        {
            if (!codes.TryAdd(category.Code, codes.Count))
            {
                throw new InvalidDataException($"Feature '{name}' counts category '{category.Code}' twice.");
            }

            labels.Add(category.Code);
            counts.Add(category.Count);
        }

        return new(name, FeatureKind.Categorical, labels.ToImmutable(), counts.ToImmutable(), [], codes);
    }

    private static ImmutableArray<string> NumericLabels(List<double> edges)
    {
        var labels = ImmutableArray.CreateBuilder<string>(edges.Count + 1);
        labels.Add("≤ " + Short(edges[0]));
        for (int i = 1; i < edges.Count; i++)
        {
            labels.Add($"({Short(edges[i - 1])}, {Short(edges[i])}]");
        }

        labels.Add("> " + Short(edges[^1]));
        return labels.MoveToImmutable();
    }

    // Labels are for people: four significant digits say which bin it is; the edges themselves stay exact.
    private static string Short(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private int BinOfRepresentative(double representative)
    {
        // The first edge at or above the representative; past the last edge, the last bin.
        int lo = 0;
        int hi = _edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_edges[mid] < representative)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
