using System;
using System.Collections.Generic;
using System.Globalization;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>
/// The drift bands of a feature: a drift value at or above <paramref name="Warn"/> warns, at or above
/// <paramref name="Fail"/> fails. A valid pair has 0 ≤ warn &lt; fail.
/// </summary>
/// <param name="Warn">The value from which drift warns.</param>
/// <param name="Fail">The value from which drift fails.</param>
public sealed record DriftBands(double Warn, double Fail)
{
    /// <summary>The usual bands of the population stability index: 0.1 warns, 0.25 fails.</summary>
    public static DriftBands PopulationStabilityIndexDefault { get; } = new(0.1, 0.25);

    /// <summary>The bands for the Jensen–Shannon divergence (log base 2, within [0, 1]): 0.05 warns, 0.1 fails.</summary>
    public static DriftBands JensenShannonDefault { get; } = new(0.05, 0.1);
}

/// <summary>
/// The monitor thresholds of one feature, declared next to the contract. They are operations, not row semantics:
/// they are not part of the contract's fingerprint, so tightening an alert never invalidates a trained model.
/// Every limit is exceeded only when the measure is strictly above it. An unset limit (<see langword="null"/>) makes
/// no check.
/// </summary>
public sealed record FeatureMonitors
{
    /// <summary>The null rate (rows without a known value over rows reached) above which the feature fails; unset by default.</summary>
    public double? MaxNullRate { get; init; }

    /// <summary>
    /// What to do when the null rate is above <see cref="MaxNullRate"/>: <see cref="MonitorAction.FailClosed"/>
    /// (the default) or <see cref="MonitorAction.FallBack"/>.
    /// </summary>
    public MonitorAction NullRateAction { get; init; } = MonitorAction.FailClosed;

    /// <summary>The unseen-category rate above which a categorical feature fails; unset by default.</summary>
    public double? MaxUnseenRate { get; init; }

    /// <summary>The out-of-range rate above which a numeric feature fails; unset by default.</summary>
    public double? MaxOutOfRangeRate { get; init; }

    /// <summary>The freshness lag the 95th percentile of the feature's lags may not exceed; unset by default.</summary>
    public Duration? MaxFreshnessLag { get; init; }

    /// <summary>The share of parity mismatches above which the feature fails; 0 by default (any mismatch fails).</summary>
    public double MaxParityMismatchRate { get; init; }

    /// <summary>The drift bands; <see cref="DefaultFor"/> gives the bands of the kind's drift method.</summary>
    public DriftBands Drift { get; init; } = DriftBands.PopulationStabilityIndexDefault;

    /// <summary>
    /// The monitors of a feature that declares none: the population stability index bands for a numeric feature, the
    /// Jensen–Shannon bands for a categorical or boolean one, a parity limit of 0, and no other limit.
    /// </summary>
    public static FeatureMonitors DefaultFor(FeatureKind kind)
        => new()
        {
            Drift = kind == FeatureKind.Numeric ? DriftBands.PopulationStabilityIndexDefault : DriftBands.JensenShannonDefault,
        };
}

/// <summary>
/// Declares a feature's monitor thresholds (see <see cref="FeatureBuilder{TSelf, TView, T}.Monitor"/>). Nothing is
/// checked here: the contract's <c>Build()</c> reports every problem with the others.
/// </summary>
public sealed class FeatureMonitorsBuilder
{
    internal const string NullRateProperty = "max_null_rate";
    internal const string NullRateActionProperty = "null_rate_action";
    internal const string UnseenRateProperty = "max_unseen_rate";
    internal const string OutOfRangeRateProperty = "max_out_of_range_rate";
    internal const string FreshnessLagProperty = "max_freshness_lag";
    internal const string ParityProperty = "max_parity_mismatch_rate";
    internal const string DriftWarnProperty = "drift_warn";
    internal const string DriftFailProperty = "drift_fail";

    private readonly List<(ContractProblemCode Code, string Message, string Property)> _twice = [];
    private double? _nullRate;
    private MonitorAction _nullRateAction = MonitorAction.FailClosed;
    private double? _unseenRate;
    private double? _outOfRangeRate;
    private Duration? _freshnessLag;
    private double? _parity;
    private (double Warn, double Fail)? _drift;

    internal FeatureMonitorsBuilder()
    {
    }

    /// <summary>Fails the feature when its null rate is above <paramref name="limit"/> (a rate in [0, 1]), with <paramref name="action"/>.</summary>
    /// <param name="limit">The highest null rate that passes.</param>
    /// <param name="action">What to do on failure: <see cref="MonitorAction.FailClosed"/> or <see cref="MonitorAction.FallBack"/>.</param>
    public FeatureMonitorsBuilder NullRateAbove(double limit, MonitorAction action = MonitorAction.FailClosed)
    {
        Twice(_nullRate is not null, "the null-rate limit", NullRateProperty);
        _nullRate = limit;
        _nullRateAction = action;
        return this;
    }

    /// <summary>Fails a categorical feature when its unseen-category rate is above <paramref name="limit"/> (a rate in [0, 1]).</summary>
    public FeatureMonitorsBuilder UnseenRateAbove(double limit)
    {
        Twice(_unseenRate is not null, "the unseen-rate limit", UnseenRateProperty);
        _unseenRate = limit;
        return this;
    }

