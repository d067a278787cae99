using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>The outcome of one monitor check of one feature.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Check">The check.</param>
/// <param name="Verdict">Pass, warn or fail.</param>
/// <param name="Measured">The measured value (a rate, a drift value, or a freshness p95 in seconds); <see langword="null"/> when there was none.</param>
/// <param name="Limit">The limit (a rate, the drift band crossed or the failure band, or a lag in seconds).</param>
/// <param name="Action">What to do: the check's action when it warns or fails, <see cref="MonitorAction.None"/> when it passes.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record CheckResult(string Feature, MonitorCheck Check, Verdict Verdict, double? Measured, double? Limit, MonitorAction Action, string Message);

/// <summary>The checks of one feature; its verdict is the worst of them (pass without checks).</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Verdict">The worst verdict of <paramref name="Checks"/>.</param>
/// <param name="Checks">The checks made, in the order of <see cref="MonitorCheck"/>.</param>
public sealed record FeatureVerdict(string Feature, Verdict Verdict, ImmutableArray<CheckResult> Checks);

/// <summary>The verdict of a whole contract's monitors.</summary>
/// <param name="Overall">The worst feature verdict.</param>
/// <param name="Features">One verdict per contract feature, in contract order.</param>
public sealed record MonitorVerdict(Verdict Overall, ImmutableArray<FeatureVerdict> Features)
{
    /// <summary>Every failing check, feature by feature.</summary>
    public IEnumerable<CheckResult> Failing => Features.SelectMany(f => f.Checks).Where(c => c.Verdict == Verdict.Fail);

    /// <summary>Every warning check, feature by feature.</summary>
    public IEnumerable<CheckResult> Warning => Features.SelectMany(f => f.Checks).Where(c => c.Verdict == Verdict.Warn);
}

