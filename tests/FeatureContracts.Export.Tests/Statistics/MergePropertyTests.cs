using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Rows;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Export.Tests.Statistics;

/// <summary>
/// Shards merge into exactly the whole: whatever the split of the rows into shards and whatever the order and
/// grouping of the merges, the merged statistics serialize to the same bytes as one accumulator over every row.
/// </summary>
public sealed class MergePropertyTests
{
    private const int Runs = 100;

    [Property(MaxTest = Runs)]
    public bool Merging_two_halves_equals_the_whole_bit_for_bit(int seed, byte size, byte cut)
    {
        var rows = Rows(seed, size);
        int split = rows.Count == 0 ? 0 : cut % (rows.Count + 1);

        ExportStatistics left = StatisticsFixtures.Accumulate(rows.Take(split));
        left.Merge(StatisticsFixtures.Accumulate(rows.Skip(split)));

        return left.Snapshot().ToJson() == StatisticsFixtures.Accumulate(rows).Snapshot().ToJson();
    }

    [Property(MaxTest = Runs)]
    public bool Shard_snapshots_merge_in_any_order_and_grouping_into_the_single_process_snapshot(int seed, byte size, PositiveInt shardCount)
    {
        var rows = Rows(seed, size);
        var random = new Random(seed);
        int n = 1 + (shardCount.Get % 5);
        var shards = Enumerable.Range(0, n).Select(_ => new List<(FeatureRow, bool)>()).ToList();
        foreach (var row in rows)
        {
            shards[random.Next(n)].Add(row);
        }

        string whole = StatisticsFixtures.Accumulate(rows).Snapshot().ToJson();

        // Through JSON, as shard manifests travel: serialize, read back, merge left to right in a shuffled order.
        var snapshots = shards.Select(s => StatisticsSnapshot.FromJson(StatisticsFixtures.Accumulate(s).Snapshot().ToJson())).OrderBy(_ => random.Next()).ToList();
        StatisticsSnapshot leftToRight = snapshots.Aggregate((a, b) => a.Merge(b));

        // Right-nested grouping: s0 + (s1 + (s2 + ...)).
        StatisticsSnapshot rightNested = snapshots.AsEnumerable().Reverse().Aggregate((acc, s) => s.Merge(acc));

        return leftToRight.ToJson() == whole && rightNested.ToJson() == whole;
    }

    [Property(MaxTest = Runs)]
    public bool Every_quantile_is_within_the_relative_accuracy_of_the_value_at_its_rank(int seed, PositiveInt size)
    {
        var random = new Random(seed);
        int count = 1 + (size.Get % 2000);
        double[] values = [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 9)))];
        if (random.Next(4) == 0)
        {
            values[random.Next(count)] = 0;
        }

        NumericStatistics numeric = StatisticsFixtures.Numeric(StatisticsFixtures.Amounts(values.Select(v => (double?)v)).Snapshot());
        double[] sorted = [.. values.Order()];
        QuantileEstimates q = numeric.Quantiles!;
        int[] percentiles = [1, 5, 25, 50, 75, 95, 99];
        double[] estimates = [q.P01, q.P05, q.P25, q.P50, q.P75, q.P95, q.P99];
        return percentiles.Select((p, i) => (Exact: sorted[(long)p * (count - 1) / 100], Estimate: estimates[i]))
            .All(x => Math.Abs(x.Estimate - x.Exact) <= Math.Abs(x.Exact) * ExportStatistics.QuantileRelativeAccuracy)
            && numeric.Min == sorted[0] && numeric.Max == sorted[^1];
    }

    private static List<(FeatureRow Row, bool Label)> Rows(int seed, byte size)
        => [.. StatisticsFixtures.Inputs(seed, size).Select((input, i) => (input.Row(i), input.Label))];
}
