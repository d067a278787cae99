using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Serving;

namespace FeatureContracts.Monitoring;

/// <summary>
/// Drift of serving traffic against a training export's baseline, per feature: the served present values are counted
/// in the baseline's <see cref="DistributionBins"/>, then compared by the population stability index (numeric
/// features) or the Jensen–Shannon divergence (categorical and boolean features), as
/// <see cref="DriftStatistics"/> defines them.
/// </summary>
public static class DriftCheck
{
    /// <summary>Measures the drift of every feature of <paramref name="contract"/>.</summary>
    /// <param name="contract">The contract the rows follow.</param>
    /// <param name="baseline">The training export's statistics (its manifest's <c>statistics</c>).</param>
    /// <param name="entries">The serving log's entries; those with a row are counted.</param>
    /// <returns>One result per feature, in contract order.</returns>
    /// <exception cref="InvalidDataException">The baseline does not describe the contract's features.</exception>
    public static ImmutableArray<DriftResult> Measure(FeatureContract contract, StatisticsSnapshot baseline, IEnumerable<ServingLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var counter = new DriftCounter(contract, baseline);
        foreach (ServingLogEntry entry in entries)
        {
            counter.Add(entry);
        }

        return counter.Results();
    }

    /// <summary>The drift of one feature, from the baseline's bins and the serving counts per bin.</summary>
    /// <param name="bins">The baseline's bins of the feature.</param>
    /// <param name="servingCounts">The serving present values per bin.</param>
    public static DriftResult Result(DistributionBins bins, ReadOnlySpan<long> servingCounts)
    {
        ArgumentNullException.ThrowIfNull(bins);
        if (servingCounts.Length != bins.Count)
        {
            throw new ArgumentException($"Feature '{bins.Feature}' has {bins.Count} bins, got {servingCounts.Length} counts.", nameof(servingCounts));
        }

        ReadOnlySpan<long> expected = bins.BaselineCounts.AsSpan();
        bool numeric = bins.Kind == FeatureKind.Numeric;
        double? value = numeric
            ? DriftStatistics.PopulationStabilityIndex(expected, servingCounts)
            : DriftStatistics.JensenShannonDivergence(expected, servingCounts);
        var binResults = ImmutableArray.CreateBuilder<DriftBin>(bins.Count);
        long actualTotal = 0;
        for (int i = 0; i < bins.Count; i++)
        {
            binResults.Add(new DriftBin(bins.Labels[i], expected[i], servingCounts[i]));
            actualTotal += servingCounts[i];
        }

        long expectedTotal = 0;
        foreach (long n in expected)
        {
            expectedTotal += n;
        }

        return new DriftResult(
            bins.Feature,
            numeric ? DriftMethod.PopulationStabilityIndex : DriftMethod.JensenShannon,
            value,
            expectedTotal,
            actualTotal,
            binResults.MoveToImmutable());
    }

    /// <summary>Counts served values in the baseline's bins, one entry at a time.</summary>
    internal sealed class DriftCounter
    {
        private readonly DistributionBins[] _bins;
        private readonly long[][] _counts;

        public DriftCounter(FeatureContract contract, StatisticsSnapshot baseline)
        {
            ArgumentNullException.ThrowIfNull(contract);
            ArgumentNullException.ThrowIfNull(baseline);
            _bins = new DistributionBins[contract.Features.Length];
            for (int f = 0; f < _bins.Length; f++)
            {
                FeatureDefinition feature = contract.Features[f];
                FeatureStatistics statistics = baseline.Features.FirstOrDefault(s => string.Equals(s.Name, feature.Name, StringComparison.Ordinal))
                    ?? throw new InvalidDataException($"The baseline has no statistics for feature '{feature.Name}' of contract '{contract.Name}'.");
                _bins[f] = DistributionBins.FromBaseline(statistics);
                if (_bins[f].Kind != feature.Kind)
                {
                    throw new InvalidDataException($"The baseline describes feature '{feature.Name}' as {_bins[f].Kind}; contract '{contract.Name}' declares it {feature.Kind}.");
                }
            }

            _counts = [.. _bins.Select(b => new long[b.Count])];
        }

        public void Add(ServingLogEntry entry)
        {
            if (!entry.HasRow)
            {
                return;
            }

            for (int f = 0; f < _bins.Length; f++)
            {
                int bin = _bins[f].BinOf(entry.Values[f]);
                if (bin >= 0)
                {
                    _counts[f][bin]++;
                }
            }
        }

        public ImmutableArray<DriftResult> Results() => [.. _bins.Select((b, f) => Result(b, _counts[f]))];
    }
}
