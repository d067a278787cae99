using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Monitoring;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// The live monitor over late_delivery v1, whose origin_backlog declares: null rate above 25% falls back, freshness p95
/// above 5 h pauses promotions (max age 6 h).
/// </summary>
public sealed class LiveMonitorTests
{
    private const int Orders = 100;
    private static readonly Instant Midnight = Instant.FromUtc(2026, 5, 1, 0, 0);
    private static readonly Instant Nine = Midnight + Duration.FromHours(9);
    private static readonly Instant Twenty = Midnight + Duration.FromHours(20);
    private static readonly Instant TwentyOne = Midnight + Duration.FromHours(21);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static readonly LiveMonitorOptions Window100 = new() { WindowSize = 100, MinimumRows = 50 };

    /// <summary>
    /// Orders placed at midnight from WH-HAM, each scanned at 08:00; the warehouse's backlog is measured every hour until
    /// 12:00, then its feed dies. At 09:00 every row is fresh; at 20:00 the backlog is 8 h old, beyond its 6 h max age.
    /// </summary>
    private static HistoryStore Store()
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        for (int n = 0; n < Orders; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D3}");
            store.Append(new OrderPlaced(id, Midnight, "northline", 500, false, "WH-HAM", new LocalDate(2026, 5, 3), Berlin));
            store.Append(new Scan(id, Midnight + Duration.FromHours(8)));
        }

        for (int h = 0; h <= 12; h++)
        {
            store.Append(new BacklogMeasured("WH-HAM", 10 + h, Midnight + Duration.FromHours(h)));
        }

        return store;
    }

    private static OnlineScorer Scorer(HistoryStore store, ScorerOptions options)
        => new(store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), new FakeClock(Nine), options);

    private static string Order(int i) => string.Create(CultureInfo.InvariantCulture, $"O-{i % Orders:D3}");

    [Fact]
    public void A_dead_feed_fails_the_monitor_the_scorer_fails_closed_and_scoring_resumes_once_the_window_recovers()
    {
        HistoryStore store = Store();
        var monitor = new LiveMonitor(LateDeliveryContract.V1, Window100);
        OnlineScorer scorer = Scorer(store, new ScorerOptions { Monitor = monitor, FailClosedWhenMonitorFails = true });

        // 100 fresh rows at 09:00: everything passes.
        Enumerable.Range(0, 100).Select(i => scorer.ScoreAt(Order(i), Nine)).Should().OnlyContain(r => r.IsScored);
        monitor.Verdict().Overall.Should().Be(Verdict.Pass);

        // The feed died at 12:00. With k stale rows in the window of 100, the p95 of the backlog lags (rank 95) is a stale
        // 8 h lag once 100 − k < 95, i.e. from k = 6; the null rate k/100 is above 25% from k = 26.
        ScoreResult[] stale = [.. Enumerable.Range(0, 40).Select(i => scorer.ScoreAt(Order(i), Twenty))];
        stale.Take(5).Should().OnlyContain(r => r.IsScored, "five stale lags of 100 leave the p95 fresh");
        stale.Skip(5).Should().OnlyContain(r => !r.IsScored);
        stale[5].Reasons.Should().ContainSingle().Which.Should().Match<NotScoredReason>(r =>
            r.Code == NotScoredCode.MonitorFailing && r.Feature == "origin_backlog" && r.Message.Contains("freshness") && r.Message.Contains("pause_model_promotions"));
        stale[25].Reasons.Select(r => r.Message).Should().ContainSingle(m => m.Contains("freshness"));
        stale[25].Reasons.Should().ContainSingle(r => r.Message.Contains("null_rate") && r.Message.Contains("fall_back") && r.Feature == "origin_backlog");
        stale[24].Reasons.Should().NotContain(r => r.Message.Contains("null_rate"), "25 of 100 is not above 25%");
        stale[25].Row.Should().NotBeNull("an accepted row that is not scored still shows what was built");

        CheckResult nullRate = monitor.Verdict().Failing.Single(c => c.Check == MonitorCheck.NullRate);
        (nullRate.Feature, nullRate.Action, nullRate.Measured).Should().Be(("origin_backlog", MonitorAction.FallBack, 0.4));

        // The feed returns at 20:30. The window holds 60 fresh and 40 stale rows; fresh rows push out the 60 older fresh
        // ones first, then the stale ones: after m fresh rows (m > 60) 100 − m stale rows remain, and the monitor passes
        // when at most 5 do, from m = 95 on (each row is observed before the verdict is read).
        store.Append(new BacklogMeasured("WH-HAM", 30, Midnight + Duration.FromMinutes((20 * 60) + 30)));
        ScoreResult[] recovered = [.. Enumerable.Range(0, 100).Select(i => scorer.ScoreAt(Order(i), TwentyOne))];
        recovered.Take(94).Should().OnlyContain(r => !r.IsScored);
        recovered.Skip(94).Should().OnlyContain(r => r.IsScored);
        monitor.Verdict().Overall.Should().Be(Verdict.Pass);
    }

    [Fact]
    public void A_monitor_without_failing_closed_only_watches()
    {
        var monitor = new LiveMonitor(LateDeliveryContract.V1, Window100);
        OnlineScorer scorer = Scorer(Store(), new ScorerOptions { Monitor = monitor });

        Enumerable.Range(0, 100).Select(i => scorer.ScoreAt(Order(i), Twenty)).Should().OnlyContain(r => r.IsScored);

        MonitorVerdict verdict = monitor.Verdict();
        verdict.Overall.Should().Be(Verdict.Fail);
        verdict.Failing.Select(c => (c.Feature, c.Check, c.Action)).Should().Equal(
            ("origin_backlog", MonitorCheck.NullRate, MonitorAction.FallBack),
            ("origin_backlog", MonitorCheck.Freshness, MonitorAction.PauseModelPromotions));
        monitor.Measures().Features.Single(f => f.Feature == "origin_backlog").NullRate.Should().Be(1);
    }

    [Fact]
    public void Rejected_rows_are_observed_too()
    {
        var monitor = new LiveMonitor(LateDeliveryContract.V1, Window100);
        OnlineScorer scorer = Scorer(Store(), new ScorerOptions { Monitor = monitor, FailClosedWhenMonitorFails = true });

        ScoreResult unknown = scorer.ScoreAt("O-999", Nine);

        unknown.Reasons.Single().Code.Should().Be(NotScoredCode.EntityNotKnown);
        MonitorMeasures measures = monitor.Measures();
        (measures.Requests, measures.Reached, measures.Accepted).Should().Be((1, 0, 0));
        measures.RejectionsByCode.Should().ContainKey("entity_not_known").WhoseValue.Should().Be(1);
    }

    [Fact]
    public void Failing_closed_without_a_monitor_or_with_one_of_another_contract_is_refused()
    {
        Action without = () => Scorer(Store(), new ScorerOptions { FailClosedWhenMonitorFails = true });
        without.Should().Throw<ArgumentException>().WithMessage("*FailClosedWhenMonitorFails*no monitor*");

        string twoHours = ContractJson.Write(LateDeliveryContract.V1).Replace("\"max_age\": \"0:06:00:00\"", "\"max_age\": \"0:02:00:00\"", StringComparison.Ordinal);
        var other = new LiveMonitor(LateDeliveryContract.FromJson(twoHours));
        Action mismatched = () => Scorer(Store(), new ScorerOptions { Monitor = other });
        mismatched.Should().Throw<ArgumentException>().WithMessage("*live monitor watches contract*");
    }

    [Fact]
    public void The_verdict_is_recomputed_only_when_the_window_changed()
    {
        var monitor = new LiveMonitor(LateDeliveryContract.V1, Window100);
        OnlineScorer scorer = Scorer(Store(), new ScorerOptions { Monitor = monitor });
        scorer.ScoreAt("O-001", Nine);

        MonitorVerdict first = monitor.Verdict();
        monitor.Verdict().Should().BeSameAs(first);
        monitor.Measures().Should().BeSameAs(monitor.Measures());

        scorer.ScoreAt("O-002", Nine);
        monitor.Verdict().Should().NotBeSameAs(first);
    }

    [Fact]
    public void Observations_from_many_threads_are_all_counted()
    {
        var monitor = new LiveMonitor(LateDeliveryContract.V1, new LiveMonitorOptions { WindowSize = 10_000 });
        var rows = Enumerable.Range(0, 50).Select(i => ShipmentTransform.LateDeliveryV1.BuildRow(Store(), Order(i), Nine)).ToArray();

        Parallel.For(0, 2000, i =>
        {
            monitor.Observe(rows[i % rows.Length]);
            _ = monitor.Verdict();
        });

        monitor.Measures().Requests.Should().Be(2000);
        monitor.Measures().Accepted.Should().Be(2000);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Action zero = () => _ = new LiveMonitor(LateDeliveryContract.V1, new LiveMonitorOptions { WindowSize = 0 });
        Action negative = () => _ = new LiveMonitor(LateDeliveryContract.V1, new LiveMonitorOptions { MinimumRows = -1 });
        zero.Should().Throw<ArgumentOutOfRangeException>();
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }
}
