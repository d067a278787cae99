using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

public sealed class ScorerMetricsTests
{
    private static readonly Instant Nine = OnlineScorerTests.Nine;
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>
    /// Seven requests at 09:00 with known answers: O-1 plain, O-2 an unseen carrier, O-3 a scan 240 h old (clamped at
    /// 168 h), O-4 from a warehouse never measured (backlog missing) are scored; O-5 without a distance and O-6 with a
    /// distance of 50,000 km are rejected; O-404 is not known.
    /// </summary>
    private static HistoryStore Store()
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        Instant eight = Nine - Duration.FromHours(1);
        Instant halfPastEight = Nine - Duration.FromMinutes(30);
        var promised = new LocalDate(2026, 5, 3);
        store.Append(new BacklogMeasured("WH-A", 12, eight));
        foreach ((string id, string carrier, double? distance, string origin) in (List<(string, string, double?, string)>)
            [("O-1", "northline", 100, "WH-A"), ("O-2", "zipzap", 100, "WH-A"), ("O-4", "northline", 100, "WH-NEVER"), ("O-5", "northline", null, "WH-A"), ("O-6", "northline", 50_000, "WH-A")])
        {
            store.Append(new OrderPlaced(id, eight, carrier, distance, false, origin, promised, Berlin));
            store.Append(new Scan(id, halfPastEight));
        }

