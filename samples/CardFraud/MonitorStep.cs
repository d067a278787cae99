using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FeatureContracts.CardFraud;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Serving;
using NodaTime;

namespace CardFraud;

/// <summary>
/// Checks the live serving log against the training export its model was trained on, through the library (what
/// <c>featurecontracts check</c> runs): the baseline is the export's manifest, and the parity sample is recomputed from
/// the events exactly as the live path received them. Prints the console table and a line on each finding that is not
/// the injected fault, and writes the report as JSON and as one HTML page beside the export.
/// </summary>
internal static class MonitorStep
{
    public static MonitoringReport Run(string folder, string manifestPath, LiveRun run, IReadOnlyList<DomainEvent> live)
    {
        ExportManifest baseline = ExportManifest.FromJson(File.ReadAllText(manifestPath));
        var events = new HistoryStore(CardFraudDomain.Instance.Schema);
        events.AppendRange(live);
        var reader = new ServingLogReader(CardFraudTransform.V1);
        MonitoringReport report = MonitoringCheck.Run(CardFraudTransform.V1, baseline, reader.ReadFile(run.ServingLog), events);
        ReportConsole.Write(Console.Out, report);
        Explain(report, baseline.Statistics.Labels, run);

        string json = Path.Combine(folder, "report.json");
        string html = Path.Combine(folder, "report.html");
        File.WriteAllText(json, ReportJson.Write(report));
        File.WriteAllText(html, ReportHtml.Render(report));
        Console.WriteLine($"report: {json}");
        Console.WriteLine($"page: {html}");
        return report;
    }

    /// <summary>One line on each finding of normal traffic, so that the injected fault is not confused with them.</summary>
    private static void Explain(MonitoringReport report, LabelCounts training, LiveRun run)
    {
        CheckResult[] findings = [.. report.Verdict.Failing.Concat(report.Verdict.Warning)];
        if (findings.FirstOrDefault(c => c is { Feature: "merchant_risk", Check: MonitorCheck.Freshness, Limit: not null }) is { } freshness
            && report.Features.Single(f => f.Feature == "merchant_risk").Serving.Freshness is { } lags)
        {
            Console.WriteLine(
                $"not the fault: merchant_risk misses its freshness limit on normal traffic too: merchants are scored once a day (a few every third day), "
                + $"so lags reach a day (p95 {RowCodec.FormatDuration(lags.P95)}) while the contract allows a p95 of {RowCodec.FormatDuration(Duration.FromSeconds(freshness.Limit ?? 0))}; "
                + "the contract's limit is for its owners to revisit");
        }

        string[] drifting = [.. findings.Where(c => c.Check == MonitorCheck.Drift && c.Feature is "amount" or "authorizations_on_card_24h").Select(c => c.Feature).Distinct()];
        if (drifting.Length > 0)
        {
            double trainingShare = (double)training.Positive / (training.Positive + training.Negative);
            double liveShare = (double)run.ChargedBack / run.Judged;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"not the fault: {string.Join(" and ", drifting)} drift because these three days hold fewer compromised-card bursts (large, rapid payments) "
                + $"than the training weeks: {liveShare * 100:0.0}% of live authorizations were charged back, {trainingShare * 100:0.0}% of exported rows"));
        }
    }
}
