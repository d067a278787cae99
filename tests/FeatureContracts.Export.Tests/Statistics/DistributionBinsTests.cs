using System;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Export.Tests.Sinks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FeatureContracts.Export.Tests.Statistics;

public sealed class DistributionBinsTests
{
    private static DistributionBins Bins(StatisticsSnapshot snapshot, string feature)
        => DistributionBins.FromBaseline(snapshot.Features.Single(f => f.Name == feature));

    [Fact]
    public void Numeric_features_are_cut_at_the_training_deciles()
    {
        // 1..20: the deciles are the values at 0-based ranks ⌊k·19/10⌋ = 1, 3, …, 17, i.e. 2, 4, …, 18. Below 32 every
        // integer has a sketch bucket of its own, so each bin holds exactly two values: {1, 2}, {3, 4}, …, {19, 20}.
        DistributionBins bins = Bins(StatisticsFixtures.Amounts(Enumerable.Range(1, 20).Select(i => (double?)i)).Snapshot(), "amount");

        bins.Kind.Should().Be(FeatureKind.Numeric);
        bins.Count.Should().Be(10);
        bins.BaselineCounts.Should().OnlyContain(c => c == 2);
        // An edge is its sketch bucket's midpoint: [2, 2 + 1/32) → 2.015625, [4, 4 + 1/16) → 4.03125, [18, 18.25) → 18.125.
        bins.UpperEdges.Should().HaveCount(9);
        bins.UpperEdges[0].Should().Be(2.015625);
        bins.UpperEdges[1].Should().Be(4.03125);
        bins.UpperEdges[8].Should().Be(18.125);
        bins.Labels.First().Should().Be("≤ 2.016");
        bins.Labels[1].Should().Be("(2.016, 4.031]");
        bins.BinOf(FeatureValue.Numeric(1)).Should().Be(0);
        bins.BinOf(FeatureValue.Numeric(2)).Should().Be(0);
        bins.BinOf(FeatureValue.Numeric(3)).Should().Be(1);
        bins.BinOf(FeatureValue.Numeric(-1e9)).Should().Be(0, "the first bin is unbounded below");
        bins.BinOf(FeatureValue.Numeric(1e9)).Should().Be(9, "the last bin is unbounded above");
    }

    [Fact]
    public void A_point_mass_collapses_edges_and_keeps_its_whole_count_in_one_bin()
    {
        // 900 capped values of 168 and 100 values 1..100: every decile from the 2nd on is 168, so the edges are the
        // 1st decile (the value at rank ⌊999/10⌋ = 99, i.e. 100) and 168: three bins, ≤ 100, (100, 168], > 168.
        double?[] amounts = [.. Enumerable.Range(1, 100).Select(i => (double?)i), .. Enumerable.Repeat((double?)168, 900)];
        DistributionBins bins = Bins(StatisticsFixtures.Amounts(amounts).Snapshot(), "amount");

        bins.Count.Should().Be(3);
        bins.BaselineCounts.Should().Equal(100, 900, 0);
        bins.BinOf(FeatureValue.Numeric(168)).Should().Be(1);
        bins.BinOf(FeatureValue.Numeric(500)).Should().Be(2);
    }

    [Fact]
    public void Categorical_bins_are_the_vocabulary_then_the_unseen_bucket()
    {
        var snapshot = StatisticsFixtures.Accumulate(new[] { "plain", "plain", "café", "unseen-1", null }
            .Select(code => new ToyInput(code, 1, true, false))).Snapshot();
        DistributionBins bins = Bins(snapshot, "code");

        bins.Labels.Should().Equal([.. SinkFixtures.ToyVocabulary, "other"]);
        bins.BaselineCounts.Should().Equal(0, 0, 0, 1, 2, 1);
        bins.BinOf(FeatureValue.Categorical("plain")).Should().Be(4);
        bins.BinOf(FeatureValue.Categorical("other")).Should().Be(5);
        bins.BinOf(FeatureValue.Categorical("never-declared")).Should().Be(-1, "only codes a row can carry have bins");
        bins.BinOf(FeatureValue.Missing(FeatureKind.Categorical)).Should().Be(-1, "missing values are the null rate's, not the distribution's");
    }

    [Fact]
    public void Boolean_bins_are_false_then_true()
    {
        var snapshot = StatisticsFixtures.Accumulate(new bool?[] { true, false, false, null }.Select(flag => new ToyInput("plain", 1, flag, false))).Snapshot();
        DistributionBins bins = Bins(snapshot, "flag");

        bins.Labels.Should().Equal("false", "true");
        bins.BaselineCounts.Should().Equal(2, 1);
        bins.CountValues([FeatureValue.Bool(true), FeatureValue.Bool(true), FeatureValue.Missing(FeatureKind.Boolean), FeatureValue.Numeric(1)])
            .Should().Equal(0, 2);
    }

    [Fact]
    public void Without_present_values_a_numeric_feature_has_no_bins()
    {
        DistributionBins bins = Bins(StatisticsFixtures.Amounts([null, null]).Snapshot(), "amount");

        bins.Count.Should().Be(0);
        bins.BinOf(FeatureValue.Numeric(1)).Should().Be(-1);
    }

    [Property(MaxTest = 200)]
    public Property Counting_the_training_values_again_gives_the_baseline_counts_exactly(NormalFloat[] raw, PositiveInt scale)
    {
        // The bins are read off the manifest's JSON, as a monitor reads them: the same values counted by BinOf land in
        // the bins the sketch put them in, whatever the values.
        double[] values = [.. (raw ?? []).Select(v => v.Get * scale.Get)];
        var snapshot = StatisticsSnapshot.FromJson(StatisticsFixtures.Amounts(values.Select(v => (double?)v)).Snapshot().ToJson());
        DistributionBins bins = Bins(snapshot, "amount");

        long[] counted = bins.CountValues(values.Select(FeatureValue.Numeric));
        return (counted.SequenceEqual(bins.BaselineCounts)
                && bins.BaselineCounts.Sum() == values.Length
                && bins.Count <= DistributionBins.QuantileBins
                && bins.UpperEdges.Zip(bins.UpperEdges.Skip(1)).All(p => p.First < p.Second))
            .Label($"counted [{string.Join(", ", counted)}] baseline [{string.Join(", ", bins.BaselineCounts)}]");
    }
}
