using System;
using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>
/// What a <see cref="MonitorWindow"/> measured over its observations. See <c>docs/monitoring.md</c> for the exact
/// definitions.
/// </summary>
/// <param name="Requests">Every observation, accepted or rejected.</param>
/// <param name="Reached">
/// The requests not stopped by a whole-row gate: a rejection that names no feature of the contract (the entity is not
/// known, the outcome is already known). Only those rows had their features evaluated.
/// </param>
/// <param name="Accepted">The requests whose row was accepted.</param>
/// <param name="RejectionsByCode">
/// Per rejection code (snake_case, as <see cref="RowCodec.FormatCode"/> writes it), the number of requests with at least
/// one rejection of that code; only codes seen, sorted ordinally.
/// </param>
/// <param name="Features">One entry per contract feature, in contract order.</param>
public sealed record MonitorMeasures(
    long Requests, long Reached, long Accepted, ImmutableSortedDictionary<string, long> RejectionsByCode, ImmutableArray<FeatureMeasures> Features)
{
    /// <summary>The share of requests with at least one rejection of <paramref name="code"/>; <see langword="null"/> without requests.</summary>
    /// <param name="code">A rejection code in snake_case, e.g. <c>missing_value</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not a rejection code.</exception>
    public double? RejectionRate(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!RowCodec.TryParseCode(code, out RejectionCode _, out string? error))
        {
            throw new ArgumentException(error, nameof(code));
        }

        return Requests == 0 ? null : (double)RejectionsByCode.GetValueOrDefault(code) / Requests;
    }
}

/// <summary>What a monitor measured of one feature. Every rate is over <paramref name="Rows"/> and <see langword="null"/> when it is 0.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Kind">The feature's kind.</param>
/// <param name="Rows">The rows whose features were evaluated: <see cref="MonitorMeasures.Reached"/>.</param>
/// <param name="NoValue">
/// Reached rows with no known value for the feature: an accepted cell noted missing, filled or beyond its max age, or a
/// missing-value rejection naming the feature. A default taken where the source declares what absence means is a known value.
/// </param>
/// <param name="NullRate"><paramref name="NoValue"/> / <paramref name="Rows"/>.</param>
/// <param name="Unseen">Accepted cells mapped to the unseen bucket plus unseen-category rejections naming the feature.</param>
/// <param name="UnseenRate"><paramref name="Unseen"/> / <paramref name="Rows"/>.</param>
/// <param name="OutOfRange">Clamped cells plus out-of-range and not-finite rejections naming the feature.</param>
/// <param name="OutOfRangeRate"><paramref name="OutOfRange"/> / <paramref name="Rows"/>.</param>
/// <param name="Freshness">The freshness lags of accepted cells that have one; <see langword="null"/> when none has.</param>
public sealed record FeatureMeasures(
    string Feature,
    FeatureKind Kind,
    long Rows,
    long NoValue,
    double? NullRate,
    long Unseen,
    double? UnseenRate,
    long OutOfRange,
    double? OutOfRangeRate,
    FreshnessSummary? Freshness);

/// <summary>
/// Exact nearest-rank percentiles of freshness lags: the value at 1-based rank ⌈q·n⌉ of the <paramref name="Count"/>
/// lags sorted ascending.
/// </summary>
/// <param name="Count">The number of lags.</param>
/// <param name="P50">The median, at rank ⌈n/2⌉.</param>
/// <param name="P95">The 95th percentile, at rank ⌈0.95·n⌉.</param>
/// <param name="Max">The largest lag.</param>
public sealed record FreshnessSummary(long Count, Duration P50, Duration P95, Duration Max);
