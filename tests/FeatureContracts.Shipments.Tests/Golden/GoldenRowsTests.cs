using System;
using System.IO;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Shipments;
using FeatureContracts.Testing;

namespace FeatureContracts.Shipments.Tests.Golden;

/// <summary>
/// The transform-version guard for late_delivery v1: its rows for a seeded set of fixture histories are kept in
/// late_delivery_v1.rows.jsonl; a change of output under the same transform version fails with a value-by-value diff.
/// </summary>
public sealed class GoldenRowsTests
{
    private static string Folder() => Path.Combine(SourceTree.Root("FeatureContracts.sln"), "tests", "FeatureContracts.Shipments.Tests", "Golden");

    private static string GoldenPath => Path.Combine(Folder(), "late_delivery_v1.rows.jsonl");

    private static string Render()
    {
        var scenario = new ServingScenario(orders: 60, seed: 2026);
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(scenario.Events);
        return GoldenRows.Render(ShipmentTransform.LateDeliveryV1, store, scenario.Points.Select(p => (p.OrderId, p.PredictionTime)));
    }

    [Fact]
    public void Late_delivery_v1_rows_match_their_golden_file_for_its_transform_version()
    {
        var scenario = new ServingScenario(orders: 60, seed: 2026);
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(scenario.Events);

        ShipmentTransform.LateDeliveryV1.Should().MatchGoldenRows(GoldenPath, store, scenario.Points.Select(p => (p.OrderId, p.PredictionTime)));
    }

    [Fact]
    public void Late_delivery_v1_is_leak_free_over_the_golden_fixture()
    {
        // Late records, amendments, full ties: at every point the row from the whole log is the row as known then.
        var scenario = new ServingScenario(orders: 60, seed: 2026);

        ShipmentTransform.LateDeliveryV1.Should().BeLeakFreeOver(scenario.Events, scenario.Points.Select(p => (p.OrderId, p.PredictionTime)));
    }

    [Fact]
    public void The_fixture_reaches_rows_rejections_fills_and_missing_values()
    {
        string golden = File.ReadAllText(GoldenPath);

        golden.Should().Contain("\"rejected\":[\"entity_not_known\"]").And.Contain("\"rejected\":[\"outcome_already_known");
        golden.Should().Contain("\"hours_since_last_scan\":168").And.Contain("\"origin_backlog\":null").And.Contain("\"carrier\":\"other\"");
    }

    [Fact]
    public void A_changed_value_under_the_same_version_fails_naming_the_entity_the_column_and_both_values()
    {
        string golden = Render();
        string line = golden.Split('\n').First(l => l.Contains("\"origin_backlog\":", StringComparison.Ordinal) && !l.Contains("\"origin_backlog\":null", StringComparison.Ordinal));
        int start = line.IndexOf("\"origin_backlog\":", StringComparison.Ordinal) + "\"origin_backlog\":".Length;
        int end = line.IndexOf(',', start);
        string changed = line[..start] + "12345" + line[end..];
        string entity = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("entity_id").GetString()!;

        Action compare = () => GoldenRows.Compare(golden.Replace(line, changed, StringComparison.Ordinal), golden, ShipmentTransform.LateDeliveryV1.Domain.TransformVersion);

        compare.Should().Throw<GoldenRowsException>()
            .WithMessage($"*changed while its version did not (1 differences)*{entity} at *: origin_backlog 12345 → {line[start..end]}*");
    }

    [Fact]
    public void A_new_transform_version_asks_for_the_golden_rows_to_be_written_anew()
    {
        string golden = Render();
        string version = ShipmentTransform.LateDeliveryV1.Domain.TransformVersion;
        string older = golden.Replace($"\"transform_version\":\"{version}\"", "\"transform_version\":\"shipments-0.9.0\"", StringComparison.Ordinal);

        Action compare = () => GoldenRows.Compare(older, golden.Replace("\"carrier\":\"other\"", "\"carrier\":\"zipzap\"", StringComparison.Ordinal), version);

        compare.Should().Throw<GoldenRowsException>().WithMessage($"*changed from shipments-0.9.0 to {version}*FEATURECONTRACTS_UPDATE_GOLDEN=1*");
    }
}