        store.Append(new OrderPlaced("O-3", Nine - Duration.FromDays(11), "northline", 100, false, "WH-A", promised, Berlin));
        store.Append(new Scan("O-3", Nine - Duration.FromDays(10)));
        return store;
    }

    private static void ScoreAll(ScorerMetrics metrics)
    {
        var scorer = new OnlineScorer(
            Store(), ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(Nine), new ScorerOptions { Metrics = metrics });
        foreach (string id in (string[])["O-1", "O-2", "O-3", "O-4", "O-5", "O-6", "O-404"])
        {
            scorer.Score(id);
        }
    }

    /// <summary>Each measurement as (value, tags sorted by name as name=value).</summary>
    private static List<(T Value, string Tags)> Measurements<T>(MetricCollector<T> collector)
        where T : struct
        => [.. collector.GetMeasurementSnapshot()
            .Select(m => (m.Value, string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))))];

    /// <summary>The counter's totals by tags, sorted.</summary>
    private static List<string> Totals(MetricCollector<long> collector)
        => [.. Measurements(collector).GroupBy(m => m.Tags).Select(g => $"{g.Key}: {g.Sum(m => m.Value)}").Order(StringComparer.Ordinal)];

    private const string Contract = "featurecontracts.contract=late_delivery";

    [Fact]
    public void Counters_count_scored_and_not_scored_requests_by_reason_with_their_names_and_units()
    {
        using var metrics = new ScorerMetrics();
        using var scored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.scored");
        using var notScored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.not_scored");

        ScoreAll(metrics);

        scored.Instrument!.Unit.Should().Be("{score}");
        notScored.Instrument!.Unit.Should().Be("{request}");
        scored.Instrument.Meter.Name.Should().Be("FeatureContracts");
        Totals(scored).Should().Equal($"{Contract}: 4");
        Totals(notScored).Should().Equal(
            $"{Contract},featurecontracts.reason=entity_not_known: 1",
            $"{Contract},featurecontracts.reason=row_rejected: 2");
    }

    [Fact]
    public void The_duration_histogram_records_every_call_in_seconds_by_outcome()
    {
        using var metrics = new ScorerMetrics();
        using var duration = new MetricCollector<double>(metrics.Meter, "featurecontracts.scorer.duration");

        ScoreAll(metrics);

        duration.Instrument!.Unit.Should().Be("s");
        List<(double Value, string Tags)> measured = Measurements(duration);
        measured.GroupBy(m => m.Tags).Select(g => $"{g.Key}: {g.Count()}").Order(StringComparer.Ordinal).Should().Equal(
            $"{Contract},featurecontracts.outcome=not_scored: 3",
            $"{Contract},featurecontracts.outcome=scored: 4");
        measured.Should().OnlyContain(m => m.Value >= 0 && double.IsFinite(m.Value));
    }

    [Fact]
    public void Feature_counters_count_notes_of_built_rows_and_rejections_naming_a_feature()
    {
        using var metrics = new ScorerMetrics();
        using var missing = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.missing");
        using var unseen = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.unseen");
        using var clamped = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.clamped");
        using var outOfRange = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.out_of_range");

        ScoreAll(metrics);

        foreach (MetricCollector<long> collector in (MetricCollector<long>[])[missing, unseen, clamped, outOfRange])
        {
            collector.Instrument!.Unit.Should().Be("{value}");
        }

        // O-4's backlog is missing (never measured) and O-5's distance is rejected as missing.
        Totals(missing).Should().Equal(
            $"{Contract},featurecontracts.feature=distance_km: 1",
            $"{Contract},featurecontracts.feature=origin_backlog: 1");
        Totals(unseen).Should().Equal($"{Contract},featurecontracts.feature=carrier: 1");
        Totals(clamped).Should().Equal($"{Contract},featurecontracts.feature=hours_since_last_scan: 1");
        Totals(outOfRange).Should().Equal($"{Contract},featurecontracts.feature=distance_km: 1");
    }

    [Fact]
    public void The_freshness_histogram_gets_each_cell_s_lag_in_seconds()
    {
        using var metrics = new ScorerMetrics();
        using var freshness = new MetricCollector<double>(metrics.Meter, "featurecontracts.feature.freshness");

        ScoreAll(metrics);

        freshness.Instrument!.Unit.Should().Be("s");

        // Built rows O-1..O-4 in order. Order placed at 08:00: 3600 s (O-3: 11 days, 950,400 s); scan at 08:30: 1800 s
        // (O-3: 10 days, 864,000 s); WH-A backlog at 08:00: 3600 s (O-4's warehouse has none: no lag).
        List<(double Value, string Tags)> measured = Measurements(freshness);
        string Of(string feature) => $"{Contract},featurecontracts.feature={feature}";
        measured.Where(m => m.Tags == Of("distance_km")).Select(m => m.Value).Should().Equal(3600, 3600, 950_400, 3600);
        measured.Where(m => m.Tags == Of("hours_since_last_scan")).Select(m => m.Value).Should().Equal(1800, 1800, 864_000, 1800);
        measured.Where(m => m.Tags == Of("origin_backlog")).Select(m => m.Value).Should().Equal(3600, 3600, 3600);
        measured.Where(m => m.Tags == Of("carrier")).Select(m => m.Value).Should().Equal(3600, 3600, 950_400, 3600);
        measured.Where(m => m.Tags == Of("expedited")).Select(m => m.Value).Should().Equal(3600, 3600, 950_400, 3600);
        measured.Should().HaveCount(19);
    }

    [Fact]
    public void A_result_with_the_same_reason_code_twice_counts_once_for_that_code()
    {
        // A row rejected for two features gives two row_rejected reasons: one request not scored for that reason.
        using var metrics = new ScorerMetrics();
        using var notScored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.not_scored");
        var rejected = Rows.RowResult.Rejected("O-9", Nine, [
            new Rows.RowRejection("distance_km", Rows.RejectionCode.MissingValue, null, "m"),
            new Rows.RowRejection("carrier", Rows.RejectionCode.UnseenCategory, "zipzap", "u")]);
        ScoreResult result = ScoreResult.NotScored("order_id", rejected, [
            new NotScoredReason(NotScoredCode.RowRejected, "distance_km", "m"),
            new NotScoredReason(NotScoredCode.RowRejected, "carrier", "u")], "fp", "m@1");

        metrics.Record("late_delivery", result, 0.001);

        Totals(notScored).Should().Equal($"{Contract},featurecontracts.reason=row_rejected: 1");
    }

    [Fact]
    public void A_scorer_without_metrics_records_nothing()
    {
        using var metrics = new ScorerMetrics();
        using var scored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.scored");
        var scorer = new OnlineScorer(Store(), ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(Nine));

        scorer.Score("O-1");

        scorer.Options.Metrics.Should().BeNull();
        scored.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public void WithMetrics_keeps_every_other_option()
    {
        using var metrics = new ScorerMetrics();
        var options = new ScorerOptions { FailClosedOnStaleFeatures = true };

        ScorerOptions copy = options.WithMetrics(metrics);

        copy.Should().NotBeSameAs(options);
        copy.FailClosedOnStaleFeatures.Should().BeTrue();
        copy.Metrics.Should().BeSameAs(metrics);
        options.Metrics.Should().BeNull();
    }

    [Fact]
    public void The_metrics_count_each_feature_by_the_rule_the_monitors_count_by()
    {
        // One rule (CellHealthRules) for both: over the same requests, the metric totals per feature equal the live
        // monitor's counts, rejections included.
        var scenario = new ServingScenario(orders: 200, seed: 17);
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(scenario.Events);
        using var metrics = new ScorerMetrics();
        using var missing = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.missing");
        using var unseen = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.unseen");
        using var clamped = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.clamped");
        using var outOfRange = new MetricCollector<long>(metrics.Meter, "featurecontracts.feature.out_of_range");
        var monitor = new LiveMonitor(ShipmentTransform.LateDeliveryV1.Contract, new LiveMonitorOptions { WindowSize = 10_000 });
        var scorer = new OnlineScorer(
            store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(Nine), new ScorerOptions { Metrics = metrics, Monitor = monitor });
        foreach (ScenarioPoint point in scenario.Points)
        {
            scorer.ScoreAt(point.OrderId, point.PredictionTime);
        }

        long Total(MetricCollector<long> collector, string feature)
            => collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["featurecontracts.feature"], feature)).Sum(m => m.Value);

        var measures = monitor.Measures();
        measures.Requests.Should().Be(scenario.Points.Count);
        measures.Features.Sum(f => f.NoValue + f.Unseen + f.OutOfRange).Should().BeGreaterThan(0, "the scenario must exercise the rule");
        foreach (var feature in measures.Features)
        {
            Total(missing, feature.Feature).Should().Be(feature.NoValue, feature.Feature);
            Total(unseen, feature.Feature).Should().Be(feature.Unseen, feature.Feature);
            (Total(clamped, feature.Feature) + Total(outOfRange, feature.Feature)).Should().Be(feature.OutOfRange, feature.Feature);
        }
    }
}
