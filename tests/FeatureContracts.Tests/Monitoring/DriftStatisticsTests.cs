using System;
using System.Linq;
using FeatureContracts.Monitoring;
using FsCheck;
using FsCheck.Xunit;

namespace FeatureContracts.Tests.Monitoring;

public sealed class DriftStatisticsTests
{
    [Fact]
    public void PSI_smooths_each_side_additively_and_uses_the_natural_log()
    {
        // expected [90, 10], actual [10, 90]; B = 2, N = 100 on each side, so both denominators are 100 + 0.5·2 = 101:
        // e = (90.5/101, 10.5/101), a = (10.5/101, 90.5/101).
        // PSI = (10.5 − 90.5)/101 · ln(10.5/90.5) + (90.5 − 10.5)/101 · ln(90.5/10.5) = 2 · 80/101 · ln(90.5/10.5) ≈ 3.412237.
        double expected = 2 * (80.0 / 101) * Math.Log(90.5 / 10.5);
        DriftStatistics.PopulationStabilityIndex([90, 10], [10, 90]).Should().BeApproximately(expected, 1e-12);
        expected.Should().BeApproximately(3.412237, 1e-6);
    }

    [Fact]
    public void PSI_of_an_empty_bin_is_finite_thanks_to_smoothing()
    {
        // expected [100, 0] → (100.5/101, 0.5/101); actual [50, 50] → (50.5/101, 50.5/101).
        // PSI = (50.5 − 100.5)/101 · ln(50.5/100.5) + (50.5 − 0.5)/101 · ln(50.5/0.5) = 50/101 · (ln(100.5/50.5) + ln 101) ≈ 2.625398.
        double expected = (50.0 / 101) * (Math.Log(100.5 / 50.5) + Math.Log(101));
        DriftStatistics.PopulationStabilityIndex([100, 0], [50, 50]).Should().BeApproximately(expected, 1e-12);
        expected.Should().BeApproximately(2.625398, 1e-6);
    }

    [Fact]
    public void PSI_with_different_totals_compares_proportions()
        => DriftStatistics.PopulationStabilityIndex([10, 30], [100, 300]).Should().BeApproximately(
            // e = (10.5/41, 30.5/41), a = (100.5/401, 300.5/401): nearly, not exactly, the same proportions.
            ((100.5 / 401) - (10.5 / 41)) * Math.Log((100.5 / 401) / (10.5 / 41)) + (((300.5 / 401) - (30.5 / 41)) * Math.Log((300.5 / 401) / (30.5 / 41))),
            1e-12);

    [Fact]
    public void JS_is_the_divergence_in_bits_not_its_square_root()
    {
        // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4).
        // KL(P‖M) = ½·log2(2/3) + ½·log2 2 = 1 − ½·log2 3; KL(Q‖M) = log2(4/3) = 2 − log2 3.
        // JS = ½(1 − ½·log2 3) + ½(2 − log2 3) = 1.5 − 0.75·log2 3 ≈ 0.311278 (its square root, scipy's distance, is ≈ 0.557923).
        double expected = 1.5 - (0.75 * Math.Log2(3));
        DriftStatistics.JensenShannonDivergence([1, 1], [2, 0]).Should().BeApproximately(expected, 1e-12);
        expected.Should().BeApproximately(0.311278, 1e-6);
    }

    [Fact]
    public void JS_of_disjoint_distributions_is_one_and_of_equal_proportions_zero()
    {
        DriftStatistics.JensenShannonDivergence([5, 0], [0, 7]).Should().Be(1);
        DriftStatistics.JensenShannonDivergence([1, 2, 3], [10, 20, 30]).Should().BeApproximately(0, 1e-15);
    }

    [Fact]
    public void Either_total_zero_gives_no_value()
    {
        DriftStatistics.PopulationStabilityIndex([0, 0], [1, 2]).Should().BeNull();
        DriftStatistics.PopulationStabilityIndex([1, 2], [0, 0]).Should().BeNull();
        DriftStatistics.JensenShannonDivergence([], []).Should().BeNull();
        DriftStatistics.JensenShannonDivergence([3], [0]).Should().BeNull();
    }

    [Fact]
    public void Bins_of_different_lengths_or_negative_counts_are_refused()
    {
        Action psi = () => DriftStatistics.PopulationStabilityIndex([1, 2], [1, 2, 3]);
        Action js = () => DriftStatistics.JensenShannonDivergence([1, 2], [1]);
        Action negative = () => DriftStatistics.JensenShannonDivergence([1, -2], [1, 2]);
        psi.Should().Throw<ArgumentException>().WithMessage("*2 bins*3*");
        js.Should().Throw<ArgumentException>();
        negative.Should().Throw<ArgumentException>().WithMessage("*negative*");
    }

    [Property(MaxTest = 300)]
    public bool JS_is_symmetric_and_within_zero_and_one(NonNegativeInt[] left, NonNegativeInt[] right)
    {
        int bins = Math.Min(left.Length, right.Length);
        long[] p = [.. left.Take(bins).Select(c => (long)c.Get)];
        long[] q = [.. right.Take(bins).Select(c => (long)c.Get)];
        double? pq = DriftStatistics.JensenShannonDivergence(p, q);
        double? qp = DriftStatistics.JensenShannonDivergence(q, p);
        return pq is null
            ? qp is null
            : qp is { } back && Math.Abs(pq.Value - back) < 1e-12 && pq >= 0 && pq <= 1;
    }

    [Property(MaxTest = 300)]
    public bool PSI_is_non_negative_and_zero_for_identical_counts(NonNegativeInt[] left, NonNegativeInt[] right)
    {
        int bins = Math.Min(left.Length, right.Length);
        long[] e = [.. left.Take(bins).Select(c => (long)c.Get)];
        long[] a = [.. right.Take(bins).Select(c => (long)c.Get)];
        double? psi = DriftStatistics.PopulationStabilityIndex(e, a);
        double? same = DriftStatistics.PopulationStabilityIndex(e, e);
        return (psi is null || psi >= -1e-12) && (same is null || Math.Abs(same.Value) < 1e-12);
    }
}
