using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>The words and number forms the console table and the HTML page share, so that both say the same.</summary>
internal static class ReportText
{
    /// <summary>The distinct actions of the failing checks, in feature order, then of the warning ones.</summary>
    public static IEnumerable<MonitorAction> Actions(MonitoringReport report)
        => report.Verdict.Failing.Concat(report.Verdict.Warning)
            .Select(c => c.Action)
            .Where(a => a != MonitorAction.None)
            .Distinct();

    /// <summary>What an action asks people to do, as a phrase.</summary>
    public static string Describe(MonitorAction action) => action switch
    {
        MonitorAction.FailClosed => "fail closed",
        MonitorAction.FallBack => "fall back",
        MonitorAction.CollectLabelsAndRetrain => "collect labels and retrain",
        MonitorAction.PauseModelPromotions => "pause model promotions",
        MonitorAction.RepairFeaturePath => "repair the feature path",
        MonitorAction.InvestigateAndRetrain => "investigate and retrain",
        MonitorAction.InvestigateSource => "investigate the source",
        _ => "none",
    };

    /// <summary>A verdict as a word: <c>pass</c>, <c>warn</c>, <c>fail</c>.</summary>
    public static string Word(Verdict verdict) => RowCodec.FormatCode(verdict);

    /// <summary>A rate as a percentage with one decimal, or <c>-</c>.</summary>
    public static string Percent(double? rate)
        => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>A drift value with three decimals and its method's short name, or <c>-</c>.</summary>
    public static string Drift(DriftResult drift)
        => drift.Value is { } v
            ? (drift.Method == DriftMethod.PopulationStabilityIndex ? "PSI " : "JS ") + v.ToString("0.000", CultureInfo.InvariantCulture)
            : "-";

    /// <summary>The freshness lag as p50 / p95 / max, or <c>-</c>.</summary>
    public static string Freshness(FreshnessSummary? freshness)
        => freshness is { } f ? $"{Short(f.P50)} / {Short(f.P95)} / {Short(f.Max)}" : "-";

    /// <summary>Unseen codes with their counts, most frequent first: <c>MX 53, CA 52</c>.</summary>
    public static string Codes(FeatureReport feature)
        => string.Join(", ", feature.UnseenCodes.Select(c => $"{c.Code} {c.Count.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Mismatches over comparisons, or <c>-</c>.</summary>
    public static string Parity(ParityResult? parity)
        => parity is { } p ? $"{p.Mismatched}/{p.Compared}" : "-";

    /// <summary>
    /// A duration for people: rounded to the minute from an hour on, else to the second, in the row codec's ISO form
    /// without its <c>PT</c> prefix, lower-case (<c>8h</c>, <c>31h29m</c>, <c>2m5s</c>).
    /// </summary>
    public static string Short(Duration duration)
    {
        Duration unit = (duration < Duration.Zero ? -duration : duration) >= Duration.FromHours(1) ? Duration.FromMinutes(1) : Duration.FromSeconds(1);
        string iso = RowCodec.FormatDuration(unit * Math.Round(duration / unit, MidpointRounding.AwayFromZero));
        return iso.StartsWith("PT", System.StringComparison.Ordinal) ? iso[2..].ToLowerInvariant() : iso;
    }
}
