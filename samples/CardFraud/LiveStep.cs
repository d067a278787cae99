using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Models;
using FeatureContracts.Serving;
using NodaTime;
using NodaTime.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CardFraud;

/// <summary>What the live replay left: its serving log, and how many of its scored authorizations the labels judge and call chargebacks.</summary>
internal sealed record LiveRun(string ServingLog, int Judged, int ChargedBack);

/// <summary>
/// Replays days of the log as live traffic: events arrive in the order they were recorded, every event recorded at an
/// instant before anything is scored at that instant ("as known at T"), and each authorization is scored at the instant
/// it is requested, through the transform the export used. Every result, scored or not, goes to the serving log
/// (<c>serving.jsonl</c>), which the monitoring step checks against the training export. The scores are then judged against
/// the labels the full log gives at the snapshot. The scorer's metrics go through OpenTelemetry (an in-memory exporter
/// here; a service would add an OTLP or Prometheus exporter), and what was exported is printed: counts only, never
/// durations, so the output is the same on every run.
/// </summary>
internal static class LiveStep
{
    /// <summary>Scores the authorizations of <paramref name="live"/> requested in [from, to).</summary>
    /// <param name="live">The events the service receives, in the order they were recorded; none recorded at or after <paramref name="to"/>.</param>
    /// <param name="log">The whole generated log, whose labels the scores are judged against.</param>
    public static LiveRun Run(IReadOnlyList<DomainEvent> live, PaymentLog log, LogisticRegressionModel model, Instant from, Instant to, Instant snapshot, string folder)
    {
        var exported = new List<MetricSnapshot>();
        using MeterProvider meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ScorerMetrics.MeterName)
            .AddInMemoryExporter(exported)
            .Build();
        using var metrics = new ScorerMetrics();
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        var clock = new FakeClock(from);
        var scorer = new OnlineScorer(store, CardFraudTransform.V1, CardFraudContract.Vectorizer(), model, clock, new ScorerOptions { Metrics = metrics });
        var scores = new List<(string Id, double Score)>();
        int notScored = 0;
        string servingLog = Path.Combine(folder, "serving.jsonl");
        using (var serving = new ServingLogWriter(File.Create(servingLog), leaveOpen: false))
        {
            // Events recorded at one instant all arrive before anything is scored at that instant: "as known at T".
            foreach (IGrouping<Instant, DomainEvent> arrivals in live.GroupBy(e => e.RecordedAt).OrderBy(g => g.Key))
            {
                store.AppendRange(arrivals);
                if (arrivals.Key < from)
                {
                    continue;
                }

                clock.Reset(arrivals.Key);
                foreach (AuthorizationRequested requested in arrivals.OfType<AuthorizationRequested>())
                {
                    ScoreResult result = scorer.Score(requested.AuthorizationId);
                    serving.Write(result);
                    if (result.IsScored)
                    {
                        scores.Add((requested.AuthorizationId, result.Score!.Value));
                    }
                    else
                    {
                        notScored++;
                    }
                }
            }
        }

        // The labels as the whole log knows them at the snapshot.
        var known = new HistoryStore(CardFraudDomain.Instance.Schema);
        known.AppendRange(log.Events.Where(e => e.RecordedAt <= snapshot));
        var judged = scores
            .Select(s => (s.Score, Label: CardFraudTransform.V1.LabelAt(known, s.Id, snapshot)))
            .Where(s => s.Label.IsKnown)
            .Select(s => (s.Score, s.Label.Value!.Value))
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scored {scores.Count} authorizations live ({notScored} not scored); against the labels known at {snapshot}: AUC {BinaryMetrics.Auc(judged):0.000} over {judged.Count}"));
        foreach (var (id, score) in scores.OrderByDescending(s => s.Score).Take(3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  riskiest: {id} P(chargeback) = {score:0.000}"));
        }

        meters.ForceFlush();
        PrintExported(exported);
        Console.WriteLine($"serving log: {scores.Count + notScored} results, scored or not, in {servingLog}");
        return new LiveRun(servingLog, judged.Count, judged.Count(j => j.Value));
    }

    /// <summary>
    /// The last export of each instrument (the totals are cumulative): counter sums and histogram counts by tag, in
    /// name order. Durations and lags vary from run to run and machine to machine, so only counts are printed.
    /// </summary>
    private static void PrintExported(List<MetricSnapshot> exported)
    {
        var contracts = new SortedSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (MetricSnapshot metric in exported.GroupBy(m => m.Name).Select(g => g.Last()).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            bool histogram = metric.MetricType == MetricType.Histogram;
            var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (MetricPoint point in metric.MetricPoints)
            {
                var tags = new List<string>();
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    if (tag.Key == "featurecontracts.contract")
                    {
                        contracts.Add($"{tag.Value}");
                    }
                    else
                    {
                        tags.Add($"{tag.Value}");
                    }
                }

                string key = tags.Count == 0 ? "all" : string.Join(",", tags.Order(StringComparer.Ordinal));
                totals[key] = totals.GetValueOrDefault(key) + (histogram ? point.GetHistogramCount() : point.GetSumLong());
            }

            string what = histogram ? "histogram counts" : "totals";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {metric.Name} [{metric.Unit}] {what}: {string.Join(", ", totals.Select(t => $"{t.Key}={t.Value}"))}"));
        }

        Console.WriteLine($"exported through OpenTelemetry (meter {ScorerMetrics.MeterName}, contract {string.Join(", ", contracts)}):");
        lines.ForEach(Console.WriteLine);
    }
}
