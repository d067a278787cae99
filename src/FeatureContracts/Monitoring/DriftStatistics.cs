using System;
using System.Collections.Immutable;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>How drift is measured.</summary>
public enum DriftMethod
{
    /// <summary>The population stability index, over additively smoothed proportions, with the natural log.</summary>
    PopulationStabilityIndex,

    /// <summary>The Jensen–Shannon divergence (not its square root), with log base 2, so within [0, 1].</summary>
    JensenShannon,
}

/// <summary>One bin of a drift comparison.</summary>
/// <param name="Label">The bin's label (a category, or a numeric interval).</param>
/// <param name="Expected">The count in the reference (training) data.</param>
/// <param name="Actual">The count in the serving data.</param>
public sealed record DriftBin(string Label, long Expected, long Actual);

/// <summary>The drift of one feature between a reference (training) and a serving distribution.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Method">How <paramref name="Value"/> was computed.</param>
/// <param name="Value">The drift; <see langword="null"/> when either side has no count.</param>
/// <param name="ExpectedCount">The reference rows counted.</param>
/// <param name="ActualCount">The serving rows counted.</param>
/// <param name="Bins">The bins compared.</param>
public sealed record DriftResult(string Feature, DriftMethod Method, double? Value, long ExpectedCount, long ActualCount, ImmutableArray<DriftBin> Bins);

/// <summary>One row where the served value and a recomputation disagree (or one of them is absent).</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="PredictionInstant">The prediction instant.</param>
/// <param name="Served">The value served, as text; <see langword="null"/> when none.</param>
/// <param name="Recomputed">The value recomputed, as text; <see langword="null"/> when none.</param>
public sealed record ParityExample(string EntityId, Instant PredictionInstant, string? Served, string? Recomputed);

/// <summary>How often serving and a recomputation of one feature disagree.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Compared">The rows compared.</param>
/// <param name="Mismatched">The rows that disagree.</param>
/// <param name="Examples">Some of the rows that disagree.</param>
public sealed record ParityResult(string Feature, long Compared, long Mismatched, ImmutableArray<ParityExample> Examples)
{
    /// <summary><see cref="Mismatched"/> / <see cref="Compared"/>; <see langword="null"/> when nothing was compared.</summary>
    public double? MismatchRate => Compared == 0 ? null : (double)Mismatched / Compared;
}

/// <summary>The drift statistics, over bin counts of a reference (expected) and a serving (actual) distribution.</summary>
public static class DriftStatistics
{
    /// <summary>
    /// The population stability index Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), natural log, over proportions smoothed additively so that
    /// an empty bin never divides by zero: pᵢ = (cᵢ + 0.5) / (N + 0.5·B) for B bins and N counts on that side.
    /// </summary>
    /// <returns>The index (≥ 0); <see langword="null"/> when either side's total is 0.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, or a count is negative.</exception>
    public static double? PopulationStabilityIndex(ReadOnlySpan<long> expected, ReadOnlySpan<long> actual)
    {
        if (Totals(expected, actual) is not var (e, a))
        {
            return null;
        }

        int bins = expected.Length;
        double eDenominator = e + (0.5 * bins);
        double aDenominator = a + (0.5 * bins);
        double psi = 0;
        for (int i = 0; i < bins; i++)
        {
            double pe = (expected[i] + 0.5) / eDenominator;
            double pa = (actual[i] + 0.5) / aDenominator;
            psi += (pa - pe) * Math.Log(pa / pe);
        }

        return psi;
    }

    /// <summary>
    /// The Jensen–Shannon divergence ½·KL(P‖M) + ½·KL(Q‖M) with M = (P + Q)/2, log base 2, over unsmoothed proportions
    /// (0·log 0 = 0). It lies in [0, 1]; this is the divergence, not its square root (the "distance").
    /// </summary>
    /// <returns>The divergence; <see langword="null"/> when either side's total is 0.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, or a count is negative.</exception>
    public static double? JensenShannonDivergence(ReadOnlySpan<long> expected, ReadOnlySpan<long> actual)
    {
        if (Totals(expected, actual) is not var (e, a))
        {
            return null;
        }

        double js = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double p = (double)expected[i] / e;
            double q = (double)actual[i] / a;
            double m = (p + q) / 2;
            js += (0.5 * Term(p, m)) + (0.5 * Term(q, m));
        }

        // Rounding can leave a hair outside [0, 1]; the divergence itself never is.
        return Math.Clamp(js, 0, 1);
    }

    private static double Term(double p, double m) => p == 0 ? 0 : p * Math.Log2(p / m);

    private static (double Expected, double Actual)? Totals(ReadOnlySpan<long> expected, ReadOnlySpan<long> actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new ArgumentException($"The expected counts have {expected.Length} bins, the actual counts {actual.Length}; they must have the same bins.", nameof(actual));
        }

        long e = 0;
        long a = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] < 0 || actual[i] < 0)
            {
                throw new ArgumentException($"Bin {i} has a negative count.", nameof(expected));
            }

            e += expected[i];
            a += actual[i];
        }

        return e == 0 || a == 0 ? null : (e, a);
    }
}