/// <summary>
/// Judges measures (and, when given, drift and parity results) against the thresholds the contract declares. Rules:
/// a rate or lag strictly above its limit fails; drift at or above the failure band fails, at or above the warning band
/// warns; a check over fewer than the minimum rows passes with a message saying there is not enough data. Only declared
/// thresholds make checks; drift and parity always have bands and a limit.
/// </summary>
public static class MonitorEvaluator
{
    /// <summary>Evaluates <paramref name="measures"/> against <paramref name="contract"/>'s monitors.</summary>
    /// <param name="contract">The contract whose <see cref="FeatureDefinition.Monitors"/> declare the thresholds.</param>
    /// <param name="measures">What a <see cref="MonitorWindow"/> of that contract measured.</param>
    /// <param name="drift">Drift results, at most one per feature; judged against the feature's drift bands.</param>
    /// <param name="parity">Parity results, at most one per feature; judged against the feature's parity limit.</param>
    /// <param name="minimumRows">
    /// The fewest rows (for freshness: lags; for drift: serving rows; for parity: rows compared) a check needs to warn or fail.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The measures are not of the contract's features, a drift or parity result names a feature the contract does not
    /// have or names one twice, or <paramref name="minimumRows"/> is negative.
    /// </exception>
    public static MonitorVerdict Evaluate(
        FeatureContract contract, MonitorMeasures measures, IEnumerable<DriftResult>? drift = null, IEnumerable<ParityResult>? parity = null, int minimumRows = 30)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRows);
        if (measures.Features.Length != contract.Features.Length
            || !measures.Features.Select(f => f.Feature).SequenceEqual(contract.Features.Select(f => f.Name), StringComparer.Ordinal))
        {
            throw new ArgumentException($"The measures are not of the features of contract '{contract.Name}', in its order.", nameof(measures));
        }

        Dictionary<string, DriftResult> driftByFeature = ByFeature(contract, drift, d => d.Feature, nameof(drift));
        Dictionary<string, ParityResult> parityByFeature = ByFeature(contract, parity, p => p.Feature, nameof(parity));

        var features = ImmutableArray.CreateBuilder<FeatureVerdict>(contract.Features.Length);
        for (int i = 0; i < contract.Features.Length; i++)
        {
            FeatureDefinition feature = contract.Features[i];
            FeatureMeasures measured = measures.Features[i];
            FeatureMonitors monitors = feature.Monitors;
            var checks = ImmutableArray.CreateBuilder<CheckResult>();
            if (monitors.MaxNullRate is { } maxNull)
            {
                checks.Add(RateCheck(feature.Name, MonitorCheck.NullRate, "null rate", measured.NoValue, measured.Rows, maxNull, monitors.NullRateAction, minimumRows));
            }

            if (monitors.MaxUnseenRate is { } maxUnseen)
            {
                checks.Add(RateCheck(feature.Name, MonitorCheck.UnseenRate, "unseen rate", measured.Unseen, measured.Rows, maxUnseen, MonitorAction.CollectLabelsAndRetrain, minimumRows));
            }

            if (monitors.MaxOutOfRangeRate is { } maxOutOfRange)
            {
                checks.Add(RateCheck(feature.Name, MonitorCheck.OutOfRangeRate, "out-of-range rate", measured.OutOfRange, measured.Rows, maxOutOfRange, MonitorAction.InvestigateSource, minimumRows));
            }

            if (monitors.MaxFreshnessLag is { } maxLag)
            {
                checks.Add(FreshnessCheck(feature.Name, measured.Freshness, maxLag, minimumRows));
            }

            if (driftByFeature.TryGetValue(feature.Name, out DriftResult? driftResult))
            {
                checks.Add(DriftCheck(driftResult, monitors.Drift, minimumRows));
            }

            if (parityByFeature.TryGetValue(feature.Name, out ParityResult? parityResult))
            {
                checks.Add(RateCheck(
                    feature.Name, MonitorCheck.Parity, "parity mismatch rate", parityResult.Mismatched, parityResult.Compared, monitors.MaxParityMismatchRate, MonitorAction.RepairFeaturePath, minimumRows));
            }

            Verdict verdict = checks.Count == 0 ? Verdict.Pass : checks.Max(c => c.Verdict);
            features.Add(new FeatureVerdict(feature.Name, verdict, checks.ToImmutable()));
        }

        Verdict overall = features.Count == 0 ? Verdict.Pass : features.Max(f => f.Verdict);
        return new MonitorVerdict(overall, features.MoveToImmutable());
    }

    private static CheckResult RateCheck(string feature, MonitorCheck check, string what, long count, long rows, double limit, MonitorAction action, int minimumRows)
    {
        if (rows < minimumRows || rows == 0)
        {
            return NotEnoughData(feature, check, rows == 0 ? null : (double)count / rows, limit, rows, minimumRows);
        }

        double rate = (double)count / rows;
        string text = Invariant($"{what} {Percent(rate)} ({count} of {rows})");
        return rate > limit
            ? new CheckResult(feature, check, Verdict.Fail, rate, limit, action, $"{text} is above the limit {Percent(limit)}")
            : new CheckResult(feature, check, Verdict.Pass, rate, limit, MonitorAction.None, $"{text} is within the limit {Percent(limit)}");
    }

    private static CheckResult FreshnessCheck(string feature, FreshnessSummary? freshness, Duration limit, int minimumRows)
    {
        double limitSeconds = limit.TotalSeconds;
        long count = freshness?.Count ?? 0;
        if (freshness is null || count < minimumRows)
        {
            return NotEnoughData(feature, MonitorCheck.Freshness, freshness?.P95.TotalSeconds, limitSeconds, count, minimumRows);
        }

        string text = $"freshness lag p95 {RowCodec.FormatDuration(freshness.P95)} (over {count.ToString(CultureInfo.InvariantCulture)} lags)";
        return freshness.P95 > limit
            ? new CheckResult(
                feature, MonitorCheck.Freshness, Verdict.Fail, freshness.P95.TotalSeconds, limitSeconds, MonitorAction.PauseModelPromotions,
                $"{text} is above the limit {RowCodec.FormatDuration(limit)}")
            : new CheckResult(
                feature, MonitorCheck.Freshness, Verdict.Pass, freshness.P95.TotalSeconds, limitSeconds, MonitorAction.None,
                $"{text} is within the limit {RowCodec.FormatDuration(limit)}");
    }

    private static CheckResult DriftCheck(DriftResult drift, DriftBands bands, int minimumRows)
    {
        string method = drift.Method == DriftMethod.PopulationStabilityIndex ? "population stability index" : "Jensen-Shannon divergence";
        if (drift.Value is not { } value || drift.ActualCount < minimumRows)
        {
            return NotEnoughData(drift.Feature, MonitorCheck.Drift, drift.Value, bands.Fail, drift.ActualCount, minimumRows);
        }

        string text = Invariant($"{method} {value:0.####} (over {drift.ActualCount} serving rows)");
        const MonitorAction Action = MonitorAction.InvestigateAndRetrain;
        if (value >= bands.Fail)
        {
            return new CheckResult(drift.Feature, MonitorCheck.Drift, Verdict.Fail, value, bands.Fail, Action, Invariant($"{text} is at or above the failure band {bands.Fail:R}"));
        }

        if (value >= bands.Warn)
        {
            return new CheckResult(drift.Feature, MonitorCheck.Drift, Verdict.Warn, value, bands.Warn, Action, Invariant($"{text} is at or above the warning band {bands.Warn:R}"));
        }

        return new CheckResult(drift.Feature, MonitorCheck.Drift, Verdict.Pass, value, bands.Warn, MonitorAction.None, Invariant($"{text} is below the warning band {bands.Warn:R}"));
    }

    private static CheckResult NotEnoughData(string feature, MonitorCheck check, double? measured, double limit, long rows, int minimumRows)
        => new(feature, check, Verdict.Pass, measured, limit, MonitorAction.None, Invariant($"not enough data: {rows} rows, fewer than the {minimumRows} needed to judge"));

    private static Dictionary<string, T> ByFeature<T>(FeatureContract contract, IEnumerable<T>? results, Func<T, string> feature, string parameter)
    {
        var byFeature = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (T result in results ?? [])
        {
            ArgumentNullException.ThrowIfNull(result, parameter);
            string name = feature(result);
            if (!contract.Features.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"A result names feature '{name}', which contract '{contract.Name}' does not have.", parameter);
            }

            if (!byFeature.TryAdd(name, result))
            {
                throw new ArgumentException($"Feature '{name}' has more than one result.", parameter);
            }
        }

        return byFeature;
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