    /// <summary>Fails a numeric feature when its out-of-range rate is above <paramref name="limit"/> (a rate in [0, 1]).</summary>
    public FeatureMonitorsBuilder OutOfRangeRateAbove(double limit)
    {
        Twice(_outOfRangeRate is not null, "the out-of-range-rate limit", OutOfRangeRateProperty);
        _outOfRangeRate = limit;
        return this;
    }

    /// <summary>Fails the feature when the 95th percentile of its freshness lags is above <paramref name="p95Limit"/> (positive).</summary>
    public FeatureMonitorsBuilder FreshnessLagAbove(Duration p95Limit)
    {
        Twice(_freshnessLag is not null, "the freshness-lag limit", FreshnessLagProperty);
        _freshnessLag = p95Limit;
        return this;
    }

    /// <summary>Fails the feature when its parity mismatch rate is above <paramref name="limit"/> (a rate in [0, 1]; 0 when undeclared).</summary>
    public FeatureMonitorsBuilder ParityMismatchRateAbove(double limit)
    {
        Twice(_parity is not null, "the parity-mismatch limit", ParityProperty);
        _parity = limit;
        return this;
    }

    /// <summary>Sets the drift bands: drift at or above <paramref name="warn"/> warns, at or above <paramref name="fail"/> fails (0 ≤ warn &lt; fail).</summary>
    public FeatureMonitorsBuilder DriftBands(double warn, double fail)
    {
        Twice(_drift is not null, "the drift bands", DriftWarnProperty);
        _drift = (warn, fail);
        return this;
    }

    /// <summary>Whether <paramref name="value"/> is a rate: a number in [0, 1] (NaN is not).</summary>
    internal static bool IsRate(double value) => value is >= 0 and <= 1;

    /// <summary>
    /// The declared monitors for a feature of <paramref name="kind"/>, or <see langword="null"/> after reporting every
    /// problem (with the JSON property it concerns) to <paramref name="report"/>.
    /// </summary>
    internal FeatureMonitors? Build(FeatureKind kind, Action<ContractProblemCode, string, string> report)
    {
        bool valid = true;
        void Report(ContractProblemCode code, string message, string property)
        {
            valid = false;
            report(code, message, property);
        }

        foreach (var (code, message, property) in _twice)
        {
            Report(code, message, property);
        }

        Rate(_nullRate, "null-rate", NullRateProperty, Report);
        if (_nullRate is not null && _nullRateAction is not (MonitorAction.FailClosed or MonitorAction.FallBack))
        {
            Report(
                ContractProblemCode.InvalidNullRateAction,
                $"the null-rate action is {RowCodec.FormatCode(_nullRateAction)}, but a feature without values can only fail_closed or fall_back",
                NullRateActionProperty);
        }

        Rate(_unseenRate, "unseen-rate", UnseenRateProperty, Report);
        if (_unseenRate is not null && kind != FeatureKind.Categorical)
        {
            Report(ContractProblemCode.MonitorNotApplicable, "an unseen-rate limit applies to categorical features only", UnseenRateProperty);
        }

        Rate(_outOfRangeRate, "out-of-range-rate", OutOfRangeRateProperty, Report);
        if (_outOfRangeRate is not null && kind != FeatureKind.Numeric)
        {
            Report(ContractProblemCode.MonitorNotApplicable, "an out-of-range-rate limit applies to numeric features only", OutOfRangeRateProperty);
        }

        if (_freshnessLag is { } lag && lag <= Duration.Zero)
        {
            Report(ContractProblemCode.NonPositiveFreshnessLag, $"the freshness-lag limit {RowCodec.FormatDuration(lag)} must be positive", FreshnessLagProperty);
        }

        Rate(_parity, "parity-mismatch", ParityProperty, Report);
        if (_drift is var (warn, fail))
        {
            if (!(warn >= 0) || double.IsInfinity(warn))
            {
                Report(
                    ContractProblemCode.InvalidDriftBands,
                    string.Create(CultureInfo.InvariantCulture, $"the drift warning band {warn:R} must be a finite number at least 0"),
                    DriftWarnProperty);
            }
            else if (!(fail > warn))
            {
                Report(
                    ContractProblemCode.InvalidDriftBands,
                    string.Create(CultureInfo.InvariantCulture, $"the drift failure band {fail:R} must be greater than the warning band {warn:R}"),
                    DriftFailProperty);
            }
        }

        if (!valid)
        {
            return null;
        }

        FeatureMonitors defaults = FeatureMonitors.DefaultFor(kind);
        return defaults with
        {
            MaxNullRate = _nullRate,
            NullRateAction = _nullRateAction,
            MaxUnseenRate = _unseenRate,
            MaxOutOfRangeRate = _outOfRangeRate,
            MaxFreshnessLag = _freshnessLag,
            MaxParityMismatchRate = _parity ?? defaults.MaxParityMismatchRate,
            Drift = _drift is var (w, f) ? new DriftBands(w, f) : defaults.Drift,
        };
    }

    private static void Rate(double? limit, string what, string property, Action<ContractProblemCode, string, string> report)
    {
        if (limit is { } value && !IsRate(value))
        {
            report(
                ContractProblemCode.InvalidMonitorRate,
                string.Create(CultureInfo.InvariantCulture, $"the {what} limit {value:R} is not a rate in [0, 1]"),
                property);
        }
    }

    private void Twice(bool declared, string what, string property)
    {
        if (declared)
        {
            _twice.Add((ContractProblemCode.PolicyDeclaredTwice, $"{what} is declared twice", property));
        }
    }
}
