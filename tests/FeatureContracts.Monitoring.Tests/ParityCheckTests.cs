using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Serving;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Monitoring.Tests;

/// <summary>
/// Offline/online parity: served rows recomputed from the event log as known at their instants through the same
/// transform. A serving path that reads a stale warehouse cache is caught, and the feature it skews is named.
/// </summary>
public sealed class ParityCheckTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static Instant At(int hour, int minute = 0) => Instant.FromUtc(2026, 5, 1, hour, minute);

    [Fact]
    public void Known_answer_a_backlog_the_cache_had_not_handed_over_is_a_mismatch_of_origin_backlog_only()
    {
        // O-1 is scanned at 09:00 and 10:30; WH-A is measured at 05:30 (18) and at 08:40 (25, recorded 08:40). With a
        // cache refreshed every 6 hours (00:00, 06:00, 12:00) the scorer has 18 from the 06:00 refresh and still sees it
        // at 09:00 and at 10:30 (3.5 h and 5 h old, within the 6 h max age), while the event log as known at both
        // instants says 25: two mismatches of origin_backlog in two rows, nothing else.
        ShipmentEvent[] events =
        [
            new OrderPlaced("O-1", At(6), "northline", 620, false, "WH-A", new LocalDate(2026, 5, 3), Berlin, At(6), "p1"),
            new BacklogMeasured("WH-A", 18, At(5, 30), At(5, 30), "b1"),
            new BacklogMeasured("WH-A", 25, At(8, 40), At(8, 40), "b2"),
            new Scan("O-1", At(9), "hub", At(9), "s1"),
            new Scan("O-1", At(10, 30), "hub", At(10, 30), "s2"),
        ];
        var served = LiveReplay.Read(LiveReplay.ServingLog(events, Duration.FromHours(6))).Select(l => l.Entry!).ToList();
        // Without the cache's fault the served backlog is 25; check the fixture delivered the stale 18.
        served.Select(e => e.Values[2].Number).Should().Equal(18, 18);

        ParitySummary parity = new ParityCheck(LiveReplay.Transform, LiveReplay.EventLog(events)).Run(served);

        parity.Eligible.Should().Be(2);
        parity.Sampled.Should().Be(2);
        parity.RecomputedRejected.Should().Be(0);
        parity.Features.Select(f => (f.Feature, f.Compared, f.Mismatched)).Should().Equal(
            ("distance_km", 2L, 0L), ("hours_since_last_scan", 2L, 0L), ("origin_backlog", 2L, 2L), ("carrier", 2L, 0L), ("expedited", 2L, 0L));
        ParityResult backlog = parity.Features[2];
        backlog.MismatchRate.Should().Be(1.0);
        backlog.Examples.Should().HaveCount(2);
        backlog.Examples.Should().ContainSingle(x => x.PredictionInstant == At(9))
            .Which.Should().Be(new ParityExample("O-1", At(9), "18", "25"));
    }

    [Fact]
    public void The_same_path_without_the_fault_has_no_mismatch()
    {
        var scenario = new ServingScenario(orders: 150, seed: 3);
        var served = LiveReplay.Read(LiveReplay.ServingLog(scenario.Events)).Select(l => l.Entry!).ToList();

        ParitySummary parity = new ParityCheck(LiveReplay.Transform, LiveReplay.EventLog(scenario.Events), sampleSize: 100_000).Run(served);

        parity.Sampled.Should().Be(served.Count(e => e.HasRow)).And.BeGreaterThan(100);
        parity.Features.Should().OnlyContain(f => f.Mismatched == 0 && f.Compared == parity.Sampled);
    }

    [Fact]
    public void A_stale_warehouse_cache_is_caught_and_names_origin_backlog()
    {
        var scenario = new ServingScenario(orders: 150, seed: 3);
        var served = LiveReplay.Read(LiveReplay.ServingLog(scenario.Events, Duration.FromHours(6))).Select(l => l.Entry!).ToList();

        ParitySummary parity = new ParityCheck(LiveReplay.Transform, LiveReplay.EventLog(scenario.Events), sampleSize: 100_000).Run(served);

        parity.Features.Where(f => f.Mismatched > 0).Select(f => f.Feature).Should().Equal("origin_backlog");
        parity.Features[2].MismatchRate.Should().BeGreaterThan(0.2);
        parity.Features[2].Examples.Should().HaveCount(3).And.OnlyContain(x => x.Served != x.Recomputed);
    }

    [Fact]
    public void The_sample_is_the_same_whatever_the_order_of_the_log_and_bounded_by_its_size()
    {
        var scenario = new ServingScenario(orders: 120, seed: 8);
        var served = LiveReplay.Read(LiveReplay.ServingLog(scenario.Events, Duration.FromHours(6))).Select(l => l.Entry!).ToList();
        var check = new ParityCheck(LiveReplay.Transform, LiveReplay.EventLog(scenario.Events), sampleSize: 40);

        ParitySummary forward = check.Run(served);
        ParitySummary backward = check.Run(Enumerable.Reverse(served));

        forward.Sampled.Should().Be(40);
        forward.Eligible.Should().Be(served.Count(e => e.HasRow));
        backward.Features.Select(f => (f.Mismatched, f.Examples.Length)).Should().Equal(forward.Features.Select(f => (f.Mismatched, f.Examples.Length)));
        backward.Features.SelectMany(f => f.Examples).Should().BeEquivalentTo(forward.Features.SelectMany(f => f.Examples));
    }

    [Fact]
    public async Task The_report_fails_on_parity_and_asks_to_repair_the_feature_path()
    {
        var scenario = new ServingScenario(orders: 150, seed: 3);
        var manifest = await LiveReplay.BaselineAsync(scenario, ServingScenario.Start + Duration.FromDays(14));
        var log = LiveReplay.Read(LiveReplay.ServingLog(scenario.Events, Duration.FromHours(6)));

        MonitoringReport report = MonitoringCheck.Run(LiveReplay.Transform, manifest, log, LiveReplay.EventLog(scenario.Events));

        report.Overall.Should().Be(Verdict.Fail);
        report.Verdict.Failing.Should().Contain(c => c.Feature == "origin_backlog" && c.Check == MonitorCheck.Parity && c.Action == MonitorAction.RepairFeaturePath);
        report.Verdict.Failing.Where(c => c.Check == MonitorCheck.Parity).Select(c => c.Feature).Should().Equal("origin_backlog");
    }
}
