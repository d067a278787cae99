using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments;
using NodaTime;

namespace FeatureContracts.Cli.Tests;

/// <summary>
/// <c>featurecontracts check</c>: a serving log checked against its training export's manifest (made by the tool's own
/// export) and the event log; the exit code says whether the verdict is failing.
/// </summary>
public sealed class CheckCommandTests : CliTestBase
{
    private readonly ServingScenario _scenario = new(orders: 150, seed: 3);
    private readonly string _events;
    private readonly string _manifest;

    public CheckCommandTests()
    {
        _events = PathOf("events.jsonl");
        using (FileStream file = File.Create(_events))
        using (var writer = new EventLogWriter(ShipmentDomain.Instance.Schema, file))
        {
            foreach (var e in _scenario.Events)
            {
                writer.Write(e);
            }
        }

        // The training points are the instants the service scores at: every scan, when it is recorded.
        File.WriteAllLines(PathOf("points.csv"), [
            "order_id,prediction_time",
            .. _scenario.Events.OfType<Shipments.Events.Scan>().Select(s => $"{s.OrderId},{Rows.RowCodec.FormatInstant(s.RecordedAt)}"),
        ]);
        CliRun export = Run("export", "--events", _events, "--points", PathOf("points.csv"), "--out", PathOf("rows.csv"), "--snapshot", "2026-06-01T00:00:00Z");
        export.ExitCode.Should().Be(0, export.ToString());
        _manifest = PathOf("rows.csv.manifest.json");
    }

    private string ServingLog(string name, Duration? warehouseCacheRefresh)
    {
        string path = PathOf(name);
        File.WriteAllText(path, LiveReplay.ServingLog(_scenario.Events, warehouseCacheRefresh));
        return path;
    }

    [Fact]
    public void A_stale_warehouse_cache_fails_the_check_with_exit_2_naming_the_feature_and_the_action()
    {
        string log = ServingLog("stale.jsonl", Duration.FromHours(6));

        CliRun run = Run("check", "--baseline", _manifest, "--serving-log", log, "--events", _events, "--json", PathOf("report.json"), "--html", PathOf("report.html"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Output.Should().Contain("verdict: FAIL");
        run.Output.Should().MatchRegex(@"(?m)^  fail origin_backlog: .*-> repair the feature path$");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("report.json")));
        report.RootElement.GetProperty("verdict").GetString().Should().Be("fail");
        File.ReadAllText(PathOf("report.html")).Should().StartWith("<!DOCTYPE html>").And.Contain("id=\"feature-origin_backlog\"");
    }

    [Fact]
    public void The_same_traffic_without_the_fault_passes_its_parity_check()
    {
        string log = ServingLog("healthy.jsonl", warehouseCacheRefresh: null);

        CliRun run = Run("check", "--baseline", _manifest, "--serving-log", log, "--events", _events);

        run.Output.Should().MatchRegex(@"(?m)^origin_backlog .* 0/[1-9][0-9]* +\w+$", run.ToString());
        run.Output.Should().NotContain("parity mismatch");
        run.ExitCode.Should().Be(run.Output.Contains("verdict: FAIL", StringComparison.Ordinal) ? 2 : 0, run.ToString());
    }

    [Fact]
    public void A_manifest_of_another_contract_is_unusable_input_naming_both_fingerprints()
    {
        string log = ServingLog("healthy.jsonl", warehouseCacheRefresh: null);

        CliRun run = Run("check", "--domain", "card-fraud", "--baseline", _manifest, "--serving-log", log, "--events", _events);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain(Shipments.Contract.LateDeliveryContract.V1.Fingerprint).And.Contain(CardFraud.Contract.CardFraudContract.V1.Fingerprint);
    }

    [Fact]
    public void A_missing_serving_log_is_unusable_input()
    {
        CliRun run = Run("check", "--baseline", _manifest, "--serving-log", PathOf("nowhere.jsonl"), "--events", _events);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("nowhere.jsonl");
    }

    [Fact]
    public void The_JSON_report_is_the_same_bytes_on_every_run()
    {
        string log = ServingLog("stale.jsonl", Duration.FromHours(6));

        Run("check", "--baseline", _manifest, "--serving-log", log, "--events", _events, "--json", PathOf("a.json"), "--html", PathOf("a.html"));
        Run("check", "--baseline", _manifest, "--serving-log", log, "--events", _events, "--json", PathOf("b.json"), "--html", PathOf("b.html"));

        File.ReadAllBytes(PathOf("b.json")).Should().Equal(File.ReadAllBytes(PathOf("a.json")));
        File.ReadAllBytes(PathOf("b.html")).Should().Equal(File.ReadAllBytes(PathOf("a.html")));
    }
}
